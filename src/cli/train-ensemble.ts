/**
 * `npm run train -- --ensemble N`: trains N seeds of the model (--seed, --seed + 1, …), scores the
 * mean of their forecasts beside each seed's test MAE, and writes one bundle whose model averages
 * them (loadable with stock `tf.loadLayersModel`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHITECTURES, type ArchitectureSpec } from '../ml/architectures/specs.ts';
import type { PreparedData } from '../ml/data/prepare.ts';
import { fixed } from '../ml/format.ts';
import type { TrainingConfig } from '../ml/training/config.ts';
import type { LoadedData } from './cli-support.ts';
import { testJson } from './train-report.ts';

export interface EnsembleCommand {
  readonly data: LoadedData;
  readonly prepared: PreparedData;
  readonly architecture: ArchitectureSpec;
  readonly training: TrainingConfig;
  readonly members: number;
  readonly backend: string;
  readonly json: boolean;
  readonly out?: string;
}

/** Runs the ensemble and prints its report (text, or one JSON object with `--json`). */
export async function runEnsembleCommand(c: EnsembleCommand): Promise<void> {
  const [{ disposeModel }, { exportBundle }, { ensembleSeeds, trainEnsemble }] = await Promise.all([
    import('../ml/architectures/architectures.ts'),
    import('../ml/export/bundle.ts'),
    import('../ml/fine-tuning/ensemble.ts'),
  ]);
  const u = c.prepared.targetUnits;
  const log = (text: string) => {
    if (!c.json) process.stderr.write(`${text}\n`);
  };
  const seeds = ensembleSeeds(c.training.seed, c.members);
  const label = ARCHITECTURES[c.architecture.kind].label;
  log(`${label}, ensemble of ${c.members} seeds (${seeds.join(', ')}), backend ${c.backend}.`);
  const result = await trainEnsemble(
    { data: c.prepared, architecture: c.architecture, training: c.training, members: c.members },
    { onMember: (m, k, n) => log(`seed ${m.seed} (${k + 1}/${n}): ${m.epochsRun} epochs, validation MAE ${fixed(m.valMae)} ${u}, test MAE ${fixed(m.testMae)} ${u}`) },
  );
  const model = result.model!;
  try {
    const evaluation = result.evaluation!;
    const ensemble = { members: c.members, seeds, combination: 'mean' as const, valMae: result.valMae, memberMetrics: result.members.map(({ seed, valMae, testMae }) => ({ seed, valMae, testMae })) };
    const epochsRun = Math.max(...result.members.map((m) => m.epochsRun));
    if (c.out) {
      const files = await exportBundle(model, c.prepared, {
        dataset: { name: c.data.name, source: c.data.source, columns: c.data.parsed.mapping },
        architecture: c.architecture,
        training: c.training,
        trainingSummary: { epochsRun, bestEpoch: epochsRun, msPerEpoch: result.msTotal / Math.max(1, result.members.reduce((t, m) => t + m.epochsRun, 0)), bestValMae: result.valMae },
        lineage: [`${label} · npm run train, average of ${c.members} seeds (${seeds[0]}–${seeds.at(-1)})`],
        evaluation,
        ensemble,
      });
      mkdirSync(c.out, { recursive: true });
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(c.out, name), bytes);
    }
    if (c.json) {
      const report = {
        dataset: c.data.name,
        target: c.prepared.target,
        units: u,
        architecture: c.architecture,
        training: c.training,
        backend: c.backend,
        ensemble: { members: c.members, seeds, validation: { mae: result.valMae }, test: testJson(evaluation), skillPercent: evaluation.skill },
        seeds: result.members.map((m) => ({ seed: m.seed, validation: { mae: m.valMae }, test: { mae: m.testMae }, epochs: m.epochsRun })),
        out: c.out ?? null,
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    const tests = result.members.map((m) => m.testMae);
    const best = Math.min(...result.members.map((m) => m.valMae));
    process.stdout.write(
      `Test MAE of the ${c.members} seeds: ${tests.map((t) => fixed(t)).join(', ')} ${u} (${fixed(Math.min(...tests))} to ${fixed(Math.max(...tests))}).\n` +
        `Mean of the ${c.members} seeds: test MAE ${fixed(evaluation.model.mae)} ${u}; validation MAE ${fixed(result.valMae)} ${u} vs best single seed ${fixed(best)} ${u}.\n` +
        (c.out ? `Model bundle written to ${c.out}\n` : 'Add --out DIR to save the model bundle.\n'),
    );
  } finally {
    disposeModel(model);
  }
}
