/**
 * The part of ONNX's protobuf schema (`onnx.proto`, IR version 8) that a model of dense, convolution
 * and recurrent layers needs, as a protobufjs reflection root, and the encoder of a `model.onnx` file.
 * Field names and numbers are ONNX's; messages and fields this project never writes are left out
 * (a reader skips nothing: every field written here is in the official schema). No TensorFlow.js.
 */
import { Root, Type, Writer, type INamespace } from 'protobufjs/light.js';

/** ONNX `TensorProto.DataType` values used here. */
export const ONNX_DTYPE = { float: 1, int64: 7 } as const;

/** ONNX `AttributeProto.AttributeType` values used here. */
export const ONNX_ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7, strings: 8 } as const;

/** A tensor stored in the model (weights, constant shapes): little-endian bytes in `raw_data`. */
export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data_type: number;
  readonly raw_data: Uint8Array;
}

/** One attribute of a node; exactly one of the value fields is set, as `type` says. */
export interface OnnxAttribute {
  readonly name: string;
  readonly type: number;
  readonly f?: number;
  readonly i?: number;
  readonly s?: Uint8Array;
  readonly floats?: readonly number[];
  readonly ints?: readonly number[];
  readonly strings?: readonly Uint8Array[];
}

export interface OnnxNode {
  readonly name: string;
  readonly op_type: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute: readonly OnnxAttribute[];
}

/** A graph input or output: float32 of a shape whose dimensions are numbers or named (`batch`). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly doc_string?: string;
  readonly type: { readonly tensor_type: { readonly elem_type: number; readonly shape: { readonly dim: readonly ({ dim_value: number } | { dim_param: string })[] } } };
}

export interface OnnxModel {
  readonly ir_version: number;
  readonly opset_import: readonly { readonly domain: string; readonly version: number }[];
  readonly producer_name: string;
  readonly producer_version: string;
  readonly doc_string: string;
  readonly graph: {
    readonly name: string;
    readonly node: readonly OnnxNode[];
    readonly initializer: readonly OnnxTensor[];
    readonly input: readonly OnnxValueInfo[];
    readonly output: readonly OnnxValueInfo[];
  };
  readonly metadata_props: readonly { readonly key: string; readonly value: string }[];
}

const one = (type: string, id: number) => ({ type, id });
const many = (type: string, id: number) => ({ type, id, rule: 'repeated' });

/** The messages of onnx.proto this project writes, with ONNX's field numbers. */
const SCHEMA: INamespace = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            ir_version: one('int64', 1),
            producer_name: one('string', 2),
            producer_version: one('string', 3),
            domain: one('string', 4),
            model_version: one('int64', 5),
            doc_string: one('string', 6),
            graph: one('GraphProto', 7),
            opset_import: many('OperatorSetIdProto', 8),
            metadata_props: many('StringStringEntryProto', 14),
          },
        },
        OperatorSetIdProto: { fields: { domain: one('string', 1), version: one('int64', 2) } },
        StringStringEntryProto: { fields: { key: one('string', 1), value: one('string', 2) } },
        GraphProto: {
          fields: {
            node: many('NodeProto', 1),
            name: one('string', 2),
            initializer: many('TensorProto', 5),
            doc_string: one('string', 10),
            input: many('ValueInfoProto', 11),
            output: many('ValueInfoProto', 12),
          },
        },
        NodeProto: {
          fields: {
            input: many('string', 1),
            output: many('string', 2),
            name: one('string', 3),
            op_type: one('string', 4),
            attribute: many('AttributeProto', 5),
            doc_string: one('string', 6),
            domain: one('string', 7),
          },
        },
        AttributeProto: {
          fields: {
            name: one('string', 1),
            f: one('float', 2),
            i: one('int64', 3),
            s: one('bytes', 4),
            floats: many('float', 7),
            ints: many('int64', 8),
            strings: many('bytes', 9),
            type: one('int32', 20),
          },
        },
        TensorProto: {
          fields: { dims: many('int64', 1), data_type: one('int32', 2), name: one('string', 8), raw_data: one('bytes', 9), doc_string: one('string', 12) },
        },
        ValueInfoProto: { fields: { name: one('string', 1), type: one('TypeProto', 2), doc_string: one('string', 3) } },
        TypeProto: {
          fields: { tensor_type: one('Tensor', 1) },
          nested: { Tensor: { fields: { elem_type: one('int32', 1), shape: one('TensorShapeProto', 2) } } },
        },
        TensorShapeProto: {
          fields: { dim: many('Dimension', 1) },
          nested: { Dimension: { fields: { dim_value: one('int64', 1), dim_param: one('string', 2) } } },
        },
      },
    },
  },
};

const root = Root.fromJSON(SCHEMA);
const ModelProto = root.lookupType('onnx.ModelProto');

/** Wire type of each scalar type used in the schema (protobuf encoding). */
const WIRE_TYPE: Readonly<Record<string, number>> = { int64: 0, int32: 0, float: 5, string: 2, bytes: 2 };

/**
 * Writes `value` as the message `type`, field by field from the schema with protobufjs' `Writer`.
 * protobufjs' own `encode` compiles code with `new Function`, which the app's Content-Security-Policy
 * forbids (no 'unsafe-eval'), so the schema is walked instead. Repeated scalars are written unpacked,
 * as proto2 (onnx.proto) declares them.
 */
function writeMessage(type: Type, value: Readonly<Record<string, unknown>>, writer: Writer): Writer {
  for (const field of type.fieldsArray) {
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    for (const item of field.repeated ? (v as readonly unknown[]) : [v]) {
      const nested = field.resolve().resolvedType;
      if (nested instanceof Type) {
        writeMessage(nested, item as Record<string, unknown>, writer.uint32((field.id << 3) | 2).fork()).ldelim();
        continue;
      }
      const wire = WIRE_TYPE[field.type];
      if (wire === undefined) throw new Error(`The ONNX writer has no encoding for ${field.type} (${type.name}.${field.name}).`);
      writer.uint32((field.id << 3) | wire);
      if (field.type === 'int64') writer.int64(item as number);
      else if (field.type === 'int32') writer.int32(item as number);
      else if (field.type === 'float') writer.float(item as number);
      else if (field.type === 'string') writer.string(item as string);
      else writer.bytes(item as Uint8Array);
    }
  }
  return writer;
}

/** The bytes of a `model.onnx` file. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  // A copy: in Node the writer returns a Buffer that views a shared pool, whose `.buffer` is the whole pool.
  return new Uint8Array(writeMessage(ModelProto, model as unknown as Record<string, unknown>, Writer.create()).finish());
}

/**
 * A `model.onnx` file read back as plain objects, by protobufjs' generated decoder: for tests and
 * tools in Node (the generated code needs `new Function`, which the app's CSP forbids).
 */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number }) as unknown as OnnxModel;
}
