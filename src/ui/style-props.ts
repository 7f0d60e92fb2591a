import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets inline style properties through the CSSOM (`element.style.setProperty`), never through a
 * `style` attribute. Lit's own `styleMap` writes a `style` attribute on first render, which the
 * app's Content-Security-Policy (no 'unsafe-inline' styles) blocks.
 *
 * Usage: `<div ${styleProps({ height: '240px' })}>`.
 */
class StylePropsDirective extends Directive {
  private previous = new Set<string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) throw new Error('styleProps() goes in an element position: <div ${styleProps({...})}>');
  }

  render(_props: Readonly<Record<string, string | undefined | null>>): unknown {
    return noChange;
  }

  override update(part: ElementPart, [props]: [Readonly<Record<string, string | undefined | null>>]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (props[name] == null) style.removeProperty(name);
    this.previous = new Set();
    for (const [name, value] of Object.entries(props)) {
      if (value == null) continue;
      style.setProperty(name, value);
      this.previous.add(name);
    }
    return noChange;
  }
}

export const styleProps = directive(StylePropsDirective);
