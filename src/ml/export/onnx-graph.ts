/**
 * A small builder of ONNX graphs: nodes with typed attributes, weights as initializers, unique value
 * names, and values that remember their axis order so that a layer asks for the layout it needs and
 * gets one `Transpose` at most. No TensorFlow.js.
 */
import { ONNX_ATTRIBUTE_TYPE, ONNX_DTYPE, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './onnx-proto.ts';

/**
 * Axis order of a value: `btf` batch × time × features (the layout of model.json's layers), `tbf`
 * time-major (ONNX's recurrent ops), `bft` channels-first (ONNX's `Conv`), `bf` a matrix.
 */
export type Layout = 'btf' | 'tbf' | 'bft' | 'bf';

/** A value in the graph and its axis order. */
export interface OnnxValue {
  readonly name: string;
  readonly layout: Layout;
}

const PERMUTATIONS: Readonly<Record<string, readonly number[]>> = {
  'btf>tbf': [1, 0, 2],
  'tbf>btf': [1, 0, 2],
  'btf>bft': [0, 2, 1],
  'bft>btf': [0, 2, 1],
  'tbf>bft': [1, 2, 0],
  'bft>tbf': [2, 0, 1],
};

const utf8 = new TextEncoder();

/** Attribute constructors: ONNX needs each attribute's type spelled out. */
export const attr = {
  int: (name: string, i: number): OnnxAttribute => ({ name, type: ONNX_ATTRIBUTE_TYPE.int, i }),
  ints: (name: string, ints: readonly number[]): OnnxAttribute => ({ name, type: ONNX_ATTRIBUTE_TYPE.ints, ints }),
  float: (name: string, f: number): OnnxAttribute => ({ name, type: ONNX_ATTRIBUTE_TYPE.float, f }),
  floats: (name: string, floats: readonly number[]): OnnxAttribute => ({ name, type: ONNX_ATTRIBUTE_TYPE.floats, floats }),
  string: (name: string, s: string): OnnxAttribute => ({ name, type: ONNX_ATTRIBUTE_TYPE.string, s: utf8.encode(s) }),
  strings: (name: string, strings: readonly string[]): OnnxAttribute => ({ name, type: ONNX_ATTRIBUTE_TYPE.strings, strings: strings.map((s) => utf8.encode(s)) }),
};

const bytesOf = (view: ArrayBufferView): Uint8Array => new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));

export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly names = new Set<string>();
  private readonly transposed = new Map<string, OnnxValue>();

  /** `base`, or `base_2`, `base_3`, … if taken: ONNX needs every value and node name once. */
  unique(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./-]/g, '_');
    let name = clean;
    for (let k = 2; this.names.has(name); k++) name = `${clean}_${k}`;
    this.names.add(name);
    return name;
  }

  /** Reserves a name given from outside (graph inputs and outputs). */
  reserve(name: string): string {
    if (this.names.has(name)) throw new Error(`The ONNX graph already has a value named ${name}.`);
    this.names.add(name);
    return name;
  }

  /** A float32 weight, `values` in row-major order of `dims`. */
  weight(base: string, dims: readonly number[], values: Float32Array): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (values.length !== size) throw new Error(`Weight ${base} has ${values.length} values, but its shape [${dims.join(', ')}] needs ${size}.`);
    const name = this.unique(base);
    this.initializers.push({ name, dims, data_type: ONNX_DTYPE.float, raw_data: bytesOf(values) });
    return name;
  }

  /** An int64 constant (axes, shapes). */
  int64s(base: string, values: readonly number[]): string {
    const name = this.unique(base);
    this.initializers.push({ name, dims: [values.length], data_type: ONNX_DTYPE.int64, raw_data: bytesOf(BigInt64Array.from(values, (v) => BigInt(v))) });
    return name;
  }

  /** Adds a node; returns its output names (`outputs` of them, named after `base`). Empty input names mean "omitted". */
  node(opType: string, base: string, inputs: readonly string[], attributes: readonly OnnxAttribute[] = [], outputs = 1): string[] {
    const name = this.unique(`${base}/${opType}`);
    const output = Array.from({ length: outputs }, (_, k) => this.unique(`${base}/${opType}${outputs > 1 ? `_${k}` : ''}_out`));
    this.nodes.push({ name, op_type: opType, input: inputs, output, attribute: attributes });
    return output;
  }

  /** `value` in `layout`: itself, or one `Transpose` of it (made once per value and layout). */
  inLayout(value: OnnxValue, layout: Layout): OnnxValue {
    if (value.layout === layout) return value;
    const perm = PERMUTATIONS[`${value.layout}>${layout}`];
    if (!perm) throw new Error(`Cannot turn a ${value.layout} value into ${layout}.`);
    const key = `${value.name}>${layout}`;
    let out = this.transposed.get(key);
    if (!out) {
      out = { name: this.node('Transpose', `${value.name}_to_${layout}`, [value.name], [attr.ints('perm', perm)])[0], layout };
      this.transposed.set(key, out);
    }
    return out;
  }
}
