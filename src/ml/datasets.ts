import { SHIPPED_SPLIT, type SplitSpec } from './data/split.ts';

export type ShippedDatasetId = 'seattle' | 'new-york';

/** A dataset that ships with the app, in `datasets/`. Provenance in `datasets/README.md`. */
export interface ShippedDataset {
  readonly id: ShippedDatasetId;
  readonly label: string;
  /** File name in `datasets/`. */
  readonly file: string;
  readonly source: string;
  readonly split: SplitSpec;
}

const SOURCE = 'NOAA Climate Data Online daily summaries (U.S. Government work), via vega-datasets 3.2.1 data/weather.csv';

/** Registry of shipped datasets. */
export const SHIPPED_DATASETS: Readonly<Record<ShippedDatasetId, ShippedDataset>> = {
  seattle: { id: 'seattle', label: 'Seattle, WA', file: 'seattle.csv', source: `${SOURCE}, Seattle`, split: SHIPPED_SPLIT },
  'new-york': { id: 'new-york', label: 'New York, NY', file: 'new-york.csv', source: `${SOURCE}, New York`, split: SHIPPED_SPLIT },
};

export function isShippedDatasetId(id: string): id is ShippedDatasetId {
  return Object.hasOwn(SHIPPED_DATASETS, id);
}
