import type { CatalogueView } from '../app-state.js';
import type { AppDeps } from './context.js';

const cache = new WeakMap<CatalogueView, Promise<string[]>>();

/** The attribution lines of the sources in a catalogue view (the current one by default; cached per view). */
export function attributionLines(deps: AppDeps, view: CatalogueView = deps.state.view()): Promise<string[]> {
  let lines = cache.get(view);
  if (!lines) {
    lines = deps.state.store.sources().then((rows) => deps.attribution(rows.map((r) => r.source)));
    // A failed read is not cached: the next request tries again.
    lines.catch(() => cache.delete(view));
    cache.set(view, lines);
  }
  return lines;
}
