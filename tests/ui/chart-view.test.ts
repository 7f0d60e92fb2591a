import { describe, expect, it, vi } from 'vitest';
import { Chart, type ChartConfiguration } from 'chart.js/auto';
import { page } from 'vitest/browser';
import '../../src/ui/chart-view/chart-view.ts';
import { chartColors, type ChartView } from '../../src/ui/chart-view/chart-view.ts';
import { mount, shadow } from './mount.ts';

function lossConfig(values: number[]): ChartConfiguration {
  return {
    type: 'line',
    data: {
      labels: values.map((_, i) => i + 1),
      datasets: [{ label: 'Validation loss', data: values, borderColor: chartColors.validation }],
    },
    options: { scales: { y: { beginAtZero: true } } },
  };
}

/** Waits until chart.js (loaded lazily by the element) has drawn into the canvas. */
async function drawnChart(view: ChartView): Promise<Chart> {
  const canvas = shadow(view).querySelector('canvas')!;
  return vi.waitFor(() => {
    const chart = Chart.getChart(canvas);
    if (!chart) throw new Error('no chart yet');
    return chart;
  });
}

describe('<chart-view>', () => {
  it('lazily draws a chart.js chart with an accessible name and summary', async () => {
    const view = await mount('chart-view', {
      label: 'Validation loss per epoch',
      summary: 'Validation loss falls from 0.9 to 0.3 over three epochs.',
      height: 200,
      config: lossConfig([0.9, 0.5, 0.3]),
    });
    const chart = await drawnChart(view);
    expect(chart.data.datasets[0].data).toEqual([0.9, 0.5, 0.3]);
    expect(chart.options.animation).toBe(false);
    expect(chart.options.maintainAspectRatio).toBe(false);

    const figure = shadow(view).querySelector('[role="img"]')!;
    expect(figure.getAttribute('aria-label')).toBe('Validation loss per epoch');
    expect(figure.getBoundingClientRect().height).toBe(200);
    expect(shadow(view).querySelector('canvas')!.getBoundingClientRect().height).toBe(200);
    const summary = shadow(view).getElementById(figure.getAttribute('aria-describedby')!)!;
    expect(summary.textContent).toBe('Validation loss falls from 0.9 to 0.3 over three epochs.');
    await expect.element(page.getByRole('img', { name: 'Validation loss per epoch' })).toBeInTheDocument();
  });

  it('updates the same chart in place when the config changes', async () => {
    const view = await mount('chart-view', { label: 'Loss', config: lossConfig([0.9]) });
    const chart = await drawnChart(view);
    const frozen = Object.freeze(lossConfig([0.9, 0.4]));
    Object.freeze(frozen.data.datasets[0].data); // store snapshots may be frozen
    view.config = frozen;
    await view.updateComplete;
    expect(await drawnChart(view)).toBe(chart);
    expect(chart.data.datasets[0].data).toEqual([0.9, 0.4]);
    expect(chart.data.labels).toEqual([1, 2]);
  });

  it('shows the data behind the chart in a collapsed table', async () => {
    const view = await mount('chart-view', {
      label: 'Skill by horizon',
      config: lossConfig([1]),
      table: { columns: ['Horizon (days)', 'MAE (°C)'], rows: [[1, 1.23456], [2, 2]] },
    });
    await page.getByText('Data table').click();
    await view.updateComplete;
    const table = shadow(view).querySelector('details[open] table')!;
    expect([...table.querySelectorAll('th')].map((th) => th.textContent)).toEqual([
      'Horizon (days)',
      'MAE (°C)',
    ]);
    expect([...table.querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual([
      '11.235',
      '22',
    ]);
  });

  it('keeps the animation a config asks for, and turns it off under prefers-reduced-motion', async () => {
    const animated: ChartConfiguration = { ...lossConfig([0.9, 0.5]), options: { animation: { duration: 400 } } };
    const moving = await drawnChart(await mount('chart-view', { label: 'Loss', summary: 'Falls.', config: animated }));
    expect(moving.options.animation && moving.options.animation.duration).toBe(400);

    const matchMedia = window.matchMedia.bind(window);
    const reduce = vi.spyOn(window, 'matchMedia').mockImplementation((query) =>
      query.includes('prefers-reduced-motion: reduce') ? Object.defineProperty(matchMedia(query), 'matches', { value: true }) : matchMedia(query),
    );
    try {
      const still = await drawnChart(await mount('chart-view', { label: 'Loss', summary: 'Falls.', config: animated }));
      expect(still.options.animation).toBe(false);
    } finally {
      reduce.mockRestore();
    }
  });

  it('destroys the chart when removed from the page', async () => {
    const view = await mount('chart-view', { label: 'Loss', config: lossConfig([1, 2]) });
    await drawnChart(view);
    const canvas = shadow(view).querySelector('canvas')!;
    view.remove();
    expect(Chart.getChart(canvas)).toBeUndefined();
  });
});
