import type { Recommendation, RecommendationResponse } from '@detour/sdk';
import { answerView, cardParts, header, type ListProps } from './cards.js';
import { type Child, h } from './dom.js';
import { fill } from './strings.js';

/** What the widget shows: waiting for a place, locating, loading, a list, or an error. */
export type ViewState =
  | { kind: 'need-place'; noPosition?: boolean }
  | { kind: 'locating' }
  | { kind: 'loading' }
  | { kind: 'ready'; response: RecommendationResponse }
  | { kind: 'error' };

export interface ViewProps extends ListProps {
  state: ViewState;
  /** Number of skeleton cards (the number of picks asked for). */
  count: number;
  /** Offer the "près de moi" button. */
  nearMe: boolean;
  onNearMe: () => void;
  onRetry: () => void;
}

/** The widget's whole view, built as DOM (text is only ever inserted as text). */
export function view(p: ViewProps): HTMLElement {
  const s = p.strings;
  const st = p.state;
  const nearMe =
    p.nearMe &&
    h(
      'button',
      { type: 'button', part: 'button', onclick: p.onNearMe, disabled: st.kind === 'locating' },
      s.nearMe,
    );
  // The answer: the same markup as the server's (cards.ts), the carousel being the element's own.
  if (st.kind === 'ready')
    return answerView(
      h,
      p,
      st.response,
      p.layout === 'carousel' ? (items) => carousel(p, items) : undefined,
      nearMe,
    );
  let body: Child;
  if (st.kind === 'error') {
    body = h(
      'div',
      { class: 'state', part: 'error', role: 'alert' },
      h('p', null, s.error),
      h('button', { type: 'button', part: 'button', onclick: p.onRetry }, s.retry),
    );
  } else if (st.kind === 'need-place') {
    body = h(
      'p',
      { class: 'state', part: 'empty', role: 'status' },
      st.noPosition ? s.noPosition : s.needPlace,
    );
  } else {
    body = skeleton(p);
  }
  return h('div', { class: `root ${p.theme}`, part: 'root', lang: p.lang }, header(h, s, nearMe), body);
}

/** Placeholder cards with the boxes of the real ones, so that nothing moves when the picks arrive. */
function skeleton(p: ViewProps): HTMLElement {
  const cards = Array.from({ length: p.count }, () =>
    h(
      'li',
      { class: 'card sk', part: 'card skeleton' },
      p.images && h('div', { class: 'media' }),
      h(
        'div',
        { class: 'body' },
        h('div', { class: 'disc' }),
        h('div', { class: 't' }),
        h('div', { class: 'meta' }),
        h('div', { class: 'meta' }),
        h('div', { class: 'reason' }),
      ),
    ),
  );
  return h(
    'div',
    { 'aria-busy': 'true' },
    h(
      'p',
      { class: 'sr', role: 'status' },
      p.state.kind === 'locating' ? p.strings.locating : p.strings.loading,
    ),
    // The carousel's button row, then the cards.
    p.layout === 'carousel' && h('div', { class: 'ctl ph-ctl' }),
    h(
      'ul',
      {
        class: p.layout === 'carousel' ? 'track' : p.layout === 'grid' ? 'list grid' : 'list',
        'aria-hidden': 'true',
      },
      cards,
    ),
    // The room of the « Pourquoi ces propositions ? » line that comes with the cards.
    h('div', { class: 'ph' }),
  );
}

/**
 * The WAI-ARIA carousel pattern: a region with roledescription "carousel", slides labelled "N sur M",
 * previous/next buttons controlling the slide container, arrow keys (and Home/End), no automatic rotation.
 */
function carousel(p: ViewProps, items: Recommendation[]): HTMLElement {
  const s = p.strings;
  const n = items.length;
  let index = 0;
  const slides = items.map((item, i) =>
    h(
      'div',
      {
        class: 'card',
        part: 'card',
        role: 'group',
        'aria-roledescription': s.slide,
        'aria-label': fill(s.slideLabel, { n: i + 1, m: n }),
        tabindex: -1,
      },
      cardParts(h, p, item),
    ),
  );
  const go = (to: number, focus: boolean) => {
    index = Math.max(0, Math.min(n - 1, to));
    const active = (track.getRootNode() as ShadowRoot).activeElement;
    prev.toggleAttribute('disabled', index === 0);
    next.toggleAttribute('disabled', index === n - 1);
    // A button that just became disabled would drop the keyboard focus: hand it to the other one.
    if (active === prev && index === 0) next.focus();
    if (active === next && index === n - 1) prev.focus();
    const slide = slides[index]!;
    track.scrollTo?.({ left: slide.offsetLeft - track.offsetLeft });
    if (focus) (slide.querySelector('a') ?? slide).focus({ preventScroll: true });
  };
  const button = (label: string, glyph: string, step: number) =>
    h(
      'button',
      {
        type: 'button',
        part: 'button',
        'aria-controls': 'detour-slides',
        'aria-label': label,
        onclick: () => go(index + step, false),
      },
      glyph,
    );
  const prev = button(s.previous, '‹', -1);
  const next = button(s.next, '›', 1);
  const keys: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -n, End: n };
  const track = h(
    'div',
    {
      id: 'detour-slides',
      class: 'track',
      'aria-live': 'polite',
      onkeydown: (e: Event) => {
        const step = keys[(e as KeyboardEvent).key];
        if (step === undefined) return;
        e.preventDefault();
        // The slide holding the focus is the current one (focus may have moved there by Tab).
        const from = slides.findIndex((el) => el.contains(e.target as Node));
        go((from < 0 ? index : from) + step, true);
      },
    },
    slides,
  );
  prev.toggleAttribute('disabled', true);
  next.toggleAttribute('disabled', n < 2);
  return h(
    'section',
    { class: 'car', 'aria-roledescription': s.carousel, 'aria-label': s.listLabel, part: 'list' },
    h('div', { class: 'ctl' }, prev, next),
    track,
  );
}
