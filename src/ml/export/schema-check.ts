/**
 * A small JSON Schema (draft 2020-12) checker for the keywords the bundle's schemas use: `type`,
 * `enum`, `const`, `properties`, `required`, `additionalProperties`, `items`, `prefixItems`,
 * `minItems`, `maxItems`, `minimum`, `exclusiveMinimum`, `pattern` and `anyOf`. Any standard validator
 * gives the same verdict on the shipped schemas (tests/ml/contract.test.ts checks this against Ajv).
 * No TensorFlow.js.
 */

/** The subset of JSON Schema written in `schemas.ts`. */
export interface JsonSchema {
  readonly $schema?: string;
  readonly $id?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema | false;
  readonly prefixItems?: readonly JsonSchema[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly pattern?: string;
  readonly anyOf?: readonly JsonSchema[];
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function matchesType(v: unknown, type: string): boolean {
  if (type === 'integer') return typeof v === 'number' && Number.isInteger(v);
  if (type === 'number') return typeof v === 'number' && Number.isFinite(v);
  return typeOf(v) === type;
}

const pointer = (path: readonly (string | number)[]) => (path.length === 0 ? '(the whole file)' : `/${path.join('/')}`);
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 40) ?? String(v);

/**
 * The first place where `value` breaks `schema`, as "/features/2/std must be > 0", or null when it conforms.
 */
export function schemaProblem(schema: JsonSchema, value: unknown, path: readonly (string | number)[] = []): string | null {
  const at = pointer(path);
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => matchesType(value, t))) return `${at} must be ${types.join(' or ')}, not ${typeOf(value)} ${show(value)}`;
  }
  if (schema.const !== undefined && value !== schema.const) return `${at} must be ${show(schema.const)}, not ${show(value)}`;
  if (schema.enum && !schema.enum.includes(value)) return `${at} must be one of ${schema.enum.map(show).join(', ')}, not ${show(value)}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${at} must be ≥ ${schema.minimum}, not ${value}`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return `${at} must be > ${schema.exclusiveMinimum}, not ${value}`;
  }
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return `${at} must match ${schema.pattern}, not ${show(value)}`;
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${at} must have at least ${schema.minItems} item(s), not ${value.length}`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${at} must have at most ${schema.maxItems} item(s), not ${value.length}`;
    const prefix = schema.prefixItems ?? [];
    for (let i = 0; i < value.length; i++) {
      const item = i < prefix.length ? prefix[i] : schema.items;
      if (item === false) return `${at} must have at most ${prefix.length} item(s), not ${value.length}`;
      const problem = item ? schemaProblem(item, value[i], [...path, i]) : null;
      if (problem) return problem;
    }
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in record)) return `${at} has no "${key}"`;
    for (const [key, v] of Object.entries(record)) {
      const property = schema.properties?.[key];
      if (property) {
        const problem = schemaProblem(property, v, [...path, key]);
        if (problem) return problem;
      } else if (schema.additionalProperties === false) return `${at} has an unknown key ${show(key)}`;
      else if (typeof schema.additionalProperties === 'object') {
        const problem = schemaProblem(schema.additionalProperties, v, [...path, key]);
        if (problem) return problem;
      }
    }
  }
  if (schema.anyOf) {
    const problems = schema.anyOf.map((s) => schemaProblem(s, value, path));
    if (problems.every((p) => p !== null)) return problems.join('; or ');
  }
  return null;
}
