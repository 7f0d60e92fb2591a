/** The explanation panel's pictures, built from a model explanation: an importance bar chart and a weight heatmap. */
import type { ChartConfiguration } from 'chart.js';
import type { ModelExplanation } from '../../worker/protocol.ts';
import { chartColors, type ChartTable } from '../../ui/chart-view/chart-view.ts';
import { fixed, signed, withUnits } from '../../ml/format.ts';
import type { ChartSpec } from './evaluation-charts.ts';

type Weights = NonNullable<ModelExplanation['weights']>;

/** Below this rise (in target units) an input is reported as not used. */
export const NEGLIGIBLE_RISE = 0.005;

/** One sentence on the input the model relies on most. */
export function topInputSentence(x: ModelExplanation): string {
  const [top, second] = x.importance;
  const u = (v: number) => withUnits(v, x.targetUnits);
  if (!top || top.increase < NEGLIGIBLE_RISE) return `No input matters much: shuffling any one of them raises the validation MAE by less than ${u(NEGLIGIBLE_RISE)}.`;
  const next = second ? ` Next: ${second.feature} (${signed(second.increase)}${x.targetUnits ? ` ${x.targetUnits}` : ''}).` : '';
  return `The model relies most on ${top.feature}: shuffling it across the validation windows raises the validation MAE by ${u(top.increase)}, from ${u(x.validationMae)}.${next}`;
}

/** Horizontal bars of the MAE rise per input, largest first. */
export function importanceChart(x: ModelExplanation): ChartSpec {
  const units = x.targetUnits;
  const title = `Validation MAE increase${units ? ` (${units})` : ''}`;
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: x.importance.map((i) => i.feature),
      datasets: [{ label: title, data: x.importance.map((i) => i.increase), backgroundColor: chartColors.model }],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { title: { display: true, text: title }, beginAtZero: true }, y: { title: { display: true, text: 'Input (shuffled)' } } },
    },
  };
  const summary = `${topInputSentence(x)} Inputs by importance: ${x.importance.map((i) => `${i.feature} ${withUnits(i.increase, units)}`).join(', ')}.`;
  const table: ChartTable = { columns: ['Input', title], rows: x.importance.map((i) => [i.feature, i.increase]) };
  return { config, summary, table };
}

/** "day −3" … "day 0 (last seen)". */
export function dayLabel(day: number): string {
  return day === 0 ? 'day 0 (last seen)' : `day ${day < 0 ? `\u2212${-day}` : day}`;
}

export interface HeatCell {
  readonly value: number;
  /** Cell fill: blue for positive, orange for negative weights, stronger for larger |weight|. */
  readonly color: string;
  readonly title: string;
}

export interface Heatmap {
  readonly rows: readonly { readonly day: string; readonly cells: readonly HeatCell[] }[];
  readonly maxAbs: number;
  readonly summary: string;
  readonly table: ChartTable;
}

/** The weights of forecast day `horizonDay` (0-based) as days (rows) × inputs (columns). */
export function weightHeatmap(w: Weights, horizonDay: number): Heatmap {
  const matrix = w.values[horizonDay] ?? [];
  const maxAbs = Math.max(1e-12, ...matrix.flat().map(Math.abs));
  let best = { d: 0, f: 0, v: 0 };
  const rows = matrix.map((row, d) => ({
    day: dayLabel(w.days[d]),
    cells: row.map((value, f) => {
      if (Math.abs(value) > Math.abs(best.v)) best = { d, f, v: value };
      const alpha = fixed(Math.abs(value) / maxAbs, 2);
      const color = value >= 0 ? `rgba(0, 114, 178, ${alpha})` : `rgba(194, 84, 0, ${alpha})`;
      return { value, color, title: `${w.features[f]} on ${dayLabel(w.days[d])}: ${fixed(value, 3)}` };
    }),
  }));
  const summary = `Weights on normalized inputs for forecast day ${horizonDay + 1}: the largest is ${fixed(best.v, 3)} on ${w.features[best.f] ?? ''}, ${dayLabel(w.days[best.d] ?? 0)}. Blue cells push the forecast up, orange cells down.`;
  const table: ChartTable = { columns: ['Input day', ...w.features], rows: matrix.map((row, d) => [dayLabel(w.days[d]), ...row]) };
  return { rows, maxAbs, summary, table };
}
