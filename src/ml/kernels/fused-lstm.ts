/**
 * `FusedLSTM`: a drop-in replacement for `tf.layers.lstm` that runs the whole sequence, forward and
 * backward, in one custom-gradient op (`lstm-math.ts`) instead of ~20 small tensor ops per time
 * step and ~3× as many in the backward pass. Same weights (names, shapes, gate order i, f, c, o),
 * initializers (including `unitForgetBias`), outputs and gradients as the stock layer.
 *
 * It serializes as a stock `LSTM` (class name and config): an exported `model.json` loads with stock
 * `tf.loadLayersModel`. Importing this module registers it under the class name `LSTM`; configs it
 * does not implement deserialize to the stock layer (as for `FusedGRU`).
 */
import * as tf from '@tensorflow/tfjs';
import { fusedRecurrentUnsupported, type GateActivation } from './gates.ts';
import { lstmBackward, lstmForward } from './lstm-math.ts';

/** Constructor arguments of `tf.layers.lstm`. */
export type LstmLayerArgs = Parameters<typeof tf.layers.lstm>[0];
type StockLstm = ReturnType<typeof tf.layers.lstm>;
type Init = Parameters<tf.layers.Layer['addWeight']>[3];

/** Why the fused layer cannot stand in for a stock LSTM with this (serialized) config, or null when it can. */
export function fusedLstmUnsupported(config: tf.serialization.ConfigDict): string | null {
  return fusedRecurrentUnsupported(config, []);
}

/** The whole-sequence LSTM as one differentiable op: x [batch, steps, features] → [batch, units] or [batch, steps, units]. */
export function fusedLstm(
  x: tf.Tensor3D,
  kernel: tf.Tensor2D,
  recurrentKernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  options: { activation: GateActivation; returnSequences: boolean },
): tf.Tensor {
  const [batch, steps, features] = x.shape;
  const units = recurrentKernel.shape[0];
  const dims = { batch, steps, features, units };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xt, k, rk, b] = args as tf.Tensor[];
    const { output, cache } = lstmForward(
      dims,
      xt.dataSync() as Float32Array,
      k.dataSync() as Float32Array,
      rk.dataSync() as Float32Array,
      b.dataSync() as Float32Array,
      options.activation,
      options.returnSequences,
    );
    const value = tf.tensor(output, options.returnSequences ? [batch, steps, units] : [batch, units], 'float32');
    return {
      value,
      gradFunc: (dy: tf.Tensor) => {
        const g = lstmBackward(cache, dy.dataSync() as Float32Array, options.returnSequences);
        return [
          tf.tensor3d(g.dx, [batch, steps, features]),
          tf.tensor2d(g.dKernel, kernel.shape),
          tf.tensor2d(g.dRecurrentKernel, recurrentKernel.shape),
          tf.tensor1d(g.dBias),
        ];
      },
    };
  });
  return op(x, kernel, recurrentKernel, bias);
}

/** An LSTM layer computed by {@link fusedLstm}; serializes as a stock `LSTM`. */
export class FusedLSTM extends tf.layers.Layer {
  /** Serialized under the stock name so that stock TensorFlow.js loads exported models. */
  static className = 'LSTM';
  readonly units: number;
  readonly returnSequences: boolean;
  /** A stock LSTM with the same arguments: the source of initializers and of the serialized config. */
  private readonly twin: StockLstm;
  private readonly gateActivation: GateActivation;
  private readonly unitForgetBias: boolean;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: LstmLayerArgs) {
    super(args);
    this.twin = tf.layers.lstm({ ...args, name: this.name });
    const config = this.twin.getConfig();
    const unsupported = fusedLstmUnsupported(config);
    if (unsupported) throw new Error(`FusedLSTM does not implement ${unsupported}; use tf.layers.lstm.`);
    this.units = config.units as number;
    this.returnSequences = config.returnSequences as boolean;
    this.gateActivation = config.recurrentActivation as GateActivation;
    this.unitForgetBias = Boolean(config.unitForgetBias);
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1] as number;
    // The stock layer keeps its initializers on its cell (typed loosely in tfjs-layers' public API).
    const cell = (this.twin as unknown as { cell: Record<'kernelInitializer' | 'recurrentInitializer' | 'biasInitializer', Init> }).cell;
    this.kernel = this.addWeight('kernel', [features, 4 * this.units], 'float32', cell.kernelInitializer, undefined, true);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, 4 * this.units], 'float32', cell.recurrentInitializer, undefined, true);
    this.bias = this.addWeight('bias', [4 * this.units], 'float32', this.unitForgetBias ? tf.initializers.zeros() : cell.biasInitializer, undefined, true);
    if (this.unitForgetBias) {
      // As tfjs' LSTMCell does: [init(units), ones(units), init(2·units)].
      const init = cell.biasInitializer as unknown as { apply(shape: number[]): tf.Tensor };
      const value = tf.tidy(() => tf.concat([init.apply([this.units]), tf.ones([this.units]), init.apply([2 * this.units])]));
      this.bias.write(value);
      value.dispose();
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      return fusedLstm(x, this.kernel!.read() as tf.Tensor2D, this.recurrentKernel!.read() as tf.Tensor2D, this.bias!.read() as tf.Tensor1D, {
        activation: this.gateActivation,
        returnSequences: this.returnSequences,
      });
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.twin.getConfig(), name: this.name, trainable: this.trainable };
  }

  /** Deserializes an `LSTM` config: fused when it can be, the stock layer otherwise. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const probe = tf.layers.lstm(config as unknown as LstmLayerArgs);
    if (fusedLstmUnsupported(probe.getConfig()) !== null) return probe as unknown as T;
    return new cls(config);
  }
}

/** An LSTM layer: fused when the arguments allow it, otherwise the stock `tf.layers.lstm`. */
export function lstmLayer(args: LstmLayerArgs): tf.layers.Layer {
  const probe = tf.layers.lstm(args);
  return fusedLstmUnsupported(probe.getConfig()) === null ? new FusedLSTM(args) : probe;
}

tf.serialization.registerClass(FusedLSTM);
