/**
 * `model.onnx`: the bundle's model as an ONNX graph, written from the same topology and weights as
 * model.json and weights.bin, so that ONNX Runtime (Python, Java, C++, C#, Node, the browser) runs it
 * without TensorFlow.js. Same input and output as model.json: `window` [batch, lookbackDays, features]
 * normalized → `forecast` [batch, outputs] normalized. No TensorFlow.js: it reads the saved artifacts.
 */
import { OnnxGraphBuilder, type OnnxValue } from './onnx-graph.ts';
import { translateLayer, type KerasLayer, type NamedWeight } from './onnx-layers.ts';
import { encodeOnnxModel, ONNX_DTYPE, type OnnxValueInfo } from './onnx-proto.ts';

import { ONNX_IR_VERSION, ONNX_OPSET } from '../version.ts';

export { ONNX_IR_VERSION, ONNX_OPSET } from '../version.ts';
/** Names of the graph's input and output. */
export const ONNX_INPUT = 'window';
export const ONNX_OUTPUT = 'forecast';

/** What a TensorFlow.js layers model saves: the Keras topology, the weight manifest, the weight bytes. */
export interface LayersArtifacts {
  readonly modelTopology: unknown;
  readonly weightSpecs: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype?: string; readonly quantization?: unknown }[];
  readonly weightData: ArrayBuffer;
}

/** Text for the ONNX file's header and metadata. */
export interface OnnxModelInfo {
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString: string;
  /** Extra key–value metadata (ONNX `metadata_props`). */
  readonly properties?: Readonly<Record<string, string>>;
}

interface GraphLayer extends KerasLayer {
  /** Names of the layers whose outputs this one takes. */
  readonly inputs: readonly string[];
}

/** The layers of a Sequential or functional topology, each with the layers it reads from, and the input shape. */
function layersOf(topology: unknown): { layers: GraphLayer[]; inputShape: readonly (number | null)[]; output: string } {
  const t = topology as { class_name?: string; config?: { layers?: unknown[]; output_layers?: unknown[][] } };
  const list = (t?.config?.layers ?? []) as (KerasLayer & { inbound_nodes?: unknown[][][] })[];
  if (list.length === 0) throw new Error('model.json has no layers to write as ONNX.');
  const shapeOf = (l: KerasLayer) => l.config.batch_input_shape as (number | null)[] | undefined;
  if (t.class_name === 'Sequential') {
    const inputShape = shapeOf(list[0]);
    if (!inputShape) throw new Error('The first layer of model.json has no batch_input_shape.');
    const layers = list.map((l, i) => ({ ...l, inputs: [i === 0 ? ONNX_INPUT : list[i - 1].config.name] }));
    return { layers, inputShape, output: list[list.length - 1].config.name };
  }
  if (t.class_name === 'Model' || t.class_name === 'Functional') {
    const inputLayers = list.filter((l) => l.class_name === 'InputLayer');
    if (inputLayers.length !== 1) throw new Error(`The ONNX export takes one input, but model.json has ${inputLayers.length}.`);
    const outputs = t.config?.output_layers ?? [];
    if (outputs.length !== 1) throw new Error(`The ONNX export gives one output, but model.json has ${outputs.length}.`);
    const layers = list
      .filter((l) => l.class_name !== 'InputLayer')
      .map((l) => {
        if ((l.inbound_nodes ?? []).length !== 1) throw new Error(`Layer ${l.config.name} is used ${(l.inbound_nodes ?? []).length} times; the ONNX export needs each layer once.`);
        const inputs = l.inbound_nodes![0].map((ref) => {
          const from = String(ref[0]);
          return from === inputLayers[0].config.name ? ONNX_INPUT : from;
        });
        return { ...l, inputs };
      });
    return { layers, inputShape: shapeOf(inputLayers[0])!, output: String(outputs[0][0]) };
  }
  throw new Error(`model.json holds a ${String(t?.class_name)}; the ONNX export reads Sequential and functional models.`);
}

/** The weights of the manifest by full name (`gru_1/kernel`), as float32 views of the weight bytes. */
function weightsByName(artifacts: LayersArtifacts): Map<string, NamedWeight> {
  const out = new Map<string, NamedWeight>();
  let offset = 0;
  for (const spec of artifacts.weightSpecs) {
    if ((spec.dtype ?? 'float32') !== 'float32' || spec.quantization) throw new Error(`Weight ${spec.name} is not plain float32; the ONNX export reads float32 weights only.`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > artifacts.weightData.byteLength) throw new Error(`The weight bytes end before weight ${spec.name}: they do not belong to this model.json.`);
    out.set(spec.name, { shape: spec.shape, values: new Float32Array(artifacts.weightData.slice(offset, offset + size * 4)) });
    offset += size * 4;
  }
  return out;
}

const valueInfo = (name: string, dims: readonly (number | string)[], doc: string): OnnxValueInfo => ({
  name,
  doc_string: doc,
  type: { tensor_type: { elem_type: ONNX_DTYPE.float, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
});

/**
 * The bytes of `model.onnx` for a TensorFlow.js layers model (Sequential, or functional like an
 * ensemble's averaging model), opset {@link ONNX_OPSET}.
 * @param outputs the model's outputs per forecast (horizonDays, or 3 × horizonDays with intervals).
 * @throws Error naming the layer or weight it cannot translate.
 */
export function onnxFromLayers(artifacts: LayersArtifacts, outputs: number, info: OnnxModelInfo): Uint8Array {
  const { layers, inputShape, output } = layersOf(artifacts.modelTopology);
  const [, lookbackDays, features] = inputShape;
  if (typeof lookbackDays !== 'number' || typeof features !== 'number') throw new Error(`The model's input shape ${JSON.stringify(inputShape)} has no fixed days × features.`);
  const weights = weightsByName(artifacts);
  const graph = new OnnxGraphBuilder();
  graph.reserve(ONNX_INPUT);
  graph.reserve(ONNX_OUTPUT);
  const values = new Map<string, OnnxValue>([[ONNX_INPUT, { name: ONNX_INPUT, layout: 'btf' }]]);
  const ctx = {
    graph,
    weight: (layer: string, name: string) => {
      const w = weights.get(`${layer}/${name}`);
      if (!w) throw new Error(`model.json's layer ${layer} has no weight ${name} in the weight manifest.`);
      return w;
    },
  };
  for (const layer of layers) {
    const inputs = layer.inputs.map((from) => {
      const v = values.get(from);
      if (!v) throw new Error(`Layer ${layer.config.name} reads ${from}, which comes later or not at all in model.json.`);
      return v;
    });
    values.set(layer.config.name, translateLayer(layer, inputs, ctx));
  }
  const last = values.get(output)!;
  if (last.layout !== 'bf') throw new Error(`The model's output is not one row of ${outputs} values per window.`);
  graph.nodes.push({ name: 'forecast/Identity', op_type: 'Identity', input: [last.name], output: [ONNX_OUTPUT], attribute: [] });
  return encodeOnnxModel({
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: info.producerName,
    producer_version: info.producerVersion,
    doc_string: info.docString,
    graph: {
      name: 'weather_forecast',
      node: graph.nodes,
      initializer: graph.initializers,
      input: [valueInfo(ONNX_INPUT, ['batch', lookbackDays, features], 'Normalized input windows, oldest day first: (value - mean) / std per feature, in metadata.json feature order.')],
      output: [valueInfo(ONNX_OUTPUT, ['batch', outputs], 'Normalized forecast: multiply by target.std and add target.mean (metadata.json).')],
    },
    metadata_props: Object.entries(info.properties ?? {}).map(([key, value]) => ({ key, value })),
  });
}
