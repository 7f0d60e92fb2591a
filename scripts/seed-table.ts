/**
 * `npm run seed-table`: the README's model table — every architecture on both shipped cities at
 * the default settings, median and range over seeds 1–5 — by running `npm run train -- --seeds 5`
 * for each, and printing it as Markdown. Takes a few minutes on 2 cores.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fixed, skill } from '../src/ml/format.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const SEEDS = Number(process.argv[2] ?? 5);

interface Spread {
  median: number;
  min: number;
  max: number;
}
interface Report {
  parameters: number;
  baselines: { persistence: { mae: number }; climatology: { mae: number } };
  spread: { testMae: Spread; validationMae: Spread; skillVsPersistence: Spread };
}

const range = (s: Spread, f: (v: number) => string) => `${f(s.median)} (${f(s.min)} to ${f(s.max)})`;
const rows: string[] = [
  `| city | model | parameters | validation MAE °C | test MAE °C | persistence MAE | climatology MAE | skill vs persistence |`,
  '|---|---|---|---|---|---|---|---|',
];
const CITY: Record<string, string> = { seattle: 'Seattle', 'new-york': 'New York' };
for (const dataset of ['seattle', 'new-york']) {
  for (const arch of ['linear', 'mlp', 'cnn', 'lstm', 'gru']) {
    const args = [join(ROOT, 'src/cli/train.ts'), '--dataset', dataset, '--arch', arch, '--seed', '1', '--seeds', String(SEEDS), '--json'];
    const r = JSON.parse(execFileSync(TSX, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 50_000_000, stdio: ['ignore', 'pipe', 'ignore'] })) as Report;
    const s = r.spread;
    rows.push(
      `| ${CITY[dataset]} | ${arch} | ${r.parameters} | ${range(s.validationMae, fixed)} | ${range(s.testMae, fixed)} | ${fixed(r.baselines.persistence.mae)} | ${fixed(r.baselines.climatology.mae)} | ${range(s.skillVsPersistence, skill)} |`,
    );
    process.stderr.write(`${dataset} ${arch} done\n`);
  }
}
process.stdout.write(`${rows.join('\n')}\n`);
