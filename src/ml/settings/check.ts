/**
 * Checks derived from the settings table: one range check per setting, worded for the core
 * ("Epochs must be a whole number from 1 to 500 (got 0)."), for links and the CLI (which word the
 * same expectation in their own sentence), and for settings restored from storage. Pure.
 */
import { ARCHITECTURES, type ArchitectureSpec } from '../architectures/specs.ts';
import type { TrainingConfig } from '../training/config.ts';
import { appliesTo, SETTINGS, storedSettings, type NumberSetting, type NumberSettingName, type Setting } from './table.ts';

/** What a setting expects, for messages: "a whole number from 1 to 500", "one of adam, sgd, rmsprop", "1 or 0". */
export function expectation(setting: Setting, options?: readonly string[]): string {
  switch (setting.kind) {
    case 'number':
      return `${setting.integer ? 'a whole number' : 'a number'} from ${setting.min} to ${setting.max}`;
    case 'choice':
      return `one of ${(options ?? setting.options).join(', ')}`;
    case 'flag':
      return '1 or 0';
    case 'factors':
      return `one of ${setting.options.join(', ')}`;
  }
}

/** Whether `value` is allowed for a number setting. */
export function inRange(setting: NumberSetting, value: number): boolean {
  return Number.isFinite(value) && (!setting.integer || Number.isInteger(value)) && value >= setting.min && value <= setting.max;
}

/** Parses text (a link parameter, a CLI value) as a number setting; `null` when it is not allowed. */
export function parseNumber(setting: NumberSetting, raw: string): number | null {
  const v = Number(raw);
  return raw.trim() !== '' && inRange(setting, v) ? v : null;
}

/** The core's message for a number out of range, e.g. "Seed must be a whole number from 0 to 2147483647 (got -3)." */
export function rangeError(name: NumberSettingName, value: number): string | null {
  const s: NumberSetting = SETTINGS[name];
  if (inRange(s, value)) return null;
  const what = s.integer ? `must be a whole number from ${s.min} to ${s.max}` : `must be from ${s.min} to ${s.max}`;
  return `${s.name} ${what} (got ${value})${s.advice ? `; ${s.advice}` : ''}.`;
}

/** Checks a training config against the table; human messages, empty when valid. */
export function validateTrainingConfig(config: TrainingConfig): string[] {
  const errors = (['epochs', 'batchSize', 'patience', 'seed', 'learningRate'] as const).map((n) => rangeError(n, config[n])).filter((e): e is string => e !== null);
  const optimizer = SETTINGS.optimizer;
  if (!(optimizer.options as readonly string[]).includes(config.optimizer)) errors.push(`Unknown optimizer "${config.optimizer}"; choose ${optimizer.options.slice(0, -1).join(', ')} or ${optimizer.options.at(-1)}.`);
  if (config.intervals !== undefined && typeof config.intervals !== 'boolean') errors.push(`Intervals must be true or false (got ${String(config.intervals)}).`);
  return errors;
}

/** Checks an architecture against the table; human messages, empty when valid. Sizes are ignored for a linear model. */
export function validateArchitecture(spec: ArchitectureSpec): string[] {
  if (!(spec.kind in ARCHITECTURES)) return [`Unknown architecture "${String(spec.kind)}". Choose one of: ${Object.keys(ARCHITECTURES).join(', ')}.`];
  return (['units', 'layers', 'dropout'] as const)
    .filter((n) => appliesTo(SETTINGS[n], spec.kind))
    .map((n) => rangeError(n, spec[n]))
    .filter((e): e is string => e !== null);
}

/** The value at `path` (`training.learningRate`) of a settings object, or `undefined`. */
export function readPath(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), root);
}

/** A copy of `root` with `value` at `path`, or without that key when `value` is `undefined` (objects along the way are copied, never mutated). */
export function writePath<T>(root: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const node = (root ?? {}) as Record<string, unknown>;
  if (rest.length === 0 && value === undefined) {
    const { [head]: _dropped, ...others } = node;
    return others as T;
  }
  return { ...node, [head]: rest.length === 0 ? value : writePath(node[head], rest.join('.'), value) } as T;
}

/** A value read from stored settings, if the table allows it there. */
function storedValueOk(setting: Setting, value: unknown, kind: ArchitectureSpec['kind']): boolean {
  switch (setting.kind) {
    case 'number':
      if (value === undefined && setting.optional) return true;
      return !appliesTo(setting, kind) ? typeof value === 'number' : typeof value === 'number' && inRange(setting, value);
    case 'choice':
      return typeof value === 'string' && (setting.options as readonly string[]).includes(value);
    case 'flag':
      return value === undefined ? setting.omitWhenFalse === true : typeof value === 'boolean';
    case 'factors':
      return true;
  }
}

/**
 * Checks every table setting in settings read back from storage (or any untrusted copy). A value the
 * table does not allow is replaced by its default and named, so a damaged value never reaches a run.
 */
export function repairStoredSettings<T>(stored: T, defaults: T): { settings: T; replaced: string[] } {
  let settings = stored;
  const replaced: string[] = [];
  const kindValue = readPath(stored, SETTINGS.architecture.path);
  const kind = typeof kindValue === 'string' && kindValue in ARCHITECTURES ? (kindValue as ArchitectureSpec['kind']) : SETTINGS.architecture.default;
  for (const [, setting] of storedSettings()) {
    const value = readPath(settings, setting.path);
    if (storedValueOk(setting, value, kind)) continue;
    replaced.push(setting.name);
    settings = writePath(settings, setting.path, readPath(defaults, setting.path));
  }
  return { settings, replaced };
}
