/**
 * One ONNX translation per layer class of model.json (the Keras configs TensorFlow.js saves): the
 * layer's weights become initializers in ONNX's layout, its computation one or a few standard ops.
 * The recurrent layers map onto ONNX's own `GRU` and `LSTM` ops:
 * - GRU: TensorFlow.js computes the candidate as tanh(x·Wh + (r ⊙ h)·Rh + bh) (`reset_after: false`),
 *   which is ONNX's `linear_before_reset = 0`; both order the gates z, r, h and both compute
 *   h' = z ⊙ h + (1 − z) ⊙ candidate.
 * - LSTM: TensorFlow.js orders the gate blocks i, f, c, o, ONNX i, o, f, c; the blocks are reordered.
 * - Keras kernels are [inputs, gates·units] (x·W); ONNX's W and R are [gates·units, inputs] (W·x): transposed.
 * - One bias in TensorFlow.js; ONNX adds Wb + Rb, so Rb is zero.
 * - `hard_sigmoid` is ONNX's `HardSigmoid` with its default alpha 0.2, beta 0.5 (TensorFlow.js' definition).
 * No TensorFlow.js.
 */
import { attr, type OnnxGraphBuilder, type OnnxValue } from './onnx-graph.ts';

/** A layer as model.json stores it (snake_case Keras config). */
export interface KerasLayer {
  readonly class_name: string;
  readonly config: Readonly<Record<string, unknown>> & { readonly name: string };
}

/** A weight of model.json's manifest with its values. */
export interface NamedWeight {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** What a layer translation needs: the graph, and the weights of a layer by their short name (`kernel`). */
export interface LayerContext {
  readonly graph: OnnxGraphBuilder;
  readonly weight: (layer: string, name: string) => NamedWeight;
}

type Translate = (layer: KerasLayer, inputs: readonly OnnxValue[], ctx: LayerContext) => OnnxValue;

const unsupported = (layer: KerasLayer, what: string): never => {
  throw new Error(`Layer ${layer.config.name} (${layer.class_name}) cannot be written as ONNX: ${what}. The ONNX export covers the models this app builds.`);
};

const ELEMENTWISE: Readonly<Record<string, string | null>> = { linear: null, relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' };
const GATE_FUNCTIONS: Readonly<Record<string, string>> = { sigmoid: 'Sigmoid', hard_sigmoid: 'HardSigmoid', tanh: 'Tanh' };

/** The layer's `activation` applied to `value`. */
function activate(layer: KerasLayer, ctx: LayerContext, value: OnnxValue): OnnxValue {
  const activation = String(layer.config.activation ?? 'linear');
  const op = ELEMENTWISE[activation];
  if (op === undefined) unsupported(layer, `activation ${activation}`);
  return op ? { name: ctx.graph.node(op, layer.config.name, [value.name])[0], layout: value.layout } : value;
}

function only(layer: KerasLayer, inputs: readonly OnnxValue[]): OnnxValue {
  if (inputs.length !== 1) unsupported(layer, `${inputs.length} inputs`);
  return inputs[0];
}

/**
 * A Keras kernel `[rows, gates·units]` as ONNX's `[gates·units, rows]`, gate block g taken from Keras'
 * block `order[g]`.
 */
export function gateMajor(kernel: NamedWeight, units: number, order: readonly number[]): Float32Array {
  const [rows, width] = kernel.shape;
  const out = new Float32Array(rows * width);
  order.forEach((from, g) => {
    for (let u = 0; u < units; u++) {
      for (let r = 0; r < rows; r++) out[(g * units + u) * rows + r] = kernel.values[r * width + from * units + u];
    }
  });
  return out;
}

/** Keras' gate blocks for ONNX's order: GRU z, r, h = z, r, h; LSTM i, o, f, c = Keras blocks 0, 3, 1, 2. */
const GATE_ORDER = { GRU: [0, 1, 2], LSTM: [0, 3, 1, 2] } as const;

const recurrent = (kind: 'GRU' | 'LSTM'): Translate => (layer, inputs, ctx) => {
  const c = layer.config;
  const { graph } = ctx;
  if (c.go_backwards || c.stateful || c.return_state) unsupported(layer, 'go_backwards, stateful or return_state');
  if (kind === 'GRU' && c.reset_after) unsupported(layer, 'reset_after true');
  const gate = GATE_FUNCTIONS[String(c.recurrent_activation)];
  const cellActivation = GATE_FUNCTIONS[String(c.activation)];
  if (!gate || gate === 'Tanh' || cellActivation !== 'Tanh') unsupported(layer, `activation ${String(c.activation)} with recurrent_activation ${String(c.recurrent_activation)}`);
  const units = Number(c.units);
  const order = GATE_ORDER[kind];
  const gates = order.length;
  const kernel = ctx.weight(c.name, 'kernel');
  const features = kernel.shape[0];
  const W = graph.weight(`${c.name}/W`, [1, gates * units, features], gateMajor(kernel, units, order));
  const R = graph.weight(`${c.name}/R`, [1, gates * units, units], gateMajor(ctx.weight(c.name, 'recurrent_kernel'), units, order));
  let B = '';
  if (c.use_bias !== false) {
    const bias = ctx.weight(c.name, 'bias');
    // Wb in ONNX's gate order, then Rb = 0.
    const both = new Float32Array(2 * gates * units);
    both.set(gateMajor({ shape: [1, gates * units], values: bias.values }, units, order));
    B = graph.weight(`${c.name}/B`, [1, 2 * gates * units], both);
  }
  const x = graph.inLayout(only(layer, inputs), 'tbf');
  const activations = kind === 'GRU' ? [gate, 'Tanh'] : [gate, 'Tanh', 'Tanh'];
  const [Y, Yh] = graph.node(kind, c.name, [x.name, W, R, B], [attr.int('hidden_size', units), attr.strings('activations', activations)], 2);
  // Y: [time, directions = 1, batch, units]; Y_h: [directions = 1, batch, units].
  if (c.return_sequences) return { name: graph.node('Squeeze', `${c.name}/sequences`, [Y, graph.int64s(`${c.name}/axis1`, [1])])[0], layout: 'tbf' };
  return { name: graph.node('Squeeze', `${c.name}/last`, [Yh, graph.int64s(`${c.name}/axis0`, [0])])[0], layout: 'bf' };
};

const dense: Translate = (layer, inputs, ctx) => {
  const x = only(layer, inputs);
  if (x.layout !== 'bf') unsupported(layer, 'an input of more than two dimensions');
  const c = layer.config;
  const kernel = ctx.weight(c.name, 'kernel');
  const W = ctx.graph.weight(`${c.name}/kernel`, kernel.shape, kernel.values);
  const b = c.use_bias === false ? [] : [ctx.graph.weight(`${c.name}/bias`, [kernel.shape[1]], ctx.weight(c.name, 'bias').values)];
  return activate(layer, ctx, { name: ctx.graph.node('Gemm', c.name, [x.name, W, ...b])[0], layout: 'bf' });
};

const conv1d: Translate = (layer, inputs, ctx) => {
  const c = layer.config;
  const ones = (v: unknown) => Array.isArray(v) && v.every((n) => n === 1);
  if (!ones(c.strides) || !ones(c.dilation_rate ?? [1])) unsupported(layer, 'strides or dilation other than 1');
  if ((c.data_format ?? 'channels_last') !== 'channels_last') unsupported(layer, `data_format ${String(c.data_format)}`);
  if (c.padding !== 'same' && c.padding !== 'valid') unsupported(layer, `padding ${String(c.padding)}`);
  const kernel = ctx.weight(c.name, 'kernel');
  const [k, cin, cout] = kernel.shape;
  // Keras [k, in, out] → ONNX [out, in, k].
  const w = new Float32Array(k * cin * cout);
  for (let t = 0; t < k; t++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) w[(o * cin + i) * k + t] = kernel.values[(t * cin + i) * cout + o];
  const W = ctx.graph.weight(`${c.name}/W`, [cout, cin, k], w);
  const b = c.use_bias === false ? [] : [ctx.graph.weight(`${c.name}/B`, [cout], ctx.weight(c.name, 'bias').values)];
  // 'same' with stride 1 pads k − 1 in all, the smaller half before (as TensorFlow does).
  const before = c.padding === 'same' ? Math.floor((k - 1) / 2) : 0;
  const after = c.padding === 'same' ? k - 1 - before : 0;
  const x = ctx.graph.inLayout(only(layer, inputs), 'bft');
  const y = ctx.graph.node('Conv', c.name, [x.name, W, ...b], [attr.ints('kernel_shape', [k]), attr.ints('pads', [before, after]), attr.ints('strides', [1]), attr.ints('dilations', [1])]);
  return activate(layer, ctx, { name: y[0], layout: 'bft' });
};

const flatten: Translate = (layer, inputs, ctx) => {
  const x = only(layer, inputs);
  if (x.layout === 'bf') return x;
  // Keras flattens batch × time × features row-major: time-major values go back to that order first.
  const btf = ctx.graph.inLayout(x, 'btf');
  return { name: ctx.graph.node('Flatten', layer.config.name, [btf.name], [attr.int('axis', 1)])[0], layout: 'bf' };
};

const average: Translate = (layer, inputs, ctx) => {
  if (inputs.length < 2) unsupported(layer, 'fewer than two inputs');
  const same = inputs.map((v) => ctx.graph.inLayout(v, inputs[0].layout));
  return { name: ctx.graph.node('Mean', layer.config.name, same.map((v) => v.name))[0], layout: inputs[0].layout };
};

/** Layers that do nothing at inference. */
const identity: Translate = (layer, inputs) => only(layer, inputs);

/** The translation of each layer class this app's models use (stock and fused recurrent layers save as `GRU`/`LSTM`). */
export const LAYER_TRANSLATIONS: Readonly<Record<string, Translate>> = {
  Dense: dense,
  Conv1D: conv1d,
  Flatten: flatten,
  Dropout: identity,
  GRU: recurrent('GRU'),
  LSTM: recurrent('LSTM'),
  Average: average,
};

/** Translates one layer. @throws Error naming the layer when its class has no translation. */
export function translateLayer(layer: KerasLayer, inputs: readonly OnnxValue[], ctx: LayerContext): OnnxValue {
  const translate = LAYER_TRANSLATIONS[layer.class_name];
  if (!translate) unsupported(layer, 'no ONNX translation for this layer class');
  return translate(layer, inputs, ctx);
}
