import type { Reason, Recommendation, RecommendationResponse } from '@detour/sdk';
import { DISCIPLINES } from '@detour/sdk';
import { type Child, h } from './dom.js';
import { formatDistance, formatPrice, formatWhen, pickUrl, safeUrl } from './format.js';
import type { Layout, Theme } from './options.js';
import { fill, type Lang, type Strings } from './strings.js';

/** What the widget shows: waiting for a place, locating, loading, a list, or an error. */
export type ViewState =
  | { kind: 'need-place'; noPosition?: boolean }
  | { kind: 'locating' }
  | { kind: 'loading' }
  | { kind: 'ready'; response: RecommendationResponse }
  | { kind: 'error' };

export interface ViewProps {
  state: ViewState;
  lang: Lang;
  strings: Strings;
  theme: Theme;
  layout: Layout;
  /** Number of skeleton cards (the number of picks asked for). */
  count: number;
  images: boolean;
  showUrl: string | undefined;
  /** Base against which a relative show-page template resolves (the page's URL). */
  pageUrl: string | undefined;
  policyUrl: string | null;
  /** Offer the "près de moi" button. */
  nearMe: boolean;
  onNearMe: () => void;
  onRetry: () => void;
  onPick: (item: Recommendation) => void;
}

/** The reason a card shows on one line: the decisive one, else the first. */
export function leadingReason(item: Recommendation): Reason | undefined {
  return item.reasons.find((r) => r.decisive) ?? item.reasons[0];
}

const listClass = (layout: Layout) => (layout === 'grid' ? 'list grid' : 'list');

/** The widget's whole view, built as DOM (text is only ever inserted as text). */
export function view(p: ViewProps): HTMLElement {
  const s = p.strings;
  const st = p.state;
  let body: Child;
  if (st.kind === 'ready') {
    body = st.response.items.length
      ? [
          // Says that the list arrived, for screen readers (the skeleton announced the loading).
          h('p', { class: 'sr', role: 'status' }, fill(s.loaded, { n: st.response.items.length })),
          picks(p, st.response.items),
        ]
      : h('p', { class: 'state', part: 'empty', role: 'status' }, st.response.empty?.text[p.lang] || s.empty);
  } else if (st.kind === 'error') {
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
  return h(
    'div',
    { class: `root ${p.theme}`, part: 'root', lang: p.lang },
    h(
      'div',
      { class: 'head', part: 'header' },
      h('h2', { part: 'title' }, s.title),
      p.nearMe &&
        h(
          'button',
          { type: 'button', part: 'button', onclick: p.onNearMe, disabled: st.kind === 'locating' },
          s.nearMe,
        ),
    ),
    body,
    st.kind === 'ready' && st.response.items.length > 0 && why(p, st.response),
  );
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
    h('ul', { class: p.layout === 'carousel' ? 'track' : listClass(p.layout), 'aria-hidden': 'true' }, cards),
    // The room of the « Pourquoi ces propositions ? » line that comes with the cards.
    h('div', { class: 'ph' }),
  );
}

function picks(p: ViewProps, items: Recommendation[]): HTMLElement {
  if (p.layout === 'carousel') return carousel(p, items);
  // role="list" keeps list semantics where `list-style: none` would drop them (Safari).
  return h(
    'ol',
    { class: listClass(p.layout), part: 'list', role: 'list', 'aria-label': p.strings.listLabel },
    items.map((item) => h('li', { class: 'card', part: 'card' }, card(p, item))),
  );
}

/** One pick: image, discipline, title linking to the show's page, place, date, price and its leading reason. */
function card(p: ViewProps, item: Recommendation): Child[] {
  const { lang, strings: s } = p;
  const url = pickUrl(item, p.showUrl, p.pageUrl);
  const image = p.images ? safeUrl(item.show.image) : null;
  const reason = leadingReason(item);
  const when = [
    formatWhen(item.performance.start, lang),
    formatPrice(item.performance.price, lang, s),
    item.performance.status === 'sold-out' && s.soldOut,
  ]
    .filter(Boolean)
    .join(' · ');
  return [
    p.images &&
      h(
        'div',
        { class: 'media', part: 'media' },
        image &&
          h('img', {
            src: image,
            alt: '',
            loading: 'lazy',
            decoding: 'async',
            width: 300,
            height: 200,
            part: 'image',
            // An image that cannot load leaves the plain box, not a broken-image icon.
            onerror: (e: Event) => (e.target as Element).remove(),
          }),
      ),
    h(
      'div',
      { class: 'body' },
      h(
        'p',
        { class: 'disc', part: 'discipline' },
        DISCIPLINES[item.show.discipline]?.[lang] ?? item.show.discipline,
      ),
      h(
        'h3',
        { class: 't', part: 'card-title' },
        url
          ? h('a', { href: url, part: 'link', onclick: () => p.onPick(item) }, item.show.title)
          : item.show.title,
      ),
      h(
        'p',
        { class: 'meta', part: 'meta' },
        `${item.venue.name}, ${item.venue.town} · ${formatDistance(item.distanceKm, lang, s)}`,
      ),
      h('p', { class: 'meta', part: 'meta' }, h('time', { datetime: item.performance.start }, when)),
      reason && h('p', { class: 'reason', part: 'reason' }, reason.text[lang]),
    ),
  ];
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
      card(p, item),
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

/** "Pourquoi ces propositions ?": every pick's reasons, the data sources, and a link to the public policy. */
function why(p: ViewProps, response: RecommendationResponse): HTMLElement {
  const s = p.strings;
  return h(
    'details',
    { part: 'why' },
    h('summary', null, s.why),
    h('p', null, s.whyIntro),
    h(
      'ol',
      null,
      response.items.map((item) =>
        h(
          'li',
          null,
          h('strong', null, item.show.title),
          h(
            'ul',
            null,
            item.reasons.map((r) => h('li', null, r.text[p.lang])),
          ),
        ),
      ),
    ),
    response.attribution.length > 0 &&
      h('p', { class: 'src' }, fill(s.sources, { sources: response.attribution.join(' ; ') })),
    p.policyUrl && h('a', { href: p.policyUrl, part: 'policy-link' }, s.policy),
  );
}
