/**
 * `FusedGRU`: the fused recurrent layer (`fused-recurrent.ts`) with the GRU cell (`gru-math.ts`), a
 * drop-in replacement for `tf.layers.gru` (~100 small tensor ops per time step in stock tfjs).
 * Importing this module registers it under the class name `GRU`.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedRecurrentLayer, fusedOrStockLayer, type FusedProfile, type RecurrentKind } from './fused-recurrent.ts';
import { gruCell } from './gru-math.ts';

/** Constructor arguments of `tf.layers.gru`. */
export type GruLayerArgs = Parameters<typeof tf.layers.gru>[0];

/** Cumulative wall time of the fused GRU's forward and backward arithmetic (read by bench/profile-gru.ts). */
export const fusedGruProfile: FusedProfile = { forwardMs: 0, backwardMs: 0 };

const GRU_KIND: RecurrentKind<GruLayerArgs> = {
  className: 'GRU',
  stockLayer: tf.layers.gru,
  extraFalseOptions: ['resetAfter'],
  cell: gruCell,
  profile: fusedGruProfile,
};

/** A GRU layer computed in one fused op; serializes as a stock `GRU`. */
export class FusedGRU extends FusedRecurrentLayer<GruLayerArgs> {
  /** Serialized under the stock name so that stock TensorFlow.js loads exported models. */
  static className = 'GRU';
  static readonly kind = GRU_KIND;

  constructor(args: GruLayerArgs) {
    super(args, GRU_KIND);
  }
}

/** A GRU layer: fused when the arguments allow it, otherwise the stock `tf.layers.gru`. */
export function gruLayer(args: GruLayerArgs): tf.layers.Layer {
  return fusedOrStockLayer(FusedGRU, args);
}

tf.serialization.registerClass(FusedGRU);
