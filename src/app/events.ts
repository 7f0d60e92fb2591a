/**
 * Intent events: what a step asks the app shell to do. Steps never call the worker or each other;
 * they dispatch one of these (bubbling, composed) and the shell handles it.
 */
import type { ArchitectureSpec } from '../ml/architectures/architectures.ts';
import type { BackendName } from '../ml/backend.ts';
import type { DateOrder } from '../ml/data/dates.ts';
import type { MappingOverride } from '../ml/data/mapping.ts';
import type { DailyVariable, Place } from '../ml/data/open-meteo.ts';
import type { DataSpec } from '../ml/data/prepare.ts';
import type { ShippedDatasetId } from '../ml/datasets.ts';
import type { RawRow } from '../ml/export/bundle.ts';
import type { SearchSpace } from '../ml/fine-tuning/fine-tuning.ts';
import type { TrainingConfig } from '../ml/training/train.ts';
import type { DataSource } from '../worker/protocol.ts';
import type { StepId } from './state.ts';

/** Intent name → detail. */
export interface IntentMap {
  'navigate': { step: StepId };
  'dataset-selected': { source: DataSource };
  'data-spec-changed': { spec: DataSpec };
  /** The user changed how one column of an uploaded file is read; `override` null = back to the detected. */
  'mapping-changed': { column: string; override: MappingOverride | null };
  /** The user chose the order of numeric dates that the data did not decide. */
  'date-order-chosen': { order: DateOrder };
  /** Search Open-Meteo for a place (the user asked: nothing is sent before). */
  'place-search-requested': { query: string };
  /** Download a place's daily history from Open-Meteo and load it as the dataset. */
  'place-download-requested': { place: Place; years: { from: number; to: number }; variables: DailyVariable[] };
  'architecture-changed': { architecture: ArchitectureSpec };
  'training-config-changed': { training: TrainingConfig };
  'backend-changed': { backend: BackendName };
  'train-requested': Record<string, never>;
  'stop-requested': Record<string, never>;
  'run-selected': { runId: string };
  'continue-requested': { learningRateFactor: number; epochs: number };
  'search-requested': { space: SearchSpace; mode: 'grid' | 'random'; trials?: number; epochs: number };
  /** The search panel is on screen: start the search's helper workers now, so that a search starts on every core. */
  'search-warmup-requested': Record<string, never>;
  /** Train a search trial's settings for the full number of epochs, as a new run with lineage. */
  'train-winner-requested': { trialId: string };
  'transfer-requested': { target: ShippedDatasetId; fraction: number; freeze: string[]; epochs: number };
  'ensemble-requested': { members: number };
  /** Train linear and GRU on 1, 4, 16 and 48 years of the loaded long record, each for at most `epochs`. */
  'learning-curve-requested': { epochs: number };
  'export-requested': Record<string, never>;
  'bundle-opened': { name: string; bytes: Uint8Array };
  'forecast-requested': { rows?: RawRow[] };
  /** Run the reopened zip's model.onnx with onnxruntime-web and replay its test vectors. */
  'onnx-check-requested': Record<string, never>;
  'notice-dismissed': Record<string, never>;
  'runs-deleted': { runIds: string[] };
  'experiments-export-requested': { format: 'csv' | 'json' };
  'reopened-model-kept': Record<string, never>;
  'shared-link-dismissed': Record<string, never>;
}

export type IntentType = keyof IntentMap;

/** A typed intent event; bubbles and crosses shadow roots up to the app shell. */
export class IntentEvent<K extends IntentType = IntentType> extends CustomEvent<IntentMap[K]> {
  constructor(type: K, detail: IntentMap[K]) {
    super(type, { detail, bubbles: true, composed: true });
  }
}

/** Shorthand: `this.dispatchEvent(intent('train-requested', {}))`. */
export function intent<K extends IntentType>(type: K, detail: IntentMap[K]): IntentEvent<K> {
  return new IntentEvent(type, detail);
}

export const INTENT_TYPES: readonly IntentType[] = [
  'navigate',
  'dataset-selected',
  'data-spec-changed',
  'mapping-changed',
  'date-order-chosen',
  'place-search-requested',
  'place-download-requested',
  'architecture-changed',
  'training-config-changed',
  'backend-changed',
  'train-requested',
  'stop-requested',
  'run-selected',
  'continue-requested',
  'search-requested',
  'search-warmup-requested',
  'train-winner-requested',
  'transfer-requested',
  'ensemble-requested',
  'learning-curve-requested',
  'export-requested',
  'bundle-opened',
  'forecast-requested',
  'onnx-check-requested',
  'notice-dismissed',
  'runs-deleted',
  'experiments-export-requested',
  'reopened-model-kept',
  'shared-link-dismissed',
];

declare global {
  interface HTMLElementEventMap {
    'navigate': IntentEvent<'navigate'>;
    'dataset-selected': IntentEvent<'dataset-selected'>;
    'data-spec-changed': IntentEvent<'data-spec-changed'>;
    'mapping-changed': IntentEvent<'mapping-changed'>;
    'date-order-chosen': IntentEvent<'date-order-chosen'>;
    'place-search-requested': IntentEvent<'place-search-requested'>;
    'place-download-requested': IntentEvent<'place-download-requested'>;
    'architecture-changed': IntentEvent<'architecture-changed'>;
    'training-config-changed': IntentEvent<'training-config-changed'>;
    'backend-changed': IntentEvent<'backend-changed'>;
    'train-requested': IntentEvent<'train-requested'>;
    'stop-requested': IntentEvent<'stop-requested'>;
    'run-selected': IntentEvent<'run-selected'>;
    'continue-requested': IntentEvent<'continue-requested'>;
    'search-requested': IntentEvent<'search-requested'>;
    'search-warmup-requested': IntentEvent<'search-warmup-requested'>;
    'train-winner-requested': IntentEvent<'train-winner-requested'>;
    'transfer-requested': IntentEvent<'transfer-requested'>;
    'ensemble-requested': IntentEvent<'ensemble-requested'>;
    'learning-curve-requested': IntentEvent<'learning-curve-requested'>;
    'export-requested': IntentEvent<'export-requested'>;
    'bundle-opened': IntentEvent<'bundle-opened'>;
    'forecast-requested': IntentEvent<'forecast-requested'>;
    'notice-dismissed': IntentEvent<'notice-dismissed'>;
    'runs-deleted': IntentEvent<'runs-deleted'>;
    'experiments-export-requested': IntentEvent<'experiments-export-requested'>;
    'reopened-model-kept': IntentEvent<'reopened-model-kept'>;
    'shared-link-dismissed': IntentEvent<'shared-link-dismissed'>;
  }
}
