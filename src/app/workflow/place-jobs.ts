/**
 * Any place on Earth, when the user asks: the Open-Meteo place search and the history download, which
 * then loads like an uploaded file (same parser, mapping and conversions). A failed or offline request
 * changes nothing already loaded.
 */
import { OPEN_METEO_ATTRIBUTION, placeLabel, type DailyVariable, type Place } from '../../ml/data/open-meteo.ts';
import type { MlClient } from '../../worker/ml-client.ts';
import { downloadHistory, searchPlaces, type Endpoints } from '../open-meteo.ts';
import type { DataJobs } from './data-jobs.ts';
import { LatestJob } from './latest-job.ts';
import type { ModelCache } from './model-cache.ts';
import { errorText, JobFamily, type WorkflowStore } from './store.ts';

export class PlaceJobs extends JobFamily {
  private readonly searching = new LatestJob();
  private readonly downloading = new LatestJob();

  constructor(
    store: WorkflowStore,
    client: MlClient,
    models: ModelCache,
    private readonly data: DataJobs,
    private readonly endpoints?: Endpoints,
  ) {
    super(store, client, models);
  }

  async search(query: string): Promise<void> {
    const s = this.store;
    s.update({ place: { ...s.state.place, search: { status: 'running', query, results: [], error: null } } });
    await this.searching.run(
      (signal) => searchPlaces(query, signal, this.endpoints),
      (results) => s.update({ place: { ...s.state.place, search: { status: 'done', query, results, error: null } } }),
      (error) => s.update({ place: { ...s.state.place, search: { status: 'error', query, results: [], error: errorText(error) } } }),
    );
  }

  async download(place: Place, years: { from: number; to: number }, variables: readonly DailyVariable[]): Promise<void> {
    const s = this.store;
    const label = `${placeLabel(place)}, ${years.from}–${years.to}`;
    s.update({ place: { ...s.state.place, download: { status: 'running', label, cached: false, error: null } } });
    await this.downloading.run(
      (signal) => downloadHistory(place, years, variables, signal, this.endpoints),
      async ({ csv, cached }) => {
        s.update({ place: { ...s.state.place, download: { status: 'done', label, cached, error: null } } });
        await this.data.loadDataset({
          kind: 'upload',
          name: `${placeLabel(place)} (Open-Meteo ERA5, ${years.from}–${years.to})`,
          file: new Blob([csv], { type: 'text/csv' }),
          description: `Open-Meteo historical weather API, ${placeLabel(place)} (${place.latitude.toFixed(2)}, ${place.longitude.toFixed(2)}), ${years.from}–${years.to}. ${OPEN_METEO_ATTRIBUTION}`,
        });
      },
      (error) => s.update({ place: { ...s.state.place, download: { status: 'error', label, cached: false, error: errorText(error) } } }),
    );
  }
}
