/**
 * The column mapping: for each column of a weather file, what it is (its role), the unit its values are
 * written in, the unit the model sees, and whether it is used — detected from the file, changeable by
 * the user. The user's changes ({@link MappingOverrides}) travel with the dataset, the run, the shared
 * link, the CLI (`--map COLUMN=ROLE[:UNIT]`) and the bundle's metadata.
 * Pure.
 */
import { canonicalUnit, splitHeaderUnit } from './csv-cells.ts';
import { CsvError } from './csv-error.ts';
import { roleOf, type ColumnRole } from './roles.ts';
import { KNOWN_UNITS } from './table.ts';
import { quoteUserText as quote } from './user-text.ts';
import { CONVENTION_LABEL, conventionUnit, isKnownUnit, ROLE_DIMENSION, unitsFor, type SourceConvention } from './units.ts';

/** A column's role in the mapping: a weather quantity, 'other' (a number without a known role) or 'ignore'. */
export type MappingRole = ColumnRole | 'other' | 'ignore';

export const ROLE_LABEL: Readonly<Record<MappingRole, string>> = {
  temp_max: 'daily maximum temperature',
  temp_min: 'daily minimum temperature',
  temp_mean: 'mean temperature',
  precipitation: 'precipitation',
  wind: 'wind speed (mean)',
  wind_max: 'wind speed (max, gust)',
  pressure: 'air pressure',
  humidity: 'relative humidity',
  snow: 'snow',
  other: 'other number',
  ignore: 'ignored',
};

export const MAPPING_ROLES = Object.keys(ROLE_LABEL) as MappingRole[];

/** What the user changed about one column. */
export interface MappingOverride {
  readonly role?: MappingRole;
  /** The unit the file's values are in (canonical name, e.g. `°F`). */
  readonly unit?: string;
}

/** The user's changes, by the column's name in the file's header. */
export type MappingOverrides = Readonly<Record<string, MappingOverride>>;

/** One column of the file, as mapped. */
export interface ColumnMapping {
  /** The column's name in the file's header. */
  readonly column: string;
  readonly role: MappingRole;
  /** The unit of the file's values; '' when unknown. */
  readonly fileUnit: string;
  /** The unit the model sees (°C, mm, m/s, hPa, %), or the file unit when there is no conversion. */
  readonly unit: string;
  /** Where the file unit came from. */
  readonly unitSource: 'header' | 'source' | 'values' | 'name' | 'user' | 'none';
  /** The table columns made from it: one for daily data, up to three for sub-daily (max, min, mean). */
  readonly names: readonly string[];
  /** Why it is used as it is, or why it is ignored: one short phrase. */
  readonly note: string;
  /** Whether the user set its role or unit. */
  readonly changed: boolean;
}

/**
 * The file unit of a numeric column and where it came from: the user's choice, the header, the source's
 * convention, this app's own column names, or (for temperatures with no unit anywhere) the values of all
 * the file's temperature columns: one above 50 means °F for all of them (a cold day's minimum stays below).
 */
export function resolveUnit(
  header: string,
  role: MappingRole,
  temperaturesLookFahrenheit: boolean,
  convention: SourceConvention,
  override: MappingOverride | undefined,
): { unit: string; source: ColumnMapping['unitSource']; why: string } {
  if (override?.unit !== undefined) return { unit: override.unit, source: 'user', why: 'as chosen' };
  const { base, unit } = splitHeaderUnit(header);
  if (unit) return { unit, source: 'header', why: 'unit in the header' };
  if (unit === '') return { unit: '', source: 'header', why: 'a unit the app does not know, used as it is' };
  const known = role === 'other' || role === 'ignore' ? null : role;
  const byConvention = conventionUnit(convention, header, known);
  if (byConvention && convention) return { unit: byConvention, source: 'source', why: CONVENTION_LABEL[convention] };
  const byName = Object.hasOwn(KNOWN_UNITS, base) ? KNOWN_UNITS[base] : undefined;
  if (byName) return { unit: byName, source: 'name', why: 'this app’s column name' };
  if (known && ROLE_DIMENSION[known] === 'temperature') {
    return temperaturesLookFahrenheit
      ? { unit: '°F', source: 'values', why: 'no unit written; a temperature above 50, so °F' }
      : { unit: '°C', source: 'values', why: 'no unit written; no value above 50, so °C (choose °F if wrong)' };
  }
  return { unit: '', source: 'none', why: 'no unit written' };
}

/** The role a column has: the user's, else the one its name says, else 'other'. */
export function resolveRole(header: string, override: MappingOverride | undefined): MappingRole {
  return override?.role ?? roleOf(header) ?? 'other';
}

/** How a conversion reads: "°F → °C", or "" when there is none. */
export function conversionText(fileUnit: string, unit: string): string {
  return fileUnit !== '' && fileUnit !== unit ? `${fileUnit} → ${unit}` : '';
}

/**
 * Checks the user's overrides against the file: every column exists, every role and unit is known, and a
 * unit fits the role (a temperature cannot be in mm).
 *
 * @throws {CsvError} 'bad-mapping' naming the column and what to write instead.
 */
export function checkOverrides(overrides: MappingOverrides, header: readonly string[]): void {
  for (const [column, override] of Object.entries(overrides)) {
    const fail = (problem: string, hint: string): never => {
      throw new CsvError({ code: 'bad-mapping', row: 1, column, problem, hint });
    };
    if (!header.includes(column)) fail(`The mapping names the column ${quote(column)}, which the file does not have.`, `Use one of the header's names: ${header.map((h) => quote(h)).join(', ')}.`);
    if (override.role !== undefined && !MAPPING_ROLES.includes(override.role)) fail(`${quote(String(override.role))} is not a column role.`, `Use one of ${MAPPING_ROLES.join(', ')}.`);
    if (override.unit !== undefined) {
      if (!isKnownUnit(override.unit)) fail(`${quote(override.unit)} is not a unit the app converts.`, `Use one of ${unitsFor(null).join(', ')}.`);
      const role = resolveRole(column, override);
      const fitting = unitsFor(role === 'other' || role === 'ignore' ? null : role);
      if (!fitting.includes(override.unit)) fail(`${quote(column)} is a ${ROLE_LABEL[role]}, which cannot be in ${override.unit}.`, `Use one of ${fitting.join(', ')}.`);
    }
  }
}

/**
 * Reads one `--map` value, `COLUMN=ROLE[:UNIT]` (`TMAX=temp_max:°F`, `AWND=ignore`, `Wind=wind:mph`);
 * ROLE may be empty to change only the unit (`TMAX=:F`).
 *
 * @throws {Error} with the accepted form.
 */
export function parseMapArgument(text: string): [string, MappingOverride] {
  const m = /^(.+?)=([a-z_]*)(?::(.+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && m[3] === undefined)) {
    throw new Error(`--map ${quote(text)} is not COLUMN=ROLE[:UNIT]; e.g. --map TMAX=temp_max:F or --map AWND=ignore. Roles: ${MAPPING_ROLES.join(', ')}.`);
  }
  const role = m[2] === '' ? undefined : (m[2] as MappingRole);
  if (role !== undefined && !MAPPING_ROLES.includes(role)) throw new Error(`--map ${quote(text)}: ${quote(role)} is not a role; use one of ${MAPPING_ROLES.join(', ')}.`);
  let unit: string | undefined;
  if (m[3] !== undefined) {
    unit = canonicalUnit(m[3]);
    if (unit === undefined) throw new Error(`--map ${quote(text)}: ${quote(m[3])} is not a unit the app converts; use one of ${unitsFor(null).join(', ')}.`);
  }
  return [m[1], { ...(role ? { role } : {}), ...(unit ? { unit } : {}) }];
}

/** The overrides as one line for a link: `TMAX:temp_max:°F;AWND:ignore:` (names percent-encoded). */
export function encodeOverrides(overrides: MappingOverrides): string {
  return Object.entries(overrides)
    .map(([column, o]) => [column, o.role ?? '', o.unit ?? ''].map(encodeURIComponent).join(':'))
    .join(';');
}

/** Reads {@link encodeOverrides}' line; entries that are not well formed are dropped. */
export function decodeOverrides(text: string): MappingOverrides {
  const out: Record<string, MappingOverride> = {};
  for (const entry of text.split(';')) {
    const parts = entry.split(':').map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return null;
      }
    });
    if (parts.length !== 3 || parts.some((p) => p === null) || parts[0] === '') continue;
    const [column, role, unit] = parts as string[];
    if (role !== '' && !MAPPING_ROLES.includes(role as MappingRole)) continue;
    if (unit !== '' && !isKnownUnit(unit)) continue;
    out[column] = { ...(role ? { role: role as MappingRole } : {}), ...(unit ? { unit } : {}) };
  }
  return out;
}

/** The role of a table column (for sub-daily data a derived `…_max` is a temp_max), or null. */
export function roleOfTableColumn(mapping: readonly ColumnMapping[], name: string): ColumnRole | null {
  const entry = mapping.find((m) => m.names.includes(name));
  if (!entry || entry.role === 'other' || entry.role === 'ignore') return null;
  if (ROLE_DIMENSION[entry.role] === 'temperature' && entry.names.length > 1) {
    return name.endsWith('_max') ? 'temp_max' : name.endsWith('_min') ? 'temp_min' : 'temp_mean';
  }
  if ((entry.role === 'wind' || entry.role === 'wind_max') && entry.names.length > 1) return name.endsWith('_max') ? 'wind_max' : 'wind';
  return entry.role;
}
