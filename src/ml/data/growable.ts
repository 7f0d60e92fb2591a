/**
 * Growable typed arrays for reading a file column by column: values go into fixed-size blocks, so
 * growing never copies, and one exact-size array is made at the end.
 */

const BLOCK = 65_536;
const EMPTY = new Float64Array(0);

/** A Float64Array that grows by appending. */
export class GrowableFloat64 {
  private readonly blocks: Float64Array[] = [];
  private current = new Float64Array(BLOCK);
  private used = 0;
  length = 0;

  push(value: number): void {
    if (this.used === BLOCK) {
      this.blocks.push(this.current);
      this.current = new Float64Array(BLOCK);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.length += 1;
  }

  /**
   * The values pushed, as one array of exactly their length; the blocks are let go as they are copied
   * (so only one column is held twice at a time), and the array is empty afterwards.
   */
  take(): Float64Array {
    const out = new Float64Array(this.length);
    let at = 0;
    for (let i = 0; i < this.blocks.length; i += 1) {
      out.set(this.blocks[i], at);
      at += BLOCK;
      this.blocks[i] = EMPTY;
    }
    out.set(this.current.subarray(0, this.used), at);
    this.blocks.length = 0;
    this.current = new Float64Array(BLOCK);
    this.used = 0;
    this.length = 0;
    return out;
  }
}
