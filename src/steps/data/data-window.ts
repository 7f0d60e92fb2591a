/**
 * One input window on the data chart: the lookback days the model reads and the day(s) it
 * forecasts, drawn over the series and glided to its new place when lookback or horizon change
 * (instantly under `prefers-reduced-motion`).
 */
import type { Chart, Plugin } from 'chart.js';
import { dateOfRow, type DayRange } from '../../ml/data/table.ts';
import type { WindowSpec } from '../../ml/data/windows.ts';
import { prefersReducedMotion } from '../../ui/theme.ts';

/** Fills of the window's two parts (Okabe–Ito yellow and bluish green, translucent over the split shading). */
export const WINDOW_COLORS = { lookback: 'rgba(230, 159, 0, 0.38)', forecast: 'rgba(0, 158, 115, 0.45)' } as const;

/** Rows of one window in the data table: inputs `inputFrom … inputTo`, forecasts `forecastFrom … forecastTo`. */
export interface DrawnWindow {
  readonly inputFrom: number;
  readonly inputTo: number;
  readonly forecastFrom: number;
  readonly forecastTo: number;
}

/**
 * The last window of the training period: its forecast ends on the period's last day (row
 * `trainEndRow`), its inputs are the `lookbackDays` rows before the first forecast day.
 * Null when the table is too short for the window.
 */
export function lastTrainingWindow(trainEndRow: number, rows: number, window: WindowSpec): DrawnWindow | null {
  const { lookbackDays: l, horizonDays: h } = window;
  const forecastTo = Math.min(Math.max(trainEndRow, l + h - 1), rows - 1);
  const inputTo = forecastTo - h;
  const inputFrom = inputTo - l + 1;
  if (inputFrom < 0) return null;
  return { inputFrom, inputTo, forecastFrom: inputTo + 1, forecastTo };
}

/** "14 days of every input → forecast temp_max for 1 day: 2014-08-31 … 2014-09-13 → 2014-09-14". */
export function windowSentence(w: DrawnWindow, days: DayRange, target: string): string {
  const l = w.inputTo - w.inputFrom + 1;
  const h = w.forecastTo - w.forecastFrom + 1;
  const date = dateOfRow(days);
  const forecast = h === 1 ? date(w.forecastFrom) : `${date(w.forecastFrom)} … ${date(w.forecastTo)}`;
  return `${l} day${l === 1 ? '' : 's'} of every input → forecast ${target} for ${h} day${h === 1 ? '' : 's'}: ${date(w.inputFrom)} … ${date(w.inputTo)} → ${forecast}`;
}

/** The part of the window a row belongs to, for the data table. */
export function windowRole(w: DrawnWindow | null, row: number): string {
  if (!w) return '';
  if (row >= w.inputFrom && row <= w.inputTo) return 'input';
  if (row >= w.forecastFrom && row <= w.forecastTo) return 'forecast';
  return '';
}

const GLIDE_MS = 350;

interface Glide {
  target: number[];
  from: number[];
  current: number[];
  start: number;
}

const glides = new WeakMap<Chart, Glide>();

/** Edges [inputFrom, inputTo, forecastFrom, forecastTo] of this frame, easing towards the target. */
function edgesNow(chart: Chart, target: number[]): { edges: number[]; moving: boolean } {
  const glide = glides.get(chart);
  if (!glide || prefersReducedMotion()) {
    glides.set(chart, { target, from: target, current: target, start: 0 });
    return { edges: target, moving: false };
  }
  const now = performance.now();
  if (glide.target.some((v, i) => v !== target[i])) Object.assign(glide, { target, from: glide.current, start: now });
  const t = Math.min(1, (now - glide.start) / GLIDE_MS);
  const eased = 1 - (1 - t) ** 3;
  glide.current = glide.target.map((v, i) => glide.from[i] + (v - glide.from[i]) * eased);
  return { edges: glide.current, moving: t < 1 };
}

/** Draws the window from `options.plugins.inputWindow.window` behind the lines. */
export const inputWindowPlugin: Plugin<'line', { window?: DrawnWindow | null }> = {
  id: 'inputWindow',
  beforeDatasetsDraw(chart, _args, options) {
    const w = options.window;
    const x = chart.scales.x;
    if (!w || !x) return;
    const { edges, moving } = edgesNow(chart as unknown as Chart, [w.inputFrom, w.inputTo, w.forecastFrom, w.forecastTo]);
    const { ctx, chartArea } = chart;
    const fill = (from: number, to: number, color: string) => {
      // Each day is a slot centred on its label: cover half a day either side.
      const left = Math.max(chartArea.left, x.getPixelForValue(from - 0.5));
      const right = Math.min(chartArea.right, x.getPixelForValue(to + 0.5));
      if (right <= left) return;
      ctx.save();
      ctx.fillStyle = color;
      // At least 2 px wide, so a one-day forecast stays visible on four years of data.
      ctx.fillRect(left, chartArea.top, Math.max(2, right - left), chartArea.bottom - chartArea.top);
      ctx.restore();
    };
    fill(edges[0], edges[1], WINDOW_COLORS.lookback);
    fill(edges[2], edges[3], WINDOW_COLORS.forecast);
    // A destroyed chart has no canvas: stop gliding.
    if (moving) requestAnimationFrame(() => chart.canvas && chart.draw());
  },
};
