/**
 * The layer rules of eslint.config.js, each shown to bite: a probe file that breaks it fails lint,
 * and the imports each layer is allowed still pass. Probes are linted as text under their path.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/app-server.ts';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The messages of the layer rules for `code` as if it were the file `path`. */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${path}` });
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`The probe does not parse: ${fatal[0].message}`);
  return result.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports') || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

let probes = 0;
/** A probe module that imports `thing` from `specifier` (as a type only when `type`) and uses it. */
const use = (specifier: string, type = false) => {
  const n = ++probes;
  return `import ${type ? 'type ' : ''}{ thing as thing${n} } from '${specifier}';\nexport const probe${n}: unknown = ${type ? `null as unknown as thing${n}` : `thing${n}`};\n`;
};

const broken: [rule: string, path: string, code: string][] = [
  ['ml imports no Lit', 'src/ml/data/probe.ts', use('lit')],
  ['ml imports no outer layer', 'src/ml/data/probe.ts', use('../../app/state.ts')],
  ['ml touches no DOM', 'src/ml/data/probe.ts', 'export const probe = document.title;\n'],
  ['ml imports no Node built-in', 'src/ml/probe.ts', use('node:fs')],
  ['the worker imports only ml (no app)', 'src/worker/probe.ts', use('../app/state.ts')],
  ['the worker imports only ml (no steps)', 'src/worker/probe.ts', use('../steps/data/data-step.ts')],
  ['ui imports no app', 'src/ui/probe.ts', use('../app/state.ts')],
  ['ui imports no step', 'src/ui/probe.ts', use('../steps/shared/format.ts')],
  ['ui imports no worker', 'src/ui/probe.ts', use('../worker/ml-client.ts')],
  ['ui loads no TensorFlow.js', 'src/ui/probe.ts', use('@tensorflow/tfjs')],
  ['a step calls no worker', 'src/steps/training/probe.ts', use('../../worker/ml-client.ts')],
  ['a step runs no job', 'src/steps/training/probe.ts', use('../../app/workflow/store.ts')],
  ['a step saves no file itself', 'src/steps/export/probe.ts', use('../../app/files.ts')],
  ['a step imports no other step', 'src/steps/training/probe.ts', use('../data/data-step.ts')],
  ['a step loads no TensorFlow.js', 'src/steps/training/probe.ts', use('../../ml/training/train.ts')],
  ['app imports no step', 'src/app/probe.ts', use('../steps/data/data-step.ts')],
  ['app imports no widget', 'src/app/probe.ts', use('../ui/chart-view/chart-view.ts')],
  ['app imports no shell', 'src/app/probe.ts', use('../shell/app-shell.ts')],
  ['the cli imports only ml', 'src/cli/probe.ts', use('../app/share-link.ts')],
  ['the shell calls no worker', 'src/shell/probe.ts', use('../worker/ml-client.ts')],
];

const allowed: [what: string, path: string, code: string][] = [
  ['a step dispatches intents and reads the state', 'src/steps/training/probe.ts', use('../../app/events.ts') + use('../../app/state.ts')],
  ['a step uses widgets and shared step code', 'src/steps/training/probe.ts', use('../../ui/chart-view/chart-view.ts') + use('../shared/format.ts')],
  ['a step imports a type of the state from the protocol', 'src/steps/data/probe.ts', use('../../worker/protocol.ts', true)],
  ['the shell composes the steps', 'src/shell/probe.ts', use('../steps/data/data-step.ts')],
  ['app calls the worker', 'src/app/probe.ts', use('../worker/ml-client.ts')],
  ['the worker loads TensorFlow.js', 'src/worker/probe.ts', use('@tensorflow/tfjs')],
];

describe('layer rules (eslint.config.js)', () => {
  it.each(broken)('%s: a probe import fails lint', async (_rule, path, code) => {
    expect(await layerErrors(path, code)).not.toEqual([]);
  });

  it.each(allowed)('%s: allowed', async (_what, path, code) => {
    expect(await layerErrors(path, code)).toEqual([]);
  });
});
