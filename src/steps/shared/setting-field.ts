/**
 * A number field for one setting of the settings table: its label, unit, limits, step and help
 * come from the table, so the page checks exactly what links, the CLI and the core check.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { SETTINGS, type NumberSetting, type NumberSettingName } from '../../ml/settings/table.ts';
import '../../ui/number-field/number-field.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';

export interface SettingFieldOptions {
  readonly onChange: (event: NumberChangeEvent) => void;
  readonly disabled?: boolean;
  /** Replaces the table's label (e.g. "Filters per layer" for a CNN). */
  readonly label?: string;
  /** Replaces the table's help (e.g. advice that depends on the optimizer). */
  readonly hint?: string;
}

/** `<number-field data-field=NAME …>` for a table setting; the handler can read `data-field` to know which. */
export function settingField(name: NumberSettingName, value: number, options: SettingFieldOptions): TemplateResult {
  const s: NumberSetting = SETTINGS[name];
  return html`<number-field
    data-field=${name}
    label=${options.label ?? s.label}
    unit=${s.unit ?? nothing}
    ?integer=${s.integer}
    min=${s.min}
    max=${s.max}
    step=${s.step ?? nothing}
    .value=${value}
    ?disabled=${options.disabled ?? false}
    hint=${options.hint ?? s.help}
    @number-change=${options.onChange}
  ></number-field>`;
}
