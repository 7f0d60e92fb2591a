import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/data/data-step.ts';
import type { DataStep } from '../../../src/steps/data/data-step.ts';
import type { WorkflowState } from '../../../src/app/state.ts';
import type { ChartView } from '../../../src/ui/chart-view/chart-view.ts';
import type { NumberField } from '../../../src/ui/number-field/number-field.ts';
import type { DatasetSummary } from '../../../src/worker/protocol.ts';
import { parseWeatherCsv } from '../../../src/ml/data/csv.ts';
import noaaStandardCsv from '../../fixtures/formats/noaa-cdo-standard.csv?raw';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { deep, mount, shadow, listen } from '../mount.ts';

let withData: WorkflowState;

beforeAll(async () => {
  ({ withData } = await workflowStates());
}, 60_000);

function text(el: Element): string {
  return deep(el).textContent!.replace(/\s+/g, ' ');
}

function banners(el: DataStep): { message: string; hint: string }[] {
  return [...deep(el).querySelectorAll('error-banner')].map((b) => ({ message: b.message, hint: b.hint })).filter((b) => b.message);
}

function typeInto(field: NumberField, value: string): void {
  const input = shadow(field).querySelector('input')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function chooseFile(el: DataStep, file: File): void {
  const input = deep(el).querySelector<HTMLInputElement>('input[type="file"]')!;
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
}

describe('<data-step>', () => {
  it('shows the quality report, summary statistics and windows per split from the state', async () => {
    const el = await mount('data-step', { state: withData });
    const report = withData.dataset.summary!.report;
    const periods = withData.prepared.summary!.periods;
    const t = text(el);
    expect(deep(el).querySelector('h1')!.textContent).toBe('Step 1 · Data');
    expect(t).toContain(`Rows: ${report.rows.toLocaleString('en-US')} days`);
    expect(t).toContain(`Period: ${report.period.start} to ${report.period.end}`);
    const rows = [...deep(el).querySelectorAll('table')[0].querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual(Object.keys(report.columns));
    const tempMax = rows.find((r) => r.querySelector('th')!.textContent === 'temp_max')!;
    const cells = [...tempMax.querySelectorAll('td')].map((c) => c.textContent!.trim());
    expect(cells[0]).toBe('°C');
    expect(cells[4]).toBe(report.columns.temp_max.max.toLocaleString('en-US', { maximumFractionDigits: 2 }));
    for (const split of ['train', 'validation', 'test'] as const) {
      expect(t).toContain(`${periods[split].start} to ${periods[split].end} · ${periods[split].windows.toLocaleString('en-US')} windows`);
    }
    expect(t).toContain('No missing values, no repairs');
  });

  it('lists repairs, trimmed rows, warnings and ignored columns', async () => {
    const summary = withData.dataset.summary!;
    const patched: DatasetSummary = {
      ...summary,
      report: {
        ...summary.report,
        repairs: [{ column: 'wind', dates: ['2012-03-04', '2012-03-05'], method: 'linear-interpolation' }],
        trimmed: { leading: 1, trailing: 0, dates: ['2011-12-31'] },
        warnings: ['2 missing value(s) were filled in by linear interpolation between neighbouring days.'],
      },
      ignoredColumns: [{ name: 'weather', reason: 'not numeric' }],
    };
    const el = await mount('data-step', { state: { ...withData, dataset: { ...withData.dataset, summary: patched } } });
    const t = text(el);
    expect(t).toContain('Repaired by linear interpolation: wind on 2012-03-04, 2012-03-05.');
    expect(t).toContain('Trimmed 1 row(s) at the start and 0 at the end: 2011-12-31.');
    expect(t).toContain('2 missing value(s) were filled in');
    expect(t).toContain('weather: not numeric');
  });

  it('choosing New York dispatches dataset-selected with the shipped source', async () => {
    const el = await mount('data-step', { state: withData });
    const events = listen(el, 'dataset-selected');
    const radios = [...deep(el).querySelectorAll<HTMLInputElement>('input[name="dataset"]')];
    expect(radios.map((r) => r.checked)).toEqual([true, false]);
    radios[1].click();
    expect(events.map((e) => e.detail)).toEqual([{ source: { kind: 'shipped', id: 'new-york' } }]);
  });

  it('dispatches an uploaded CSV as its file (the worker reads it); refuses files over 50 MB before sending it', async () => {
    const el = await mount('data-step', { state: withData });
    const events = listen(el, 'dataset-selected');
    const csv = 'date,rain,tmax\n2020-01-01,0,5\n2020-01-02,1,6\n';
    const file = new File([csv], 'mine.csv', { type: 'text/csv' });
    chooseFile(el, file);
    await expect.poll(() => events.length).toBe(1);
    expect(events[0].detail).toEqual({ source: { kind: 'upload', name: 'mine.csv', file } });
    expect((events[0].detail as { source: { file: Blob } }).source.file).toBe(file);

    const big = new File(['x'], 'huge.csv');
    Object.defineProperty(big, 'size', { value: 60 * 1024 * 1024 });
    chooseFile(el, big);
    await el.updateComplete;
    expect(events).toHaveLength(1);
    expect(banners(el)[0].message).toBe('"huge.csv" is 60 MB; files up to 50 MB can be loaded.');
  });

  it('shows a dataset error with line, column and hint while the previous data stays on screen', async () => {
    const error = { name: 'CsvError', code: 'bad-number', message: 'Line 7, column "wind": "abc" is not a number. Use numbers only.', row: 7, column: 'wind', hint: 'Use numbers only.' };
    const el = await mount('data-step', { state: { ...withData, dataset: { ...withData.dataset, error } } });
    const [banner] = banners(el);
    expect(banner.message).toBe('Line 7, column "wind": "abc" is not a number.');
    expect(banner.hint).toContain('Use numbers only.');
    expect(banner.hint).toContain('The previous data (Seattle, WA) is still in use.');
    expect(text(el)).toContain('Summary statistics and data quality');
  });

  it('adds line and column to an error message that does not name them', async () => {
    const error = { name: 'CsvError', message: 'Not a number.', row: 3, column: 'wind' };
    const el = await mount('data-step', { state: { ...withData, dataset: { ...withData.dataset, error } } });
    expect(banners(el)[0].message).toBe('Not a number. (line 3, column "wind")');
  });

  it('changing target, inputs, seasonal, lookback and horizon dispatches the full spec, keeping the split', async () => {
    const el = await mount('data-step', { state: withData });
    const events = listen(el, 'data-spec-changed');
    const spec = withData.settings.dataSpec;
    const select = deep(el).querySelector<HTMLSelectElement>('select#target')!;
    expect(select.value).toBe('temp_max');
    select.value = 'temp_min';
    select.dispatchEvent(new Event('change'));
    expect(events[0].detail.spec).toEqual({ ...spec, features: { ...spec.features, target: 'temp_min' } });

    const inputs = [...deep(el).querySelectorAll<HTMLInputElement>('fieldset.field input[type="checkbox"]')];
    const target = inputs.find((i) => i.value === 'temp_max')!;
    expect(target.checked && target.disabled).toBe(true);
    inputs.find((i) => i.value === 'wind')!.click();
    expect(events[1].detail.spec.features.inputs).toEqual(['precipitation', 'temp_max', 'temp_min']);
    expect(events[1].detail.spec.split).toBe(spec.split);

    const seasonal = inputs.find((i) => i.parentElement!.textContent!.includes('Day-of-year'))!;
    seasonal.click();
    expect(events[2].detail.spec.features.seasonal).toBe(false);

    const [lookback, horizon] = [...deep(el).querySelectorAll('number-field')];
    typeInto(lookback, '30');
    typeInto(horizon, '3');
    typeInto(horizon, '8'); // out of range: nothing sent
    expect(events.slice(3).map((e) => e.detail.spec.window)).toEqual([
      { lookbackDays: 30, horizonDays: 1 },
      { lookbackDays: 14, horizonDays: 3 },
    ]);
  });

  it('plots the target by default with the periods shaded, and the chosen columns', async () => {
    const el = await mount('data-step', { state: withData });
    const chart = deep(el).querySelector<ChartView>('chart-view')!;
    const config = () => chart.config as unknown as { data: { labels: string[]; datasets: { label: string; data: number[] }[] }; options: { plugins: { periodShading: { bands: { from: number; to: number }[] } } } };
    expect(config().data.datasets.map((d) => d.label)).toEqual(['temp_max (°C)']);
    expect(config().data.labels).toHaveLength(withData.dataset.summary!.days.count);
    const bands = config().options.plugins.periodShading.bands;
    expect(bands).toHaveLength(3);
    expect(config().data.labels[bands[2].from]).toBe('2015-01-01');
    // Four years of ticks name their month: four full dates overlapped at a phone's width.
    const ticks = (config().options as unknown as { scales: { x: { ticks: { callback(this: unknown, v: number): string } } } }).scales.x.ticks;
    expect(ticks.callback.call({ getLabelForValue: (v: number) => config().data.labels[v] }, bands[2].from)).toBe('2015-01');
    expect(chart.label).toContain('training, validation and test periods');
    expect(chart.summary).toContain('temp_max ranges from');

    const plot = [...deep(el).querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((i) => i.value === 'precipitation' && !i.closest('fieldset.field'))!;
    plot.click();
    await el.updateComplete;
    expect(config().data.datasets.map((d) => d.label)).toEqual(['precipitation (mm)', 'temp_max (°C)']);
  });

  it('draws a 43,000-day record as 2,000 points, keeping each bucket\'s extremes, the shading in place and every day in the table', async () => {
    const base = withData.dataset.summary!;
    const n = 43_000;
    const dates = Array.from({ length: n }, (_, i) => new Date(Date.UTC(1900, 0, 1 + i)).toISOString().slice(0, 10));
    const temp = Array.from({ length: n }, (_, i) => 12 + 10 * Math.sin((2 * Math.PI * i) / 365.25));
    temp[12_345] = 99;
    temp[30_000] = -40;
    temp[20_000] = NaN;
    const summary: DatasetSummary = { ...base, days: { first: dates[0], count: n }, columns: Object.fromEntries(Object.keys(base.columns).map((c) => [c, Float64Array.from(c === 'temp_max' ? temp : temp.map(() => 1))])) };
    const el = await mount('data-step', { state: { ...withData, dataset: { ...withData.dataset, summary } } });
    const chart = deep(el).querySelector<ChartView>('chart-view')!;
    const config = chart.config as unknown as { data: { labels: string[]; datasets: { data: number[] }[] }; options: { plugins: { periodShading: { bands: { from: number; to: number }[] } } } };
    const drawn = config.data.datasets[0].data;
    expect(config.data.labels.length).toBeLessThanOrEqual(2000);
    expect(drawn).toHaveLength(config.data.labels.length);
    const finite = drawn.filter(Number.isFinite);
    expect(Math.max(...finite)).toBe(99);
    expect(Math.min(...finite)).toBe(-40);
    // Shading keeps its place: the test period starts where 2015-01-01 falls on the drawn axis.
    const k = Math.ceil(n / 1000);
    const testStart = config.options.plugins.periodShading.bands[2].from;
    expect(Math.abs(testStart - (2 * dates.indexOf('2015-01-01')) / k)).toBeLessThan(1);
    const [from, to] = config.data.labels[Math.floor(testStart)].split(' – ');
    expect(from <= '2015-01-01' && '2015-01-01' <= to).toBe(true);
    // Both points of a bucket carry its date range: the tooltip does not pin an extreme on the wrong day.
    expect(dates.indexOf(to) - dates.indexOf(from)).toBe(k - 1);
    expect(chart.summary).toContain(`The 43,000 days are drawn as the lowest and highest value of every ${k} days`);
    expect(chart.table!.rows).toHaveLength(n);
    // Ticks months apart read as "1972-07" (four fit on a phone), not "1972-07-16".
    const ticks = (chart.config as unknown as { options: { scales: { x: { ticks: { callback: (this: unknown, v: number) => string } } } } }).options.scales.x.ticks;
    expect(ticks.callback.call({ getLabelForValue: (v: number) => config.data.labels[v] }, 0)).toBe('1900-01');
  });

  it('for an upload, shows how each column was read and sends a changed role or unit', async () => {
    const parsed = parseWeatherCsv(noaaStandardCsv, { mapping: { PRCP: { unit: 'mm' } } });
    const summary = withData.dataset.summary!;
    const uploaded: DatasetSummary = { ...summary, columns: parsed.table.columns, units: parsed.table.units, report: parsed.report, ignoredColumns: parsed.ignoredColumns, mapping: parsed.mapping };
    const state: WorkflowState = {
      ...withData,
      settings: {
        ...withData.settings,
        dataSource: { kind: 'upload', name: 'noaa.csv', file: null, mapping: { PRCP: { unit: 'mm' } } },
        dataSpec: { ...withData.settings.dataSpec, features: { target: 'TMAX', inputs: ['AWND', 'PRCP', 'TMAX', 'TMIN'] } },
      },
      dataset: { ...withData.dataset, summary: uploaded },
    };
    const el = await mount('data-step', { state });
    const hint = deep(el).querySelector('#target-hint')!.textContent!.replace(/\s+/g, ' ');
    expect(hint).toContain('TMAX is your file’s daily maximum temperature');
    const rows = deep(el).querySelectorAll('table.mapping tbody tr').map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).toHaveLength(parsed.mapping.length);
    expect(rows.find((r) => r.startsWith('TMAX'))).toContain('TMAX in °C (from °F) the target');
    expect(rows.find((r) => r.startsWith('STATION'))).toContain('text, not numbers');
    expect(text(el)).toContain('Converted: AWND: mph → m/s, SNOW: in → mm');
    expect(rows.find((r) => r.startsWith('PRCP'))).toContain('PRCP in mm input Reset');
    // The role of AWND and the unit of TMAX, changed; the changed PRCP reset.
    const events = listen(el, 'mapping-changed');
    const select = (label: string) => deep(el).querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`)!;
    select('Role of AWND').value = 'ignore';
    select('Role of AWND').dispatchEvent(new Event('change'));
    select('Unit of TMAX in the file').value = '°C';
    select('Unit of TMAX in the file').dispatchEvent(new Event('change'));
    deep(el).querySelector<HTMLButtonElement>('button[data-column="PRCP"]')!.click();
    expect(events.map((e) => e.detail)).toEqual([
      { column: 'AWND', override: { role: 'ignore' } },
      { column: 'TMAX', override: { unit: '°C' } },
      { column: 'PRCP', override: null },
    ]);
  });

  it('shows a preparation error and disables Next until data is prepared', async () => {
    const state: WorkflowState = { ...withData, prepared: { status: 'error', summary: null, error: 'Too few rows for a 90-day lookback.' } };
    const el = await mount('data-step', { state });
    expect(banners(el).map((b) => b.message)).toContain('Too few rows for a 90-day lookback.');
    const next = [...deep(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Next'))!;
    expect(next.disabled).toBe(true);

    el.state = withData;
    await el.updateComplete;
    const events = listen(el, 'navigate');
    expect(next.disabled).toBe(false);
    next.click();
    expect(events.map((e) => e.detail)).toEqual([{ step: 'architecture' }]);
  });

  it('draws the last training window and moves it when lookback becomes 30 and horizon 3', async () => {
    const el = await mount('data-step', { state: withData });
    const chart = () => deep(el).querySelector<ChartView>('chart-view')!;
    const sentence = () => deep(el).querySelector('[data-testid="window-sentence"]')!.textContent!.replace(/\s+/g, ' ').trim();
    const marked = (role: string) => chart().table!.rows.filter((r) => r[r.length - 1] === role).map((r) => r[0]);
    const trainEnd = withData.prepared.summary!.periods.train.end;
    expect(chart().table!.columns.at(-1)).toBe('Window');
    expect(marked('input')).toHaveLength(14);
    expect(marked('forecast')).toEqual([trainEnd]);
    expect(sentence()).toBe(`Last training window: 14 days of every input → forecast temp_max for 1 day: ${marked('input')[0]} … ${marked('input')[13]} → ${trainEnd}.`);
    expect(chart().summary).toContain('Marked: one input window, 14 days of every input');

    const dataSpec = { ...withData.settings.dataSpec, window: { lookbackDays: 30, horizonDays: 3 } };
    el.state = { ...withData, settings: { ...withData.settings, dataSpec } };
    await el.updateComplete;
    const inputs = marked('input');
    const forecast = marked('forecast');
    expect(inputs).toHaveLength(30);
    expect(forecast).toHaveLength(3);
    expect(forecast.at(-1)).toBe(trainEnd);
    expect(Date.parse(forecast[0] as string) - Date.parse(inputs[29] as string)).toBe(86_400_000);
    expect(sentence()).toBe(`Last training window: 30 days of every input → forecast temp_max for 3 days: ${inputs[0]} … ${inputs[29]} → ${forecast[0]} … ${forecast[2]}.`);
    expect(text(el)).toContain('Forecast days (horizon)');
  });
});
