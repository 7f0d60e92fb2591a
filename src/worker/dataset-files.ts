/**
 * The text of the shipped datasets, for the worker. The two 4-year cities (40 KB each) are bundled
 * into the worker; the 50-year records (≈ 410 KB each) are separate files that are fetched only when
 * one is chosen, so neither the page's first render nor the worker's start waits for them.
 */
import newYorkCsv from '../../datasets/new-york.csv?raw';
import seattleCsv from '../../datasets/seattle.csv?raw';
import { isShippedDatasetId, LONG_RECORDS, type DatasetId, type ShippedDatasetId } from '../ml/datasets.ts';

const CITY_TEXT: Record<ShippedDatasetId, string> = { seattle: seattleCsv, 'new-york': newYorkCsv };

/** URL of each long record's file, by path (`../../datasets/ghcn/USW00094830.csv`): the build emits each as its own asset. */
const LONG_RECORD_URLS = import.meta.glob<string>('../../datasets/ghcn/*.csv', { query: '?url', import: 'default', eager: true });

const fetched = new Map<DatasetId, Promise<string>>();

async function download(url: string, label: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`The file of ${label} could not be loaded (${error instanceof Error ? error.message : String(error)}). Check the connection to this page's server and choose it again.`, { cause: error });
  }
  if (!response.ok) throw new Error(`The file of ${label} could not be loaded (HTTP ${response.status}). Reload the page and choose it again.`);
  return response.text();
}

/** The CSV text of a shipped dataset; a long record is fetched once, on first use. */
export function datasetText(id: DatasetId): Promise<string> {
  if (isShippedDatasetId(id)) return Promise.resolve(CITY_TEXT[id]);
  const record = LONG_RECORDS[id];
  const url = LONG_RECORD_URLS[`../../datasets/${record.file}`];
  if (!url) return Promise.reject(new Error(`The file of ${record.label} is not part of this build.`));
  let text = fetched.get(id);
  if (!text) {
    text = download(url, record.label);
    // A failed download may be retried by choosing the dataset again.
    text.catch(() => fetched.delete(id));
    fetched.set(id, text);
  }
  return text;
}
