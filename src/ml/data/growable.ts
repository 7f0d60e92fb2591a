/**
 * Growable typed arrays for reading a file column by column: values go into fixed-size blocks, so
 * growing never copies, and one exact-size array is made at the end.
 */

const BLOCK = 65_536;

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

  /** The values pushed so far, as one array of exactly their length. */
  toArray(): Float64Array {
    const out = new Float64Array(this.length);
    let at = 0;
    for (const block of this.blocks) {
      out.set(block, at);
      at += BLOCK;
    }
    out.set(this.current.subarray(0, this.used), at);
    return out;
  }
}
