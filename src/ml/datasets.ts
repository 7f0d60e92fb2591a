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

/**
 * The split of the 50-year records: test 2008-01-01 – 2009-12-31, the last 10 % of the training
 * years' windows validate. How many years to learn from is the `trainYears` setting (absent: all 48).
 */
export const LONG_RECORD_SPLIT: SplitSpec = { kind: 'test-from-date', testStart: '2008-01-01', validationFraction: 0.1 };

/** GHCN-Daily station IDs of the shipped 50-year records (`datasets/ghcn/<id>.csv`). */
export type LongRecordId = 'USW00023050' | 'USW00094830' | 'USW00014740' | 'USW00024130' | 'USW00013880' | 'USW00093820';

/** A 50-year daily temperature record of one station, loaded only when chosen. */
export interface LongRecord {
  readonly id: LongRecordId;
  /** The station's name, only where it was checked against public station lists; `null` otherwise. */
  readonly station: string | null;
  /** "Toledo Express Airport, OH (USW00094830)", or "USW00013880 (name not verified)". */
  readonly label: string;
  /** Path in `datasets/`. */
  readonly file: string;
  readonly source: string;
  readonly split: SplitSpec;
}

const LONG_SOURCE =
  'NOAA NCEI GHCN-Daily (U.S. Government work), daily min/max temperature 1960–2009, via GoogleCloudPlatform/training-data-analyst (Apache-2.0) at 60468a3';

function longRecord(id: LongRecordId, station: string | null): LongRecord {
  return { id, station, label: station ? `${station} (${id})` : `${id} (name not verified)`, file: `ghcn/${id}.csv`, source: `${LONG_SOURCE}, station ${id}`, split: LONG_RECORD_SPLIT };
}

/** Registry of the 50-year records; names as verified in `datasets/README.md`. */
export const LONG_RECORDS: Readonly<Record<LongRecordId, LongRecord>> = {
  USW00023050: longRecord('USW00023050', 'Albuquerque International Sunport, NM'),
  USW00094830: longRecord('USW00094830', 'Toledo Express Airport, OH'),
  USW00014740: longRecord('USW00014740', 'Hartford Bradley International Airport, CT'),
  USW00024130: longRecord('USW00024130', 'Baker City Municipal Airport, OR'),
  USW00013880: longRecord('USW00013880', null),
  USW00093820: longRecord('USW00093820', null),
};

export function isLongRecordId(id: string): id is LongRecordId {
  return Object.hasOwn(LONG_RECORDS, id);
}

/** Any dataset that ships in `datasets/`: the two 4-year cities or a 50-year record. */
export type DatasetId = ShippedDatasetId | LongRecordId;

export function isDatasetId(id: string): id is DatasetId {
  return isShippedDatasetId(id) || isLongRecordId(id);
}

/** The registry entry of any shipped dataset. */
export function datasetInfo(id: DatasetId): ShippedDataset | LongRecord {
  return isShippedDatasetId(id) ? SHIPPED_DATASETS[id] : LONG_RECORDS[id];
}

/** Every shipped dataset, the cities first. */
export function allDatasets(): (ShippedDataset | LongRecord)[] {
  return [...Object.values(SHIPPED_DATASETS), ...Object.values(LONG_RECORDS)];
}
