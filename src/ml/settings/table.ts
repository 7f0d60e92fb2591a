/**
 * The settings table: every setting that defines a run — data window, architecture, training,
 * intervals, backend — and the fine-tuning factors, declared once with its place in a run's
 * settings, its key in shared links, its CLI flag, limits, default, label, unit, help text and
 * formatter. The number fields, the share link (both ways), the CLI options and `--help`, the check
 * of stored settings on restore and the core's own validation all derive from it (see `check.ts`),
 * after TensorFlow Playground's single property table. Pure data; no TensorFlow.js, no DOM.
 *
 * Adding a hyperparameter: one entry here (and its use in the training code), nothing else.
 */
import { ARCHITECTURES, type ArchitectureKind } from '../architectures/specs.ts';
import type { BackendName } from '../backend.ts';
import { rate } from '../format.ts';
import type { OptimizerName } from '../training/config.ts';

interface SettingBase {
  /** Where the value lives in a run's settings (`training.learningRate`): storage, links and the CLI write it there. Absent: a step-local choice. */
  readonly path?: string;
  /** Parameter in a shared link (`#/training?lr=0.003`). */
  readonly link?: string;
  /** CLI option, without the dashes. */
  readonly flag?: string;
  /** Field label on the page. */
  readonly label: string;
  /** The setting's name in messages: "Learning rate must be …". */
  readonly name: string;
  /** One sentence under the field. */
  readonly help: string;
  /** Only units, layers and dropout depend on the model family: a linear model has no hidden layers. */
  readonly hiddenLayersOnly?: boolean;
}

export interface NumberSetting extends SettingBase {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** Default; for architecture sizes the family's own default (see `defaultOf`). */
  readonly default: number;
  readonly unit?: string;
  /** Step of the number input's arrows. */
  readonly step?: number;
  /** Placeholder of the CLI option's value in `--help`. */
  readonly cliValue?: string;
  /** Advice appended to a range error. */
  readonly advice?: string;
  /** May be absent from a run's settings (settings saved before it existed, data it does not apply to): links and storage then leave it out. */
  readonly optional?: boolean;
  readonly format: (value: number) => string;
}

export interface ChoiceSetting<T extends string = string> extends SettingBase {
  readonly kind: 'choice';
  readonly options: readonly T[];
  readonly optionLabels: Readonly<Record<T, string>>;
  /** Advice that depends on the option chosen (the learning rate that suits an optimizer). */
  readonly optionHelp?: Readonly<Record<T, string>>;
  readonly default: T;
  /** The CLI offers fewer (no webgl in Node). */
  readonly cliOptions?: readonly T[];
  readonly cliValue?: string;
}

export interface FlagSetting extends SettingBase {
  readonly kind: 'flag';
  readonly default: boolean;
  /** The CLI flag turns it off (`--no-seasonal`). */
  readonly cliTurnsOff?: boolean;
  /** Stored only when true, so settings saved before it existed still read the same. */
  readonly omitWhenFalse?: boolean;
}

export interface FactorSetting extends SettingBase {
  readonly kind: 'factors';
  readonly options: readonly number[];
  readonly default: number;
  readonly format: (value: number) => string;
}

export type Setting = NumberSetting | ChoiceSetting | FlagSetting | FactorSetting;

const whole = (v: number) => String(v);
const times = (v: number) => `×${rate(v)}`;
const percentOfData = (v: number) => `${Math.round(v * 100)} %`;

/** Every setting, by name. The order is the order of links and of `--help`. */
export const SETTINGS = {
  // ---- data window -------------------------------------------------------------------------
  seasonal: {
    kind: 'flag', path: 'dataSpec.features.seasonal', link: 'seasonal', flag: 'no-seasonal', cliTurnsOff: true, default: true,
    label: 'Day-of-year features', name: 'Day-of-year features', help: 'do not add day-of-year sin/cos features',
  },
  lookbackDays: {
    kind: 'number', path: 'dataSpec.window.lookbackDays', link: 'lookback', flag: 'lookback', cliValue: 'DAYS', min: 1, max: 90, integer: true, default: 14, unit: 'days', format: whole,
    label: 'Lookback', name: 'Lookback', help: 'How many past days each forecast is based on.',
  },
  horizonDays: {
    kind: 'number', path: 'dataSpec.window.horizonDays', link: 'horizon', flag: 'horizon', cliValue: 'DAYS', min: 1, max: 7, integer: true, default: 1, unit: 'days', format: whole,
    label: 'Horizon', name: 'Horizon', help: 'How many days ahead to forecast (1 = tomorrow).',
  },
  trainYears: {
    // 48 = every year of the shipped 50-year records before their 2008–2009 test period; absent = all the data has.
    kind: 'number', path: 'dataSpec.split.trainYears', link: 'years', flag: 'train-years', cliValue: 'N', min: 1, max: 48, integer: true, default: 48, unit: 'years', optional: true, format: whole,
    label: 'Years of training data', name: 'Training years', help: 'How many years before the test period the model learns from; the last 10 % of them validate.',
  },
  // ---- architecture --------------------------------------------------------------------------
  architecture: {
    kind: 'choice', path: 'architecture.kind', link: 'arch', flag: 'arch', cliValue: 'KIND',
    options: Object.keys(ARCHITECTURES) as ArchitectureKind[],
    optionLabels: Object.fromEntries(Object.values(ARCHITECTURES).map((a) => [a.kind, a.label])) as Record<ArchitectureKind, string>,
    default: 'gru', label: 'Model family', name: 'Architecture', help: 'The family of model to train.',
  } satisfies ChoiceSetting<ArchitectureKind>,
  layers: {
    kind: 'number', path: 'architecture.layers', link: 'layers', flag: 'layers', cliValue: 'N', min: 1, max: 4, integer: true, default: 1, format: whole, hiddenLayersOnly: true,
    label: 'Hidden layers', name: 'Layers', help: 'Stacked layers learn more abstract patterns; one or two is usually enough here.',
  },
  units: {
    kind: 'number', path: 'architecture.units', link: 'units', flag: 'units', cliValue: 'N', min: 1, max: 256, integer: true, default: 32, format: whole, hiddenLayersOnly: true,
    label: 'Units per layer', name: 'Units', help: 'Width of each hidden layer; 16–64 suits this data.',
  },
  dropout: {
    kind: 'number', path: 'architecture.dropout', link: 'dropout', flag: 'dropout', cliValue: 'RATE', min: 0, max: 0.9, integer: false, step: 0.05, default: 0, format: (v) => String(Number(v.toFixed(2))), hiddenLayersOnly: true,
    label: 'Dropout', name: 'Dropout', help: 'Share of units switched off at random while training, against overfitting (0 = none).',
  },
  // ---- training ------------------------------------------------------------------------------
  optimizer: {
    kind: 'choice', path: 'training.optimizer', link: 'opt', flag: 'optimizer', cliValue: 'NAME',
    options: ['adam', 'sgd', 'rmsprop'], optionLabels: { adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop' },
    optionHelp: { adam: 'Adam works well at 0.001–0.01.', sgd: 'Plain SGD usually needs 0.01–0.1.', rmsprop: 'RMSprop works well at 0.001–0.01.' },
    default: 'adam', label: 'Optimizer', name: 'Optimizer', help: 'How the weights are updated from the gradient.',
  } satisfies ChoiceSetting<OptimizerName>,
  learningRate: {
    kind: 'number', path: 'training.learningRate', link: 'lr', flag: 'learning-rate', cliValue: 'R', min: 1e-6, max: 10, integer: false, step: 0.001, default: 0.003, format: rate,
    advice: '0.001–0.01 suits Adam', label: 'Learning rate', name: 'Learning rate', help: 'Size of each weight update.',
  },
  batchSize: {
    kind: 'number', path: 'training.batchSize', link: 'batch', flag: 'batch-size', cliValue: 'N', min: 1, max: 1024, integer: true, default: 32, unit: 'windows', format: whole,
    label: 'Batch size', name: 'Batch size', help: 'Windows per weight update; 16–64 is a good range.',
  },
  epochs: {
    kind: 'number', path: 'training.epochs', link: 'epochs', flag: 'epochs', cliValue: 'N', min: 1, max: 500, integer: true, default: 30, unit: 'epochs', format: whole,
    label: 'Epochs', name: 'Epochs', help: 'Passes over the training windows; early stopping may end sooner.',
  },
  patience: {
    kind: 'number', path: 'training.patience', link: 'patience', flag: 'patience', cliValue: 'N', min: 0, max: 100, integer: true, default: 5, unit: 'epochs', format: whole,
    label: 'Early-stopping patience', name: 'Early-stopping patience', help: 'Stop after this many epochs without a better validation error and keep the best weights (0 = never).',
  },
  seed: {
    kind: 'number', path: 'training.seed', link: 'seed', flag: 'seed', cliValue: 'N', min: 0, max: 2 ** 31 - 1, integer: true, default: 42, format: whole,
    label: 'Random seed', name: 'Seed', help: 'Same seed, same settings: same result. Change it to see how much luck is involved.',
  },
  intervals: {
    kind: 'flag', path: 'training.intervals', link: 'intervals', flag: 'intervals', default: false, omitWhenFalse: true,
    label: 'Prediction intervals (10th, 50th, 90th percentile)', name: 'Intervals',
    help: 'Trains three outputs per day with the pinball loss, so that besides its forecast (the median) the model gives an 80 % band that should hold about 80 % of actual days.',
  },
  backend: {
    kind: 'choice', path: 'backend', link: 'backend', flag: 'backend', cliValue: 'NAME',
    options: ['wasm', 'cpu', 'webgl'], cliOptions: ['wasm', 'cpu'],
    optionLabels: { wasm: 'wasm (WebAssembly)', cpu: 'cpu (plain JavaScript)', webgl: 'webgl (GPU)' },
    default: 'wasm', label: 'TensorFlow.js backend', name: 'Backend', help: 'wasm is usually fastest here.',
  } satisfies ChoiceSetting<BackendName>,
  // ---- fine-tuning (step-local choices) --------------------------------------------------------
  continueLearningRateFactor: {
    kind: 'factors', options: [0.5, 0.3, 0.1, 0.03], default: 0.1, format: times,
    label: 'Learning-rate factor', name: 'Learning-rate factor', help: 'Continue at a fraction of the learning rate the run was trained with.',
  },
  continueEpochs: {
    kind: 'number', min: 1, max: 100, integer: true, default: 10, unit: 'epochs', format: whole, label: 'Epochs', name: 'Epochs', help: 'More passes over the same training data.',
  },
  searchTrials: {
    // Keeps a random search within minutes in the browser.
    kind: 'number', min: 1, max: 48, integer: true, default: 6, format: whole, label: 'Trials', name: 'Trials', help: 'How many random combinations to train.',
  },
  searchEpochs: {
    kind: 'number', min: 1, max: 100, integer: true, default: 5, unit: 'epochs', format: whole, label: 'Epochs per trial', name: 'Epochs per trial', help: 'Short trials rank settings quickly.',
  },
  transferFraction: {
    kind: 'factors', options: [0.05, 0.1, 0.25, 0.5, 1], default: 0.1, format: percentOfData,
    label: 'Training data of the new city', name: 'Share of training data', help: 'How much of the other city’s training data the model may learn from.',
  },
  transferEpochs: {
    kind: 'number', min: 1, max: 100, integer: true, default: 10, unit: 'epochs', format: whole, label: 'Epochs', name: 'Epochs', help: 'Passes over the new city’s data.',
  },
  ensembleMembers: {
    // Each member is a full training: 8 keeps an ensemble within minutes in the browser.
    kind: 'number', flag: 'ensemble', cliValue: 'N', min: 2, max: 8, integer: true, default: 3, unit: 'seeds', format: whole,
    label: 'Members', name: 'Members',
    help: 'Train the same model this many times with seeds s, s+1, … and forecast with the mean of them.',
  },
  learningCurveEpochs: {
    kind: 'number', min: 1, max: 500, integer: true, default: 30, unit: 'epochs', format: whole, label: 'Epochs per run', name: 'Epochs per run',
    help: 'Each of the eight trainings (two models × four sizes) runs this long at most; early stopping may end it sooner.',
  },
  /**
   * Fine-tuning on another city uses this × the learning rate the user chose. Measured: Seattle GRU
   * → New York, 10 % of its data, 10 epochs: ×0.1 2.96 °C, ×0.3 2.91 °C, ×1 2.85 °C vs zero-shot
   * 2.98 °C; ×0.3 keeps most of what was learned while adapting.
   */
  transferLearningRateFactor: {
    kind: 'factors', options: [0.3], default: 0.3, format: times,
    label: 'Transfer learning-rate factor', name: 'Transfer learning-rate factor', help: 'Fine-tuning on the new city runs at this fraction of the chosen learning rate.',
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** The settings that have a number field. */
export type NumberSettingName = { [K in SettingName]: (typeof SETTINGS)[K] extends { kind: 'number' } ? K : never }[SettingName];

/** A number setting's default; architecture sizes default to the model family's own. */
export function defaultOf(name: NumberSettingName, kind?: ArchitectureKind): number {
  const s: NumberSetting = SETTINGS[name];
  if (s.hiddenLayersOnly && kind) return ARCHITECTURES[kind].defaults[name as 'units' | 'layers' | 'dropout'];
  return s.default;
}

/** Whether a setting means anything for a model of `kind` (a linear model has no hidden layers). */
export function appliesTo(setting: Setting, kind: ArchitectureKind): boolean {
  return !setting.hiddenLayersOnly || ARCHITECTURES[kind].hasHiddenLayers;
}

/** A setting's value formatted the one way it reads everywhere: "0.003", "14", "×0.1". */
export function formatSetting(name: SettingName, value: number): string {
  const s: Setting = SETTINGS[name];
  return 'format' in s ? s.format(value) : String(value);
}

/** The settings stored in a run's settings object, in link order. */
export function storedSettings(): [SettingName, Setting & { path: string }][] {
  return (Object.entries(SETTINGS) as [SettingName, Setting][]).filter((e): e is [SettingName, Setting & { path: string }] => e[1].path !== undefined);
}

/** How a changed hyperparameter reads in a run's label: "lr 0.003", "32 units". */
const SHORT_LABELS: Partial<Record<SettingName, (v: number) => string>> = {
  learningRate: (v) => `lr ${SETTINGS.learningRate.format(v)}`,
  units: (v) => `${v} units`,
  layers: (v) => `${v} layer${v === 1 ? '' : 's'}`,
  dropout: (v) => `dropout ${SETTINGS.dropout.format(v)}`,
  batchSize: (v) => `batch ${v}`,
};

/** The changed hyperparameters of a search trial, e.g. "lr 0.003 · 32 units"; "base settings" when none. */
export function describeParams(params: Readonly<Record<string, number>>): string {
  const parts = Object.entries(params).map(([k, v]) => (SHORT_LABELS[k as SettingName] ?? ((x: number) => `${k} ${x}`))(v));
  return parts.length > 0 ? parts.join(' · ') : 'base settings';
}
