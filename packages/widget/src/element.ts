import type { Recommendation, RecommendationResponse } from '@detour/sdk';
import { fetchRecommendations, fetchVenue } from './api.js';
import { type MemoryProps, widerRadius } from './cards.js';
import { readServerResponse } from './enhance.js';
import { historyOf, reportImpressions, type WidgetHistory } from './history.js';
import {
  ATTRIBUTES,
  DEFAULT_LIMIT,
  elementQuery,
  readAttributes,
  VIEW_ONLY,
  type WidgetOptions,
} from './options.js';
import { resolveLang, type StringOverrides, stringsFor } from './strings.js';
import { styleSheet } from './styles.js';
import { type ViewState, view } from './view.js';

export const TAG = 'detour-recommendations';

// The origin the widget script was loaded from is the default API (read once, while the script runs).
const scriptSrc =
  typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null)?.src : undefined;

/** Coordinates of venues already looked up, shared by the widgets of the page. */
const venueCache = new Map<string, Promise<{ lat: number; lon: number }>>();

/**
 * `<detour-recommendations>`: nearby shows the visitor was not searching for, each with its reasons.
 * Attributes are documented in the package README; every change re-renders.
 */
export class DetourRecommendations extends HTMLElement {
  static observedAttributes = [...ATTRIBUTES];

  #root: ShadowRoot | null = null;
  #state: ViewState = { kind: 'loading' };
  #position: { lat: number; lon: number } | null = null;
  #strings: StringOverrides | undefined;
  #abort: AbortController | null = null;
  #near: IntersectionObserver | null = null;
  #seen: IntersectionObserver | null = null;
  #wanted = false;
  #scheduled = false;
  #needsFetch = true;
  #reported: RecommendationResponse | null = null;
  #history: WidgetHistory | null = null;
  /** What the visitor's device remembers (only when the host opted in with `history`). */
  #memory: { enabled: boolean; count: number } | null = null;
  /** The visitor's choice after an empty answer: a wider radius, or the next 30 days. */
  #widen: { radius?: number; later?: boolean } = {};

  /** String overrides given as an object (the `strings` attribute takes JSON). */
  get strings(): StringOverrides | undefined {
    return this.#strings;
  }
  set strings(value: StringOverrides | undefined) {
    this.#strings = value;
    this.#schedule(false);
  }

  /** The current view state (for tests and host pages that observe the widget). */
  get state(): ViewState {
    return this.#state;
  }

  connectedCallback(): void {
    if (!this.#root) {
      this.#root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      this.#root.adoptedStyleSheets = [styleSheet()];
      // Server-rendered recommendations inside the element, computed for this element's own query: show
      // them at once, without a request.
      const o = this.#options();
      const response = readServerResponse(
        this,
        elementQuery(o, Date.now(), this.#lang(o)),
        o.lat === undefined || o.lon === undefined,
      );
      if (response) {
        this.#state = { kind: 'ready', response };
        this.#needsFetch = false;
      }
    }
    this.#render();
    this.#observeNearViewport();
  }

  disconnectedCallback(): void {
    this.#near?.disconnect();
    this.#seen?.disconnect();
    this.#near = this.#seen = null;
    this.#abort?.abort();
  }

  attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
    if (previous === value || !this.#root) return;
    // The host changed the query: the visitor's earlier widening applied to the old one.
    if (!VIEW_ONLY.has(name)) this.#widen = {};
    this.#schedule(!VIEW_ONLY.has(name));
  }

  /** Coalesces several attribute changes made in one task into one render (and at most one request). */
  #schedule(fetchAgain: boolean): void {
    if (fetchAgain) this.#needsFetch = true;
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.#needsFetch && this.#wanted) void this.#load();
      else this.#render();
    });
  }

  /** Fetches once the element comes within a screen of the viewport (at once where that cannot be observed). */
  #observeNearViewport(): void {
    if (this.#wanted) {
      if (this.#needsFetch) void this.#load();
      return;
    }
    if (typeof IntersectionObserver !== 'function') {
      this.#wanted = true;
      void this.#load();
      return;
    }
    this.#near = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.#near?.disconnect();
        this.#near = null;
        this.#wanted = true;
        if (this.#needsFetch) void this.#load();
        else this.#watchImpressions();
      },
      { rootMargin: '300px 0px' },
    );
    this.#near.observe(this);
  }

  #visitorHistory(): WidgetHistory {
    this.#history ??= historyOf();
    return this.#history;
  }

  /** The attributes, with the visitor's widening after an empty answer. */
  #options(): WidgetOptions {
    const o = readAttributes(this);
    if (this.#widen.radius) o.radius = this.#widen.radius;
    if (this.#widen.later) {
      o.period = 'month';
      o.from = o.to = undefined;
    }
    return o;
  }

  /** The API base: the `api` attribute, else the origin that served the widget script, else the page's. */
  #api(o: WidgetOptions): string {
    try {
      if (o.api) return new URL(o.api, location.href).href.replace(/\/+$/, '');
      return new URL(scriptSrc ?? location.href).origin;
    } catch {
      return location.origin;
    }
  }

  #lang(o: WidgetOptions) {
    return resolveLang(o.lang, this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang);
  }

  async #place(
    o: WidgetOptions,
    api: string,
    signal: AbortSignal,
  ): Promise<{ lat: number; lon: number } | null> {
    if (o.lat !== undefined && o.lon !== undefined) return { lat: o.lat, lon: o.lon };
    if (o.venue) {
      const key = `${api} ${o.venue}`;
      let pending = venueCache.get(key);
      if (!pending) {
        pending = fetchVenue(api, o.venue, signal).then((v) => v.location);
        venueCache.set(key, pending);
        pending.catch(() => venueCache.delete(key));
      }
      return pending;
    }
    return this.#position;
  }

  async #load(): Promise<void> {
    this.#needsFetch = false;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const o = this.#options();
    const api = this.#api(o);
    if (this.#state.kind !== 'locating') this.#setState({ kind: 'loading' });
    try {
      const place = await this.#place(o, api, abort.signal);
      if (abort.signal.aborted) return;
      if (!place) {
        this.#setState({ kind: 'need-place' });
        return;
      }
      // History is opt-in (the `history` attribute): without it nothing is read from or written to storage.
      const history = o.history ? this.#visitorHistory() : null;
      const viewed = history ? await history.list() : [];
      this.#memory = history ? { enabled: await history.isEnabled(), count: viewed.length } : null;
      const others = viewed.filter((id) => id !== o.show);
      const response = await fetchRecommendations(
        api,
        {
          lat: String(place.lat),
          lon: String(place.lon),
          ...elementQuery(o, Date.now(), this.#lang(o)),
          ...(others.length ? { history: others.join(',') } : {}),
        },
        abort.signal,
      );
      if (abort.signal.aborted) return;
      // The page's own show counts as viewed for the next page the visitor opens.
      if (history && o.show) {
        await history.add(o.show);
        this.#memory = { enabled: await history.isEnabled(), count: (await history.list()).length };
      }
      this.#setState({ kind: 'ready', response });
    } catch {
      if (!abort.signal.aborted) this.#setState({ kind: 'error' });
    }
  }

  #setState(state: ViewState): void {
    this.#state = state;
    this.#render();
    this.dispatchEvent(new CustomEvent('detour:state', { detail: state.kind }));
    if (state.kind === 'ready') this.#watchImpressions();
  }

  /** Sends one aggregate impression beacon per list, once at least half of the list has been on screen. */
  #watchImpressions(): void {
    const st = this.#state;
    if (st.kind !== 'ready' || !st.response.items.length || this.#reported === st.response || !this.#wanted)
      return;
    const response = st.response;
    const send = () => {
      if (this.#reported === response) return;
      this.#reported = response;
      reportImpressions(this.#api(this.#options()), response);
    };
    this.#seen?.disconnect();
    const list = this.#root?.querySelector('[part~="list"]');
    if (typeof IntersectionObserver !== 'function' || !list) {
      send();
      return;
    }
    this.#seen = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.#seen?.disconnect();
          send();
        }
      },
      { threshold: 0.5 },
    );
    this.#seen.observe(list);
  }

  #nearMe = (): void => {
    if (!navigator.geolocation) {
      this.#setState({ kind: 'need-place', noPosition: true });
      return;
    }
    this.#setState({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        this.#position = { lat: pos.coords.latitude, lon: pos.coords.longitude };
        this.#wanted = true;
        void this.#load();
      },
      () => this.#setState({ kind: 'need-place', noPosition: true }),
      { maximumAge: 600_000, timeout: 15_000 },
    );
  };

  #pick = (item: Recommendation): void => {
    if (this.#options().history) void this.#visitorHistory().add(item.show.id);
  };

  /** The visitor's controls over what is remembered, in the « Pourquoi ces propositions ? » panel. */
  #memoryProps(): MemoryProps | null {
    const m = this.#memory;
    if (!m || !this.#options().history) return null;
    const then = (change: (h: WidgetHistory) => Promise<void>) => async () => {
      const history = this.#visitorHistory();
      await change(history);
      this.#memory = { enabled: await history.isEnabled(), count: (await history.list()).length };
      this.#render();
    };
    return {
      ...m,
      onClear: then((h) => h.clear()),
      onStop: then((h) => h.disable()),
      onResume: then((h) => h.enable()),
    };
  }

  #widenBy = (change: { radius?: number; later?: boolean }): void => {
    this.#widen = { ...this.#widen, ...change };
    this.#wanted = true;
    void this.#load();
  };

  #render(): void {
    if (!this.#root) return;
    const o = this.#options();
    const lang = this.#lang(o);
    const hasPlace = (o.lat !== undefined && o.lon !== undefined) || !!o.venue;
    const api = this.#api(o);
    let policyUrl: string | null = null;
    try {
      policyUrl = new URL('/policy', `${api}/`).href;
    } catch {}
    const st = this.#state;
    const radius = st.kind === 'ready' ? st.response.context.radiusKm : 0;
    // Re-rendering replaces the markup: the open panel and the focused control are carried over.
    const root = this.#root;
    const wasOpen = root.querySelector('details')?.open;
    const focused = root.activeElement as HTMLElement | null;
    const focusedText =
      focused?.tagName === 'BUTTON' && focused.closest('details') ? focused.textContent : null;
    root.replaceChildren(
      view({
        state: this.#state,
        lang,
        strings: stringsFor(lang, this.#strings ?? o.strings),
        theme: o.theme ?? 'auto',
        layout: o.layout ?? 'list',
        count: Math.max(1, Math.min(50, Math.round(o.limit ?? DEFAULT_LIMIT))),
        images: !o.noImages,
        showUrl: o.showUrl,
        pageUrl: location.href,
        api,
        policyUrl,
        memory: this.#memoryProps(),
        onWider: () => this.#widenBy({ radius: widerRadius(radius) }),
        onLater: () => this.#widenBy({ later: true }),
        nearMe: !hasPlace,
        onNearMe: this.#nearMe,
        onRetry: () => {
          this.#wanted = true;
          void this.#load();
        },
        onPick: this.#pick,
      }),
    );
    const details = root.querySelector('details');
    if (wasOpen && details) details.open = true;
    if (focusedText) {
      const buttons = [...root.querySelectorAll<HTMLElement>('details button')];
      (
        buttons.find((b) => b.textContent === focusedText && !b.hasAttribute('disabled')) ??
        buttons.find((b) => !b.hasAttribute('disabled')) ??
        details?.querySelector('summary')
      )?.focus();
    }
  }
}

/** Defines `<detour-recommendations>` once (safe when the script is included twice). */
export function define(tag = TAG): void {
  if (typeof customElements !== 'undefined' && !customElements.get(tag))
    customElements.define(tag, DetourRecommendations);
}
