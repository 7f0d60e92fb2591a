/**
 * `npm run learning-curve -- [options]`: the app's learning-curve experiment from the command line —
 * the same core (`src/ml/fine-tuning/learning-curve.ts`), the same models and sizes — printing the
 * test MAE of each model per size beside persistence, and what more data gained.
 */
import { ARCHITECTURES, type ArchitectureKind } from '../ml/architectures/specs.ts';
import { defaultInputs } from '../ml/data/inputs.ts';
import { defaultTarget } from '../ml/data/roles.ts';
import { columnNames } from '../ml/data/table.ts';
import { DEFAULT_FRACTION_SPLIT } from '../ml/data/split.ts';
import { DEFAULT_WINDOW } from '../ml/data/windows.ts';
import { LONG_RECORDS } from '../ml/datasets.ts';
import { fixed, skill } from '../ml/format.ts';
import { expectation, parseNumber } from '../ml/settings/check.ts';
import { SETTINGS } from '../ml/settings/table.ts';
import { DEFAULT_TRAINING } from '../ml/training/config.ts';
import { helpEntry, helpLine, loadData, parseOptions, runCommand, settingOption, textTable, UsageError } from './cli-support.ts';

const HELP = `Train linear and GRU models on 1, 4, 16 and 48 years of a long record and compare their test error.

Usage: npm run learning-curve -- [options]

  --dataset NAME        a 50-year record by its GHCN station ID (default: USW00094830, Toledo):
                        ${Object.keys(LONG_RECORDS).join(' | ')}
  --csv FILE            your own daily CSV instead (with --test-from)
  --test-from DATE      first test day, YYYY-MM-DD (default: 2008-01-01 for the long records)
${helpEntry('  --years A,B,...', `years of training data per point (default: 1,4,16,48; each ${expectation(SETTINGS.trainYears)})`)}
${helpEntry('  --arch A,B,...', `models to compare (default: linear,gru; from ${Object.keys(ARCHITECTURES).join(', ')}), each at its default size`)}
${helpLine('epochs')}
${helpLine('seed')}
${helpLine('backend')}
  --json                print one JSON object
  --help                show this help
`;

const OPTIONS = {
  dataset: { type: 'string' },
  csv: { type: 'string' },
  'test-from': { type: 'string' },
  years: { type: 'string' },
  arch: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

function list(raw: string | undefined, fallback: string): string[] {
  return (raw ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
}

async function main(argv: string[]): Promise<void> {
  const o = parseOptions(argv, OPTIONS, 'learning-curve');
  if (o.help) {
    process.stdout.write(HELP);
    return;
  }
  const years = list(o.years, '1,4,16,48').map((text) => {
    const v = parseNumber(SETTINGS.trainYears, text);
    if (v === null) throw new UsageError(`--years must list values that are each ${expectation(SETTINGS.trainYears)}; got "${text}".`);
    return v;
  });
  const kinds = list(o.arch, 'linear,gru').map((k) => {
    if (!(k in ARCHITECTURES)) throw new UsageError(`--arch must list models from ${Object.keys(ARCHITECTURES).join(', ')}; got "${k}".`);
    return k as ArchitectureKind;
  });
  if (o['test-from'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o['test-from'])) throw new UsageError(`--test-from must be a date like 2008-01-01; got "${o['test-from']}".`);
  const data = loadData(o.csv === undefined ? (o.dataset ?? 'USW00094830') : o.dataset, o.csv);
  const split = o['test-from'] ? { kind: 'test-from-date' as const, testStart: o['test-from'], validationFraction: 0.1 } : (data.shipped?.split ?? DEFAULT_FRACTION_SPLIT);
  const columns = columnNames(data.parsed.table);
  const target = defaultTarget(columns) ?? columns[0];
  const constant = new Set(data.parsed.report.constantColumns ?? []);
  const inputs = defaultInputs(columns).filter((c) => c === target || !constant.has(c));
  const training = { ...DEFAULT_TRAINING, epochs: settingOption(o, 'epochs', DEFAULT_TRAINING.epochs), seed: settingOption(o, 'seed', DEFAULT_TRAINING.seed) };
  const backendWanted = settingOption<'wasm' | 'cpu'>(o, 'backend', 'wasm');

  const [{ initBackend }, { learningCurve, dataGain }] = await Promise.all([import('../ml/backend.ts'), import('../ml/fine-tuning/learning-curve.ts')]);
  const backend = await initBackend(backendWanted);
  const json = Boolean(o.json);
  if (!json) process.stderr.write(`${data.name}: ${target} from ${inputs.join(', ')}; ${kinds.join(', ')} × ${years.join(', ')} years, ${training.epochs} epochs at most, backend ${backend}.\n`);
  const result = await learningCurve(
    { table: data.parsed.table, dataSpec: { features: { target, inputs, seasonal: true }, window: DEFAULT_WINDOW, split }, architectures: kinds.map((k) => ARCHITECTURES[k].defaults), training, trainYears: years },
    {
      onPoint: (p, run, runs) => {
        if (!json) process.stderr.write(`[${run + 1}/${runs}] ${ARCHITECTURES[p.architecture.kind].label}, ${p.trainYears} years (${p.trainPeriod.start}…${p.validationPeriod.end}): test MAE ${fixed(p.testMae)} ${data.parsed.table.units[target] ?? ''}, ${fixed(p.msTotal / 1000, 1)} s\n`);
      },
    },
  );
  const gains = kinds.map((k) => dataGain(result.points, k));
  if (json) {
    const points = result.points.map(({ history, architecture, ...p }) => ({ ...p, architecture: architecture.kind, epochsRun: history.length }));
    process.stdout.write(`${JSON.stringify({ dataset: data.name, target, inputs, units: result.units, testPeriod: result.testPeriod, training, backend, points, gains, msTotal: result.msTotal }, null, 2)}\n`);
    return;
  }
  const header = ['years', 'persistence', ...kinds.map((k) => ARCHITECTURES[k].label)];
  const rows = years.map((y) => {
    const at = result.points.filter((p) => p.trainYears === y);
    return [String(y), fixed(at[0]?.persistenceMae ?? Number.NaN), ...kinds.map((k) => {
      const p = at.find((q) => q.architecture.kind === k);
      return p ? `${fixed(p.testMae)} (${skill(p.skillPersistence)})` : '—';
    })];
  });
  process.stdout.write(`\nTest MAE ${result.testPeriod.start}…${result.testPeriod.end} (${result.units}; skill over persistence)\n${textTable(header, rows)}\n`);
  for (const g of gains) if (g) process.stdout.write(`${ARCHITECTURES[g.architecture].label}: ${g.fromYears} → ${g.toYears} years, test MAE ${fixed(g.fromMae)} → ${fixed(g.toMae)} (${skill(g.percent)}).\n`);
  process.stdout.write(`Total ${fixed(result.msTotal / 1000, 1)} s.\n`);
}

await runCommand(() => main(process.argv.slice(2)));
