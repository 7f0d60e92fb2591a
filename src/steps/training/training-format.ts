/** Settings, advice and the learning-curve chart of the training step. */
import type { ChartConfiguration } from 'chart.js';
import { rate } from '../../ml/format.ts';
import { bestEpochOf, type EpochLog } from '../../ml/training/config.ts';
import { chartColors } from '../../ui/chart-view/chart-view.ts';
import { withUnits } from '../../ml/format.ts';

export type NumericField = 'epochs' | 'batchSize' | 'learningRate' | 'patience' | 'seed';

/** What to do about a training error. */
export function adviceFor(error: string, learningRate: number): string {
  if (/nan|infinite|diverg/i.test(error))
    return `Lower the learning rate (now ${rate(learningRate)}; try ${rate(learningRate / 10)}), use Adam, or check the data for extreme values.`;
  if (/memory|oom|allocat/i.test(error)) return 'Use a smaller model, a shorter lookback or a smaller batch size, or switch to the wasm backend.';
  if (/backend|kernel|webgl/i.test(error)) return 'Switch the backend to wasm or cpu and start again.';
  return 'Check the settings and start again; if it happens again, switch the backend to cpu.';
}

export function chartSummary(history: readonly EpochLog[], units: string): string {
  if (history.length === 0) return 'No training yet: the chart is empty.';
  const first = history[0];
  const last = history[history.length - 1];
  const best = bestEpochOf(history)!;
  const verb = (a: number, b: number) => (b < a ? 'fell' : 'went');
  return (
    `Training MAE ${verb(first.trainMae, last.trainMae)} from ${withUnits(first.trainMae, units)} to ${withUnits(last.trainMae, units)} over ${history.length} epoch${history.length > 1 ? 's' : ''}; ` +
    `validation MAE ${verb(first.valMae, last.valMae)} from ${withUnits(first.valMae, units)} to ${withUnits(last.valMae, units)}, best ${withUnits(best.valMae, units)} at epoch ${best.epoch}.`
  );
}

/** Whether the curves span more than two orders of magnitude: then only a log axis shows their shape. */
export function needsLogScale(history: readonly EpochLog[]): boolean {
  const values = history.flatMap((h) => [h.trainMae, h.valMae]).filter((v) => Number.isFinite(v) && v > 0);
  return values.length > 1 && Math.max(...values) / Math.min(...values) > 100;
}

/** The learning curves: training and validation MAE per epoch, on an axis of `epochs` epochs (log when `log`). */
export function chartConfig(history: readonly EpochLog[], epochs: number, units: string, log = false): ChartConfiguration {
  const labels = Array.from({ length: Math.max(epochs, 1) }, (_, i) => String(i + 1));
  const line = (label: string, color: string, values: number[]) => ({
    label,
    data: values,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    pointRadius: epochs > 60 ? 0 : 2,
    tension: 0,
  });
  return {
    type: 'line',
    data: {
      labels,
      datasets: [
        line('Training MAE', chartColors.train, history.map((h) => h.trainMae)),
        line('Validation MAE', chartColors.validation, history.map((h) => h.valMae)),
      ],
    },
    options: {
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { title: { display: true, text: 'Epoch' }, ticks: { maxTicksLimit: 10, maxRotation: 0 } },
        y: log
          ? { type: 'logarithmic', title: { display: true, text: `Mean absolute error${units ? ` (${units})` : ''}, log scale` } }
          : { title: { display: true, text: `Mean absolute error${units ? ` (${units})` : ''}` }, beginAtZero: true },
      },
      plugins: { legend: { labels: { boxWidth: 14, boxHeight: 2 } } },
    },
  };
}
