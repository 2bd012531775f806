import type { Attrs, Kids } from './cards.js';

/** What `h()` accepts as children: nodes, text (always inserted as text, never parsed as HTML), nesting. */
export type Child = Kids<Node>;
export type Props = Attrs;

/**
 * Creates an element: `on…` props become listeners, other props attributes (`true` → present, null/false →
 * absent), children are appended as nodes or text. A few lines doing what a UI library would, for the budget.
 */
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const name in props) {
    const value = props[name];
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(typeof child === 'object' ? child : String(child));
  }
}
