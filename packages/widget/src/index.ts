// The ESM entry for bundlers: importing it defines <detour-recommendations> (side effect) and exports mount().
import { DetourRecommendations, define, TAG } from './element.js';
import { type WidgetOptions, writeAttributes } from './options.js';

export type { Layout, Theme, WidgetOptions } from './options.js';
export type { PeriodName } from './period.js';
export { STRINGS, type StringKey, type StringOverrides, type Strings } from './strings.js';
export type { ViewState } from './view.js';
export { DetourRecommendations, define, TAG };

define();

/** What `mount()` returns: the element, a way to change its options, and a way to remove it. */
export interface MountedWidget {
  element: DetourRecommendations;
  update(options: WidgetOptions): void;
  destroy(): void;
}

/**
 * Renders recommendations into `target`: a `<detour-recommendations>` element is used as is; any other
 * element receives a new one as its last child. Options become attributes (`strings` stays an object).
 */
export function mount(target: Element, options: WidgetOptions = {}): MountedWidget {
  const element = (
    target instanceof DetourRecommendations ? target : target.appendChild(document.createElement(TAG))
  ) as DetourRecommendations;
  const update = (next: WidgetOptions) => {
    const { strings, ...attributes } = next;
    if ('strings' in next) element.strings = strings;
    writeAttributes(element, attributes);
  };
  update(options);
  return {
    element,
    update,
    destroy: () => {
      if (element !== target) element.remove();
    },
  };
}
