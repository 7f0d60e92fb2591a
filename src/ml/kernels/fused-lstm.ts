/**
 * `FusedLSTM`: the fused recurrent layer (`fused-recurrent.ts`) with the LSTM cell (`lstm-math.ts`), a
 * drop-in replacement for `tf.layers.lstm` (~20 small tensor ops per time step in stock tfjs and ~3× as
 * many in the backward pass), `unitForgetBias` included. Importing this module registers it under the
 * class name `LSTM`.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedRecurrentLayer, fusedOrStockLayer, type Initializer, type RecurrentKind } from './fused-recurrent.ts';
import { lstmCell } from './lstm-math.ts';

/** Constructor arguments of `tf.layers.lstm`. */
export type LstmLayerArgs = Parameters<typeof tf.layers.lstm>[0];

const LSTM_KIND: RecurrentKind<LstmLayerArgs> = {
  className: 'LSTM',
  stockLayer: tf.layers.lstm,
  extraFalseOptions: [],
  cell: lstmCell,
};

/** An LSTM layer computed in one fused op; serializes as a stock `LSTM`. */
export class FusedLSTM extends FusedRecurrentLayer<LstmLayerArgs> {
  /** Serialized under the stock name so that stock TensorFlow.js loads exported models. */
  static className = 'LSTM';
  static readonly kind = LSTM_KIND;
  private readonly unitForgetBias: boolean;

  constructor(args: LstmLayerArgs) {
    super(args, LSTM_KIND);
    this.unitForgetBias = Boolean(this.twin.getConfig().unitForgetBias);
  }

  protected override buildBias(initializer: Initializer): tf.LayerVariable {
    if (!this.unitForgetBias) return super.buildBias(initializer);
    const bias = super.buildBias(tf.initializers.zeros());
    // As tfjs' LSTMCell does: [init(units), ones(units), init(2·units)].
    const init = initializer as unknown as { apply(shape: number[]): tf.Tensor };
    const value = tf.tidy(() => tf.concat([init.apply([this.units]), tf.ones([this.units]), init.apply([2 * this.units])]));
    bias.write(value);
    value.dispose();
    return bias;
  }
}

/** An LSTM layer: fused when the arguments allow it, otherwise the stock `tf.layers.lstm`. */
export function lstmLayer(args: LstmLayerArgs): tf.layers.Layer {
  return fusedOrStockLayer(FusedLSTM, args);
}

tf.serialization.registerClass(FusedLSTM);
