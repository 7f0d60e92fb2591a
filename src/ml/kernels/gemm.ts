/**
 * The matrix products of the fused recurrent layers (`gru-math.ts`, `lstm-math.ts`) on one flat
 * float32 heap: a WebAssembly SIMD (f32x4) kernel (`gemm-simd.wat`, bytes in `gemm-simd.wasm.ts`)
 * when the engine validates SIMD, else plain JavaScript with the same interface. Offsets and strides
 * are in floats. Calls are synchronous and never nested, so the heap is scratch space for one call.
 */
import { GEMM_SIMD_WASM_BASE64 } from './gemm-simd.wasm.ts';

export interface MatKernels {
  /** True when the products run in WebAssembly SIMD. */
  readonly simd: boolean;
  /** Grows the heap to hold at least `floats` floats, keeping its contents; returns a view of it (earlier views may be detached). */
  heap(floats: number): Float32Array;
  /**
   * C[i·ldc + j] += Σ_k A[i·sai + k·sak] · B[k·ldb + j] for i < m, j < n, k < kk
   * (A may be transposed through its strides; rows of B and C are contiguous).
   */
  gemm(m: number, n: number, kk: number, a: number, sai: number, sak: number, b: number, ldb: number, c: number, ldc: number): void;
  /** The elementwise part of a GRU step in SIMD (units a multiple of 4), when the products run in SIMD. */
  readonly gru?: GruKernels;
}

/**
 * The elementwise GRU step kernels of `gemm-simd.wat` (the equations of `gru-math.ts`): offsets are the
 * starts of the heap arrays in floats, `hard` is 1 for tfjs' hardSigmoid gate and 0 for the sigmoid.
 */
export interface GruKernels {
  fwdGates(B: number, T: number, U: number, t: number, g: number, z: number, r: number, h: number, rh: number, hard: number): void;
  fwdOut(B: number, T: number, U: number, t: number, g: number, z: number, hh: number, h: number): void;
  bwdA(B: number, T: number, U: number, t: number, g: number, z: number, r: number, hh: number, h: number, dH: number, dG: number, rh: number, dRh: number, hard: number): void;
  bwdB(B: number, T: number, U: number, t: number, g: number, r: number, h: number, dH: number, dG: number, dRh: number, hard: number): void;
}

class JsKernels implements MatKernels {
  readonly simd = false;
  private view = new Float32Array(1 << 14);

  heap(floats: number): Float32Array {
    if (this.view.length < floats) {
      // Keep the contents, as a growing WebAssembly memory does (an in-place forward state lives here).
      const grown = new Float32Array(Math.max(floats, 2 * this.view.length));
      grown.set(this.view);
      this.view = grown;
    }
    return this.view;
  }

  gemm(m: number, n: number, kk: number, a: number, sai: number, sak: number, b: number, ldb: number, c: number, ldc: number): void {
    const h = this.view;
    for (let i = 0; i < m; i++) {
      const aRow = a + i * sai;
      const cRow = c + i * ldc;
      for (let k = 0; k < kk; k++) {
        const av = h[aRow + k * sak];
        if (av === 0) continue;
        const bRow = b + k * ldb;
        for (let j = 0; j < n; j++) h[cRow + j] += av * h[bRow + j];
      }
    }
  }
}

type GemmExport = (m: number, n: number, kk: number, a: number, sai: number, sak: number, b: number, ldb: number, c: number, ldc: number) => void;

class SimdKernels implements MatKernels {
  readonly simd = true;
  private readonly memory: WebAssembly.Memory;
  private view: Float32Array;
  readonly gemm: GemmExport;
  readonly gru: GruKernels;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    const exports = instance.exports as Record<string, unknown>;
    this.memory = exports.memory as WebAssembly.Memory;
    this.gemm = exports.gemm as GemmExport;
    this.gru = {
      fwdGates: exports.gru_fwd_gates as GruKernels['fwdGates'],
      fwdOut: exports.gru_fwd_out as GruKernels['fwdOut'],
      bwdA: exports.gru_bwd_a as GruKernels['bwdA'],
      bwdB: exports.gru_bwd_b as GruKernels['bwdB'],
    };
    this.view = new Float32Array(this.memory.buffer);
  }

  heap(floats: number): Float32Array {
    const bytes = floats * 4;
    if (this.memory.buffer.byteLength < bytes) {
      this.memory.grow(Math.ceil((bytes - this.memory.buffer.byteLength) / 65536));
    }
    if (this.view.buffer !== this.memory.buffer || this.view.length === 0) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let simdModule: WebAssembly.Module | null | undefined;
/** The compiled SIMD module, or null when WebAssembly or its SIMD proposal is unavailable. */
function loadSimdModule(): WebAssembly.Module | null {
  if (simdModule !== undefined) return simdModule;
  simdModule = null;
  try {
    if (typeof WebAssembly === 'object') {
      const bytes = decodeBase64(GEMM_SIMD_WASM_BASE64);
      if (WebAssembly.validate(bytes)) simdModule = new WebAssembly.Module(bytes);
    }
  } catch {
    simdModule = null;
  }
  return simdModule;
}

/** `FUSED_SIMD=0` in Node forces the JavaScript path (benchmark A/B). */
function envDefault(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.FUSED_SIMD !== '0';
}

let preferSimd = envDefault();
let jsKernels: JsKernels | null = null;
let simdKernels: SimdKernels | null = null;

/** Chooses the SIMD kernel (when supported) or the JavaScript one for the fused layers. */
export function setPreferSimd(prefer: boolean): void {
  preferSimd = prefer;
}

/** True when the engine can run the SIMD kernel. */
export function simdSupported(): boolean {
  return loadSimdModule() !== null;
}

/** The kernels the fused layers use now. */
export function matKernels(): MatKernels {
  if (preferSimd) {
    const module = loadSimdModule();
    if (module) return (simdKernels ??= new SimdKernels(module));
  }
  return (jsKernels ??= new JsKernels());
}
