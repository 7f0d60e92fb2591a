/**
 * What `FusedGRU` and `FusedLSTM` share: a drop-in replacement for a stock tfjs recurrent layer that
 * runs the whole sequence, forward and backward, in one custom-gradient op (`recurrent-math.ts` with the
 * cell's gate equations) instead of tens of small tensor ops per time step. Same weights (names,
 * shapes, gate order), same initializers, same outputs and gradients as the stock layer, on every backend.
 *
 * A fused layer serializes as the stock layer (class name and config): an exported `model.json` loads
 * with stock `tf.loadLayersModel` and no code from this project. Each cell's module registers its layer
 * under the stock class name, so that our own loads (import, clone) get the fused layer back; configs
 * it does not implement (dropout, recurrent dropout, go-backwards, state, regularizers, constraints,
 * other activations) deserialize to the stock layer.
 */
import * as tf from '@tensorflow/tfjs';
import type { GateActivation } from './gates.ts';
import { recurrentBackward, recurrentForward, type RecurrentCell } from './recurrent-math.ts';

type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0];
/** An initializer as `addWeight` takes it. */
export type Initializer = Parameters<tf.layers.Layer['addWeight']>[3];

const ZERO_OPTIONS = ['dropout', 'recurrentDropout'] as const;
const FALSE_OPTIONS = ['returnState', 'goBackwards', 'stateful'] as const;
const NULL_OPTIONS = ['kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint'] as const;

/**
 * Why a fused layer cannot stand in for a stock recurrent layer with this (serialized) config, or
 * null when it can. `extraFalseOptions` are options of that layer type that must be off (GRU: resetAfter).
 */
export function fusedRecurrentUnsupported(config: Record<string, unknown>, extraFalseOptions: readonly string[] = []): string | null {
  if (config.activation !== 'tanh') return `activation ${String(config.activation)}`;
  if (config.recurrentActivation !== 'hardSigmoid' && config.recurrentActivation !== 'sigmoid') return `recurrentActivation ${String(config.recurrentActivation)}`;
  if (config.useBias !== true) return 'useBias false';
  for (const k of ZERO_OPTIONS) if ((config[k] ?? 0) !== 0) return `${k} ${String(config[k])}`;
  for (const k of [...FALSE_OPTIONS, ...extraFalseOptions]) if (config[k]) return k;
  for (const k of NULL_OPTIONS) if (config[k] != null) return k;
  return null;
}

/** Wall time spent in a fused layer's arithmetic, in milliseconds, summed over calls. */
export interface FusedProfile {
  forwardMs: number;
  backwardMs: number;
}

/** One kind of fused recurrent layer: the stock layer it replaces and the cell that computes it. */
export interface RecurrentKind<A> {
  /** Class name of the stock layer ('GRU', 'LSTM'), under which the fused layer serializes. */
  readonly className: string;
  /** The stock layer's factory, e.g. `tf.layers.gru`. */
  readonly stockLayer: (args: A) => tf.layers.Layer;
  /** Options of this layer type that must be off for the fused layer (see {@link fusedRecurrentUnsupported}). */
  readonly extraFalseOptions: readonly string[];
  readonly cell: RecurrentCell;
  /** Where to add the time spent, when someone measures it. */
  readonly profile?: FusedProfile;
}

/** Why the fused layer of `kind` cannot stand in for a stock layer with this (serialized) config, or null. */
export function fusedUnsupported(kind: Pick<RecurrentKind<unknown>, 'extraFalseOptions'>, config: tf.serialization.ConfigDict): string | null {
  return fusedRecurrentUnsupported(config, kind.extraFalseOptions);
}

/** The whole sequence as one differentiable op: x [batch, steps, features] → [batch, units] or [batch, steps, units]. */
export function fusedRecurrentOp(
  kind: Pick<RecurrentKind<unknown>, 'cell' | 'profile'>,
  x: tf.Tensor3D,
  kernel: tf.Tensor2D,
  recurrentKernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  options: { activation: GateActivation; returnSequences: boolean },
): tf.Tensor {
  const [batch, steps, features] = x.shape;
  const units = recurrentKernel.shape[0];
  const dims = { batch, steps, features, units };
  const { cell, profile } = kind;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xt, k, rk, b] = args as tf.Tensor[];
    const t0 = performance.now();
    const { output, cache } = recurrentForward(
      cell,
      dims,
      xt.dataSync() as Float32Array,
      k.dataSync() as Float32Array,
      rk.dataSync() as Float32Array,
      b.dataSync() as Float32Array,
      options.activation,
      options.returnSequences,
    );
    const value = tf.tensor(output, options.returnSequences ? [batch, steps, units] : [batch, units], 'float32');
    if (profile) profile.forwardMs += performance.now() - t0;
    return {
      value,
      gradFunc: (dy: tf.Tensor) => {
        const t1 = performance.now();
        const g = recurrentBackward(cell, cache, dy.dataSync() as Float32Array, options.returnSequences);
        if (profile) profile.backwardMs += performance.now() - t1;
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

/** The constructor of a fused layer, with the kind it computes. */
export interface FusedLayerClass<A> {
  new (args: A): FusedRecurrentLayer<A>;
  readonly kind: RecurrentKind<A>;
}

/** A recurrent layer computed by {@link fusedRecurrentOp}; serializes as its stock layer. */
export abstract class FusedRecurrentLayer<A> extends tf.layers.Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  /** A stock layer with the same arguments: the source of initializers and of the serialized config. */
  protected readonly twin: tf.layers.Layer;
  private readonly fusedKind: RecurrentKind<A>;
  private readonly gateActivation: GateActivation;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: A, kind: RecurrentKind<A>) {
    super(args as LayerArgs);
    this.fusedKind = kind;
    this.twin = kind.stockLayer({ ...args, name: this.name });
    const config = this.twin.getConfig();
    const unsupported = fusedUnsupported(kind, config);
    if (unsupported) throw new Error(`Fused${kind.className} does not implement ${unsupported}; use tf.layers.${kind.className.toLowerCase()}.`);
    this.units = config.units as number;
    this.returnSequences = config.returnSequences as boolean;
    this.gateActivation = config.recurrentActivation as GateActivation;
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1] as number;
    const width = this.fusedKind.cell.gates * this.units;
    // The stock layer keeps its initializers on its cell (typed loosely in tfjs-layers' public API).
    const cell = (this.twin as unknown as { cell: Record<'kernelInitializer' | 'recurrentInitializer' | 'biasInitializer', Initializer> }).cell;
    this.kernel = this.addWeight('kernel', [features, width], 'float32', cell.kernelInitializer, undefined, true);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, width], 'float32', cell.recurrentInitializer, undefined, true);
    this.bias = this.buildBias(cell.biasInitializer);
    this.built = true;
  }

  /** The bias weight [gates·units]; a cell whose stock layer initializes its bias in parts overrides this. */
  protected buildBias(initializer: Initializer): tf.LayerVariable {
    return this.addWeight('bias', [this.fusedKind.cell.gates * this.units], 'float32', initializer, undefined, true);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      return fusedRecurrentOp(this.fusedKind, x, this.kernel!.read() as tf.Tensor2D, this.recurrentKernel!.read() as tf.Tensor2D, this.bias!.read() as tf.Tensor1D, {
        activation: this.gateActivation,
        returnSequences: this.returnSequences,
      });
    });
  }

  /**
   * What a whole-model fused training step (`training/fused-step.ts`) needs: the cell, its gate, and the
   * weights in the order kernel, recurrent kernel, bias.
   */
  fusedParts(): { cell: RecurrentCell; activation: GateActivation; weights: [tf.LayerVariable, tf.LayerVariable, tf.LayerVariable] } | null {
    if (!this.kernel || !this.recurrentKernel || !this.bias) return null;
    return { cell: this.fusedKind.cell, activation: this.gateActivation, weights: [this.kernel, this.recurrentKernel, this.bias] };
  }

  override getConfig(): tf.serialization.ConfigDict {
    // The stock layer's config, with what may have changed since construction.
    return { ...this.twin.getConfig(), name: this.name, trainable: this.trainable };
  }

  /** Deserializes a stock config: fused when it can be, the stock layer otherwise. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { kind } = cls as unknown as FusedLayerClass<tf.serialization.ConfigDict>;
    const probe = kind.stockLayer(config);
    if (fusedUnsupported(kind, probe.getConfig()) !== null) return probe as unknown as T;
    return new cls(config);
  }
}

/** A layer of `fused`'s kind: fused when the arguments allow it, otherwise the stock layer. */
export function fusedOrStockLayer<A>(fused: FusedLayerClass<A>, args: A): tf.layers.Layer {
  const probe = fused.kind.stockLayer(args);
  return fusedUnsupported(fused.kind, probe.getConfig()) === null ? new fused(args) : probe;
}
