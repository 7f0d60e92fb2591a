import { theme } from '../theme.ts';
import { baseStyles } from './base.styles.ts';
import { buttonStyles } from './buttons.styles.ts';
import { formStyles } from './form.styles.ts';
import { tableStyles } from './table.styles.ts';

export { baseStyles } from './base.styles.ts';
export { buttonStyles } from './buttons.styles.ts';
export { formStyles } from './form.styles.ts';
export { denseTableStyles, tableStyles } from './table.styles.ts';

/** Theme + base + form + table + buttons: what a step or a panel includes first in `static styles`. */
export const pageStyles = [theme, baseStyles, formStyles, tableStyles, buttonStyles];
