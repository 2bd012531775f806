import type { Locale, RecommendationResponse } from '@detour/sdk';
import { pickUrl, renderAnswerHtml, stringsFor } from '@detour/widget/render';
import { escapeHtml } from '../pages/html.js';
import { eventJsonLd, scriptJson } from './json-ld.js';

export interface FragmentOptions {
  lang: Locale;
  /** Absolute URL of the public policy page. */
  policyUrl: string;
  /** Show-page link template (`{show}`, `{performance}`, `{venue}`); the partner's page, else Détour's, otherwise. */
  showUrl?: string | undefined;
  /** This server's origin: where `/spectacles/{id}` is. */
  origin: string;
  /**
   * The query the answer was computed for (what the element compares with its own attributes before
   * showing the embedded answer without a request).
   */
  query: Record<string, string>;
}

/**
 * The recommendations as an HTML fragment for a page to include where the widget goes: the widget's own
 * cards and words (its view, rendered to a string), readable and linked without JavaScript; schema.org Event
 * JSON-LD for search engines; and the response itself as JSON, so that `<detour-recommendations>` wrapped
 * around it renders in place without a second request when it asks for the same query.
 * Every catalogue value is escaped; links and images are http(s) only.
 */
export function renderFragment(response: RecommendationResponse, o: FragmentOptions): string {
  const lang = o.lang;
  const link = (item: RecommendationResponse['items'][number]) =>
    pickUrl(item, o.showUrl, undefined, o.origin);
  const view = renderAnswerHtml(response, {
    lang,
    strings: stringsFor(lang),
    images: true,
    showUrl: o.showUrl,
    pageUrl: undefined,
    api: o.origin,
    theme: 'auto',
    layout: 'list',
    policyUrl: o.policyUrl,
  });
  const events = response.items.map((item) => eventJsonLd({ ...item, url: link(item) }));
  const jsonLd = events.length
    ? `<script type="application/ld+json">${scriptJson(events.length === 1 ? events[0] : events)}</script>\n`
    : '';
  const query = escapeHtml(new URLSearchParams(o.query).toString());
  return `<section class="detour-fragment" lang="${lang}" data-detour-fragment data-detour-query="${query}">
${view}
${jsonLd}<script type="application/json" data-detour-response>${scriptJson(response)}</script>
</section>
`;
}
