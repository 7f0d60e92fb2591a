/**
 * `FusedGRU`: a drop-in replacement for `tf.layers.gru` that runs the whole sequence, forward and
 * backward, in one custom-gradient op (`gru-math.ts`: matrix products in WebAssembly SIMD when available) instead of ~100 small
 * tensor ops per time step. Same weights (names, shapes, gate order z, r, h), same initializers,
 * same outputs and gradients as the stock layer, on every backend.
 *
 * It serializes as a stock `GRU` (class name and config): an exported `model.json` loads with
 * stock `tf.loadLayersModel` and no code from this project. Importing this module registers it
 * under the class name `GRU`, so that our own loads (import, clone) get the fused layer back;
 * configs it does not implement (dropout, recurrent dropout, go-backwards, state, regularizers,
 * constraints, other activations) deserialize to the stock layer.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedRecurrentUnsupported } from './gates.ts';
import { gruBackward, gruForward, type GateActivation } from './gru-math.ts';

/** Constructor arguments of `tf.layers.gru`. */
export type GruLayerArgs = Parameters<typeof tf.layers.gru>[0];
type StockGru = ReturnType<typeof tf.layers.gru>;

/** Why the fused layer cannot stand in for a stock GRU with this (serialized) config, or null when it can. */
export function fusedGruUnsupported(config: tf.serialization.ConfigDict): string | null {
  return fusedRecurrentUnsupported(config, ['resetAfter']);
}

/** Cumulative wall time of the fused GRU's forward and backward arithmetic (read by bench/profile-gru.ts). */
export const fusedGruProfile = { forwardMs: 0, backwardMs: 0 };

/** The whole-sequence GRU as one differentiable op: x [batch, steps, features] → [batch, units] or [batch, steps, units]. */
export function fusedGru(
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
    const t0 = performance.now();
    const { output, cache } = gruForward(
      dims,
      xt.dataSync() as Float32Array,
      k.dataSync() as Float32Array,
      rk.dataSync() as Float32Array,
      b.dataSync() as Float32Array,
      options.activation,
      options.returnSequences,
    );
    const value = tf.tensor(output, options.returnSequences ? [batch, steps, units] : [batch, units], 'float32');
    fusedGruProfile.forwardMs += performance.now() - t0;
    return {
      value,
      gradFunc: (dy: tf.Tensor) => {
        const t1 = performance.now();
        const g = gruBackward(cache, dy.dataSync() as Float32Array, options.returnSequences);
        fusedGruProfile.backwardMs += performance.now() - t1;
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

/** A GRU layer computed by {@link fusedGru}; serializes as a stock `GRU`. */
export class FusedGRU extends tf.layers.Layer {
  /** Serialized under the stock name so that stock TensorFlow.js loads exported models. */
  static className = 'GRU';
  readonly units: number;
  readonly returnSequences: boolean;
  /** A stock GRU with the same arguments: the source of initializers and of the serialized config. */
  private readonly twin: StockGru;
  private readonly gateActivation: GateActivation;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: GruLayerArgs) {
    super(args);
    this.twin = tf.layers.gru({ ...args, name: this.name });
    const unsupported = fusedGruUnsupported(this.twin.getConfig());
    if (unsupported) throw new Error(`FusedGRU does not implement ${unsupported}; use tf.layers.gru.`);
    const config = this.twin.getConfig();
    this.units = config.units as number;
    this.returnSequences = config.returnSequences as boolean;
    this.gateActivation = config.recurrentActivation as GateActivation;
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1] as number;
    // The stock layer keeps its initializers on its cell (typed loosely in tfjs-layers' public API).
    const twin = (this.twin as unknown as { cell: Record<'kernelInitializer' | 'recurrentInitializer' | 'biasInitializer', Parameters<tf.layers.Layer["addWeight"]>[3]> }).cell;
    this.kernel = this.addWeight('kernel', [features, 3 * this.units], 'float32', twin.kernelInitializer, undefined, true);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, 3 * this.units], 'float32', twin.recurrentInitializer, undefined, true);
    this.bias = this.addWeight('bias', [3 * this.units], 'float32', twin.biasInitializer, undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      return fusedGru(x, this.kernel!.read() as tf.Tensor2D, this.recurrentKernel!.read() as tf.Tensor2D, this.bias!.read() as tf.Tensor1D, {
        activation: this.gateActivation,
        returnSequences: this.returnSequences,
      });
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    // The stock layer's config, with what may have changed since construction.
    return { ...this.twin.getConfig(), name: this.name, trainable: this.trainable };
  }

  /** Deserializes a `GRU` config: fused when it can be, the stock layer otherwise. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const probe = tf.layers.gru(config as unknown as GruLayerArgs);
    if (fusedGruUnsupported(probe.getConfig()) !== null) return probe as unknown as T;
    return new cls(config);
  }
}

/** A GRU layer: fused when the arguments allow it, otherwise the stock `tf.layers.gru`. */
export function gruLayer(args: GruLayerArgs): tf.layers.Layer {
  const probe = tf.layers.gru(args);
  return fusedGruUnsupported(probe.getConfig()) === null ? new FusedGRU(args) : probe;
}

tf.serialization.registerClass(FusedGRU);
