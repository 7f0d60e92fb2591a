/** The evaluation step's charts, built from an evaluation: scores, forecast vs actual, error per horizon day and residuals. */
import type { ChartConfiguration } from 'chart.js';
import type { BaselineId } from '../../ml/baselines/baselines.ts';
import type { Evaluation } from '../../ml/evaluation/metrics.ts';
import { chartColors, type ChartTable } from '../../ui/chart-view/chart-view.ts';
import { fixed, percent, signed, withUnits } from '../../ml/format.ts';

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Width of a residual histogram bin, in target units. */
export const BIN_WIDTH = 0.5;
/** "Close enough" band for the residual summary, in target units. */
export const CLOSE_BAND = 2;

export const SERIES: readonly { id: 'model' | BaselineId; label: string; color: string }[] = [
  { id: 'model', label: 'Model', color: chartColors.model },
  { id: 'persistence', label: 'Persistence', color: chartColors.persistence },
  { id: 'climatology', label: 'Climatology', color: chartColors.climatology },
];

export interface Histogram {
  /** Lower edge of each bin, for the chart's axis. */
  readonly edges: string[];
  /** "lo to hi units", for the data table. */
  readonly labels: string[];
  readonly counts: number[];
  /** Mean residual (forecast − actual) = bias, in units. */
  readonly bias: number;
  /** Share of residuals within ±CLOSE_BAND, 0..1. */
  readonly withinBand: number;
  readonly count: number;
}

export interface ChartSpec {
  readonly config: ChartConfiguration;
  readonly summary: string;
  readonly table: ChartTable;
}

/** `YYYY-MM-DD` shifted by `days`. */
function addDays(iso: string, days: number): string {
  if (days === 0) return iso;
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Residuals in bins of `BIN_WIDTH` units, with their mean and the share within ±`CLOSE_BAND`. */
export function residualHistogram(residuals: Float32Array, units: string): Histogram {
  let sum = 0;
  let close = 0;
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (const r of residuals) {
    if (!Number.isFinite(r)) continue;
    n++;
    sum += r;
    if (Math.abs(r) <= CLOSE_BAND) close++;
    min = Math.min(min, r);
    max = Math.max(max, r);
  }
  if (n === 0) return { edges: [], labels: [], counts: [], bias: NaN, withinBand: NaN, count: 0 };
  const first = Math.floor(min / BIN_WIDTH);
  const bins = Math.max(1, Math.floor(max / BIN_WIDTH) - first + 1);
  const counts = new Array<number>(bins).fill(0);
  for (const r of residuals) {
    if (Number.isFinite(r)) counts[Math.min(bins - 1, Math.floor(r / BIN_WIDTH) - first)]++;
  }
  const labels = counts.map((_, i) => {
    const lo = (first + i) * BIN_WIDTH;
    return `${fixed(lo, 1)} to ${fixed(lo + BIN_WIDTH, 1)}${units ? ` ${units}` : ''}`;
  });
  const edges = counts.map((_, i) => fixed((first + i) * BIN_WIDTH, 1));
  return { edges, labels, counts, bias: sum / n, withinBand: close / n, count: n };
}

/** Words for a coverage verdict in the calibration table. */
export const CALIBRATION = {
  ok: 'Well calibrated',
  'too-narrow': 'Too narrow: fewer days inside than it claims',
  'too-wide': 'Too wide: more days inside than it claims',
} as const;


export function axis(title: string) {
  return { title: { display: true, text: title } };
}

export function metricsChart(e: Evaluation): ChartSpec {
  const u = (v: number) => withUnits(v, e.units);
  const rows = SERIES.map((s) => {
    const m = s.id === 'model' ? e.model : e.baselines[s.id];
    return { ...s, mae: m.mae, rmse: m.rmse };
  });
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: ['MAE', 'RMSE'],
      datasets: rows.map((r) => ({ label: r.label, data: [r.mae, r.rmse], backgroundColor: r.color })),
    },
    options: { scales: { x: axis('Metric'), y: { ...axis(`Error (${e.units})`), beginAtZero: true } } },
  };
  const summary = `Test MAE: model ${u(e.model.mae)}, persistence ${u(e.baselines.persistence.mae)}, climatology ${u(e.baselines.climatology.mae)}. Test RMSE: model ${u(e.model.rmse)}, persistence ${u(e.baselines.persistence.rmse)}, climatology ${u(e.baselines.climatology.rmse)}.`;
  const table: ChartTable = { columns: ['Forecast', `MAE (${e.units})`, `RMSE (${e.units})`], rows: rows.map((r) => [r.label, r.mae, r.rmse]) };
  return { config, summary, table };
}

export function seriesChart(e: Evaluation, horizonDay: number, month: number): ChartSpec {
  const u = (v: number) => withUnits(v, e.units);
  const h = e.horizonDays;
  const d = horizonDay;
  const labels: string[] = [];
  const actual: number[] = [];
  const model: number[] = [];
  const persistence: number[] = [];
  const band = e.intervals;
  const lower: number[] = [];
  const upper: number[] = [];
  e.dates.forEach((first, i) => {
    const date = addDays(first, d);
    if (month !== 0 && Number(date.slice(5, 7)) !== month) return;
    labels.push(date);
    actual.push(e.actual[i * h + d]);
    model.push(e.predicted[i * h + d]);
    persistence.push(e.baselineForecasts.persistence[i * h + d]);
    if (band) {
      lower.push(band.lower[i * h + d]);
      upper.push(band.upper[i * h + d]);
    }
  });
  const line = (label: string, data: number[], color: string, dash?: number[]) => ({
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    borderWidth: label === 'Actual' ? 2 : 1.5,
    borderDash: dash,
    pointRadius: labels.length > 62 ? 0 : 2,
    tension: 0,
  });
  // The band: two borderless lines, the upper one filled down to the lower one ('-1' = previous dataset).
  const edge = (label: string, data: number[], fill: false | '-1') => ({
    label,
    data,
    borderColor: chartColors.band,
    backgroundColor: chartColors.band,
    borderWidth: 0,
    pointRadius: 0,
    tension: 0,
    fill,
  });
  const bandSets = band ? [edge('80 % band: 10th percentile', lower, false), edge('80 % band: 90th percentile', upper, '-1')] : [];
  const config: ChartConfiguration = {
    type: 'line',
    data: {
      labels,
      datasets: [
        line('Actual', actual, chartColors.observed),
        line(band ? 'Model (median)' : 'Model', model, chartColors.model),
        line('Persistence', persistence, chartColors.persistence, [4, 3]),
        ...bandSets,
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: { x: { ...axis('Date'), ticks: { maxTicksLimit: 8, autoSkip: true } }, y: axis(`${e.units}`) },
    },
  };
  const mae = (values: number[]) => values.reduce((s, v, i) => s + Math.abs(v - actual[i]), 0) / Math.max(1, values.length);
  const period = month === 0 ? 'the test period' : MONTHS[month - 1];
  const inside = actual.filter((y, i) => y >= lower[i] && y <= upper[i]).length;
  const width = upper.reduce((s, v, i) => s + v - lower[i], 0) / Math.max(1, upper.length);
  const bandText = band && labels.length > 0 ? ` ${inside} of ${labels.length} actual days (${percent(inside / labels.length)}) fall inside the model's 80 % band (shaded, 10th to 90th percentile), which is ${u(width)} wide on average.` : '';
  const summary =
    labels.length === 0
      ? `No test days fall in ${period}.`
      : `Horizon day ${d + 1}, ${labels.length} days from ${labels[0]} to ${labels.at(-1)}: the model's mean absolute error is ${u(mae(model))}, persistence's ${u(mae(persistence))}.${bandText}`;
  const table: ChartTable = band
    ? {
        columns: ['Date', `Actual (${e.units})`, `Model median (${e.units})`, `Band lower, 10th percentile (${e.units})`, `Band upper, 90th percentile (${e.units})`, `Persistence (${e.units})`],
        rows: labels.map((date, i) => [date, actual[i], model[i], lower[i], upper[i], persistence[i]]),
      }
    : {
        columns: ['Date', `Actual (${e.units})`, `Model (${e.units})`, `Persistence (${e.units})`],
        rows: labels.map((date, i) => [date, actual[i], model[i], persistence[i]]),
      };
  return { config, summary, table };
}

export function horizonChart(e: Evaluation): ChartSpec {
  const u = (v: number) => withUnits(v, e.units);
  const labels = e.model.maePerHorizon.map((_, j) => `Day ${j + 1}`);
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels,
      datasets: SERIES.map((s) => ({
        label: s.label,
        data: [...(s.id === 'model' ? e.model : e.baselines[s.id]).maePerHorizon],
        backgroundColor: s.color,
      })),
    },
    options: { scales: { x: axis('Horizon day'), y: { ...axis(`MAE (${e.units})`), beginAtZero: true } } },
  };
  const first = e.model.maePerHorizon[0];
  const last = e.model.maePerHorizon.at(-1)!;
  const summary = `The model's MAE grows from ${u(first)} on day 1 to ${u(last)} on day ${e.horizonDays}; persistence goes from ${u(e.baselines.persistence.maePerHorizon[0])} to ${u(e.baselines.persistence.maePerHorizon.at(-1)!)}, climatology stays near ${u(e.baselines.climatology.mae)}.`;
  const table: ChartTable = {
    columns: ['Horizon', ...SERIES.map((s) => `${s.label} MAE (${e.units})`)],
    rows: labels.map((label, j) => [label, e.model.maePerHorizon[j], e.baselines.persistence.maePerHorizon[j], e.baselines.climatology.maePerHorizon[j]]),
  };
  return { config, summary, table };
}

export function histogramChart(hist: Histogram, units: string): ChartSpec {

  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: hist.edges,
      datasets: [{ label: 'Forecasts', data: hist.counts, backgroundColor: chartColors.model, barPercentage: 1, categoryPercentage: 1 }],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: { x: { ...axis(`Forecast − actual (${units})`), ticks: { maxTicksLimit: 12, autoSkip: true, maxRotation: 0 } }, y: { ...axis('Number of forecasts'), beginAtZero: true } },
    },
  };
  const summary = `${hist.count} residuals: mean ${signed(hist.bias)} ${units} (bias), ${fixed(hist.withinBand * 100, 0)} % within ±${CLOSE_BAND} ${units}.`;
  const table: ChartTable = { columns: [`Residual (${units})`, 'Forecasts'], rows: hist.labels.map((label, i) => [label, hist.counts[i]]) };
  return { config, summary, table };
}
