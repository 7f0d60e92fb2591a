/** The "any place" search and download: what the Data step shows while the user asks Open-Meteo. */
import type { Place } from '../ml/data/open-meteo.ts';
import type { JobStatus as Status } from './state.ts';

export interface PlaceState {
  readonly search: { readonly status: Status; readonly query: string; readonly results: readonly Place[]; readonly error: string | null };
  /** The last download: which place and years, whether it came from the cache. */
  readonly download: { readonly status: Status; readonly label: string; readonly cached: boolean; readonly error: string | null };
}

export const INITIAL_PLACE_STATE: PlaceState = {
  search: { status: 'idle', query: '', results: [], error: null },
  download: { status: 'idle', label: '', cached: false, error: null },
};

/** The part of the workflow state this file owns. */
export interface PlaceSlice {
  readonly place: PlaceState;
}
