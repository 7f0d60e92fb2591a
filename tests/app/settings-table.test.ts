import { describe, expect, it } from 'vitest';
import { settingsFromQuery, settingsToQuery } from '../../src/app/share-link.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/app/state.ts';
import { expectation, parseNumber, rangeError, repairStoredSettings, validateArchitecture, validateTrainingConfig } from '../../src/ml/settings/check.ts';
import { formatSetting, SETTINGS, storedSettings, type NumberSetting, type Setting } from '../../src/ml/settings/table.ts';
import { DEFAULT_TRAINING } from '../../src/ml/training/config.ts';
import { LONG_RECORD_SPLIT } from '../../src/ml/datasets.ts';

const numbers = (Object.entries(SETTINGS) as [keyof typeof SETTINGS, Setting][]).filter((e): e is [keyof typeof SETTINGS, NumberSetting] => e[1].kind === 'number');

describe('the settings table', () => {
  it('gives every number setting a default inside its own range', () => {
    for (const [name, s] of numbers) {
      expect(parseNumber(s, String(s.default)), name).toBe(s.default);
      expect(s.min, name).toBeLessThan(s.max);
    }
  });

  it('is what the core validates against: each limit, one message', () => {
    expect(validateTrainingConfig(DEFAULT_TRAINING)).toEqual([]);
    expect(validateTrainingConfig({ ...DEFAULT_TRAINING, learningRate: SETTINGS.learningRate.max * 2 })).toEqual([rangeError('learningRate', 20)]);
    expect(validateArchitecture({ kind: 'gru', units: SETTINGS.units.max + 1, layers: 1, dropout: 0 })).toEqual([`Units must be a whole number from 1 to ${SETTINGS.units.max} (got ${SETTINGS.units.max + 1}).`]);
  });

  it('drives the link both ways: every stored setting travels and comes back', () => {
    const linked = storedSettings().filter(([, s]) => s.link !== undefined);
    expect(linked.length).toBeGreaterThanOrEqual(14);
    const query = settingsToQuery(DEFAULT_SETTINGS);
    for (const [name, s] of linked) {
      // Left out when absent: a false flag stored only when true, the training years of data without them.
      if ((s.kind === 'flag' && s.omitWhenFalse) || (s.kind === 'number' && s.optional)) continue;
      expect(new URLSearchParams(query).has(s.link as string), name).toBe(true);
    }
    expect(settingsFromQuery(query).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('carries a 50-year record and its training years in a link; data without them stays without', () => {
    const toledo: Settings = {
      ...DEFAULT_SETTINGS,
      dataSource: { kind: 'shipped', id: 'USW00094830' },
      dataSpec: { ...DEFAULT_SETTINGS.dataSpec, features: { target: 'tmaxi', inputs: ['tmini', 'tmaxi'], seasonal: true }, split: { ...LONG_RECORD_SPLIT, trainYears: 4 } },
    };
    const query = settingsToQuery(toledo);
    expect(query).toContain('data=USW00094830');
    expect(query).toContain('years=4');
    expect(settingsFromQuery(query)).toEqual({ settings: toledo, problems: [], needsUpload: false });
    expect(settingsToQuery(DEFAULT_SETTINGS)).not.toContain('years=');
    expect(settingsFromQuery('data=USW00094830').settings.dataSpec.split).toEqual(LONG_RECORD_SPLIT);
    expect(settingsFromQuery('data=USW00094830&years=49').problems).toEqual(['"years=49" should be a whole number from 1 to 48; the default 48 is used.']);
    // Stored settings without training years are fine; a damaged value is reset to absent (all years) and named.
    expect(repairStoredSettings(toledo, DEFAULT_SETTINGS).replaced).toEqual([]);
    const damaged = { ...toledo, dataSpec: { ...toledo.dataSpec, split: { ...LONG_RECORD_SPLIT, trainYears: 0 } } };
    const repaired = repairStoredSettings(damaged, DEFAULT_SETTINGS);
    expect(repaired.replaced).toEqual(['Training years']);
    expect(repaired.settings.dataSpec.split).toEqual(LONG_RECORD_SPLIT);
  });

  it('words a bad link value with the same expectation the CLI uses', () => {
    for (const [name, s] of numbers) {
      if (!s.link) continue;
      const { problems } = settingsFromQuery(`arch=gru&${s.link}=${s.max + 1}`);
      expect(problems.join(' '), name).toContain(`should be ${expectation(s)}`);
    }
  });

  it('reads a learning rate one way everywhere: 3 significant digits, no float noise', () => {
    expect(formatSetting('learningRate', 0.1 * 0.003)).toBe('0.0003');
    expect(formatSetting('learningRate', 0.00030000000000000003)).toBe('0.0003');
    expect(formatSetting('continueLearningRateFactor', 0.1)).toBe('×0.1');
    expect(settingsToQuery({ ...DEFAULT_SETTINGS, training: { ...DEFAULT_SETTINGS.training, learningRate: 0.0005 } })).toContain('lr=0.0005');
  });

  it('checks settings restored from storage: an out-of-range value is reset and named, the rest kept', () => {
    const stored: Settings = {
      ...DEFAULT_SETTINGS,
      dataSpec: { ...DEFAULT_SETTINGS.dataSpec, window: { lookbackDays: 21, horizonDays: 99 } },
      training: { ...DEFAULT_SETTINGS.training, learningRate: 50, epochs: 12, optimizer: 'lbfgs' as never },
    };
    const { settings, replaced } = repairStoredSettings(stored, DEFAULT_SETTINGS);
    expect(replaced).toEqual(['Horizon', 'Optimizer', 'Learning rate']);
    expect(settings.dataSpec.window).toEqual({ lookbackDays: 21, horizonDays: 1 });
    expect(settings.training).toEqual({ ...DEFAULT_SETTINGS.training, epochs: 12 });
    expect(repairStoredSettings(DEFAULT_SETTINGS, DEFAULT_SETTINGS).replaced).toEqual([]);
    // A linear model's unused sizes are not range-checked (the architecture step keeps them as they are).
    expect(repairStoredSettings({ ...DEFAULT_SETTINGS, architecture: { kind: 'linear', units: 1, layers: 1, dropout: 0 } }, DEFAULT_SETTINGS).replaced).toEqual([]);
  });
});
