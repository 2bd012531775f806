import type { Recommendation, RecommendationResponse } from '@detour/sdk';
import { DISCIPLINES } from '@detour/sdk';
import {
  cardReason,
  formatDistance,
  formatPrice,
  formatWhen,
  pickUrl,
  placeName,
  safeUrl,
} from './format.js';
import type { Layout, Theme } from './options.js';
import { fill, type Lang, type Strings } from './strings.js';

/**
 * The cards, written once against an `h` function: `dom.ts`'s `h` renders them as DOM in the element,
 * `markup.ts`'s `hs` as an HTML string on the server (the fragment, the show pages). So the same response
 * gives the same cards and words wherever it is shown.
 */
export type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | null | undefined>;
export type Kids<N> = N | string | number | null | undefined | false | Kids<N>[];
export type CreateElement<N> = (tag: string, props?: Attrs | null, ...kids: Kids<N>[]) => N;

export interface CardProps {
  lang: Lang;
  strings: Strings;
  images: boolean;
  /** Link template for the host's own show pages (`{show}`, `{performance}`, `{venue}`). */
  showUrl: string | undefined;
  /** Base against which a relative show-page template resolves (the page's URL). */
  pageUrl: string | undefined;
  /** The Détour origin: a pick without a page of its own links to `/spectacles/{id}` there. */
  api: string | undefined;
  onPick?: ((item: Recommendation) => void) | undefined;
}

/** What the visitor's device remembers, with the visitor's controls (the element only). */
export interface MemoryProps {
  enabled: boolean;
  count: number;
  onClear: () => void;
  onStop: () => void;
  onResume: () => void;
}

export interface ListProps extends CardProps {
  theme: Theme;
  layout: Layout;
  policyUrl: string | null;
  /** Set when the host opted in to the visitor history (`history` attribute). */
  memory?: MemoryProps | null | undefined;
  /** Empty-state actions; without them (the server's markup) no button is offered. */
  onWider?: (() => void) | undefined;
  onLater?: (() => void) | undefined;
}

/** The radius « Chercher jusqu’à N km » offers after an empty answer: twice as far, at least 10 km, at most the contract's 200. */
export const widerRadius = (radius: number): number => Math.min(200, Math.max(radius * 2, 10));

/** One pick: image, discipline, title linking to the show's page, place, date, price and one reason. */
export function cardParts<N>(h: CreateElement<N>, p: CardProps, item: Recommendation): Kids<N>[] {
  const { lang, strings: s } = p;
  const url = pickUrl(item, p.showUrl, p.pageUrl, p.api);
  const image = p.images ? safeUrl(item.show.image) : null;
  const reason = cardReason(item, lang, s);
  const when = [
    formatWhen(item.performance.start, lang),
    formatPrice(item.performance.price, lang, s),
    item.performance.status === 'sold-out' && s.soldOut,
  ]
    .filter(Boolean)
    .join(' · ');
  const title = item.show.title;
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
          ? h('a', { href: url, part: 'link', onclick: p.onPick && (() => p.onPick!(item)) }, title)
          : title,
      ),
      h(
        'p',
        { class: 'meta', part: 'meta' },
        `${placeName(item.venue)} · ${formatDistance(item.distanceKm, lang, s)}`,
      ),
      h('p', { class: 'meta', part: 'meta' }, h('time', { datetime: item.performance.start }, when)),
      reason && h('p', { class: 'reason', part: 'reason' }, reason),
    ),
  ];
}

/** The picks as an ordered list (role="list" keeps list semantics where `list-style: none` drops them). */
export function picksList<N>(h: CreateElement<N>, p: ListProps, items: Recommendation[]): N {
  return h(
    'ol',
    {
      class: p.layout === 'grid' ? 'list grid' : 'list',
      part: 'list',
      role: 'list',
      'aria-label': p.strings.listLabel,
    },
    items.map((item) => h('li', { class: 'card', part: 'card' }, cardParts(h, p, item))),
  );
}

/** An empty answer: why, in the widget's words, and what the visitor can do about it here. */
export function emptyState<N>(h: CreateElement<N>, p: ListProps, response: RecommendationResponse): N {
  const s = p.strings;
  const code = response.empty?.code;
  const radius = response.context.radiusKm;
  const wider = widerRadius(radius);
  const text =
    code === 'nothing-in-area'
      ? fill(s.emptyArea, { radius })
      : code === 'nothing-in-window'
        ? fill(s.emptyWindow, { radius })
        : code === 'filtered-out'
          ? s.emptyFiltered
          : s.empty;
  const button = (label: string, onclick: () => void) =>
    h('button', { type: 'button', part: 'button', onclick }, label);
  return h(
    'div',
    { class: 'state', part: 'empty', role: 'status' },
    h('p', null, text),
    code !== 'filtered-out' &&
      p.onWider &&
      wider > radius &&
      button(fill(s.wider, { radius: wider }), p.onWider),
    code === 'nothing-in-window' && p.onLater && button(s.later, p.onLater),
  );
}

/** "Pourquoi ces propositions ?": every pick's reasons, what is remembered, the sources, the policy link. */
export function whyPanel<N>(h: CreateElement<N>, p: ListProps, response: RecommendationResponse): N {
  const s = p.strings;
  const m = p.memory;
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
    m &&
      h(
        'div',
        { class: 'mem', part: 'memory' },
        h('p', null, m.enabled ? (m.count ? fill(s.memory, { n: m.count }) : s.memoryEmpty) : s.memoryOff),
        m.enabled
          ? [
              h(
                'button',
                { type: 'button', part: 'button', onclick: m.onClear, disabled: !m.count },
                s.clear,
              ),
              h('button', { type: 'button', part: 'button', onclick: m.onStop }, s.stop),
            ]
          : h('button', { type: 'button', part: 'button', onclick: m.onResume }, s.resume),
      ),
    response.attribution.length > 0 &&
      h('p', { class: 'src' }, fill(s.sources, { sources: response.attribution.join(' ; ') })),
    p.policyUrl && h('a', { href: p.policyUrl, part: 'policy-link' }, s.policy),
  );
}

/** The header: the title and, where given, an extra control (the element's « Près de moi »). */
export function header<N>(h: CreateElement<N>, s: Strings, extra?: Kids<N>): N {
  return h('div', { class: 'head', part: 'header' }, h('h2', { part: 'title' }, s.title), extra);
}

/**
 * A whole answer: header, then the list (or the empty state) and the « Pourquoi » panel. `list` lets the
 * element put its carousel in place of the plain list.
 */
export function answerView<N>(
  h: CreateElement<N>,
  p: ListProps,
  response: RecommendationResponse,
  list: (items: Recommendation[]) => N = (items) => picksList(h, p, items),
  extra?: Kids<N>,
): N {
  const items = response.items;
  return h(
    'div',
    { class: `root ${p.theme}`, part: 'root', lang: p.lang },
    header(h, p.strings, extra),
    items.length
      ? [
          // Says that the list arrived, for screen readers (the skeleton announced the loading).
          h('p', { class: 'sr', role: 'status' }, fill(p.strings.loaded, { n: items.length })),
          list(items),
          whyPanel(h, p, response),
        ]
      : emptyState(h, p, response),
  );
}
