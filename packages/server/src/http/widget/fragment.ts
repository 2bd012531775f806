import type { Locale, Reason, Recommendation, RecommendationResponse } from '@detour/sdk';
import { DISCIPLINES } from '@detour/sdk';
import { Html, html } from '../pages/html.js';
import { eventJsonLd, scriptJson } from './json-ld.js';

/** The fragment's words; the same as the widget's defaults, so that enhancing changes no text. */
const WORDS = {
  fr: {
    title: 'À découvrir près d’ici',
    listLabel: 'Spectacles proposés',
    why: 'Pourquoi ces propositions ?',
    whyIntro: 'Chaque proposition est choisie pour ces raisons, selon une politique publique de diversité :',
    policy: 'Lire la politique de recommandation',
    free: 'Gratuit',
    from: (p: string) => `dès ${p}`,
    distance: (d: string) => `à ${d}`,
    soldOut: 'Complet',
    empty: 'Aucun spectacle à proposer pour le moment.',
    sources: 'Sources : ',
  },
  en: {
    title: 'Discover nearby',
    listLabel: 'Suggested shows',
    why: 'Why these suggestions?',
    whyIntro: 'Each suggestion is chosen for these reasons, under a public diversity policy:',
    policy: 'Read the recommendation policy',
    free: 'Free',
    from: (p: string) => `from ${p}`,
    distance: (d: string) => `${d} away`,
    soldOut: 'Sold out',
    empty: 'No shows to suggest right now.',
    sources: 'Sources: ',
  },
} as const;

const LOCALES = { fr: 'fr-FR', en: 'en-GB' } as const;

export interface FragmentOptions {
  lang: Locale;
  /** Absolute URL of the public policy page. */
  policyUrl: string;
  /** Show-page link template (`{show}`, `{performance}`, `{venue}`); the performance's own page otherwise. */
  showUrl?: string | undefined;
}

/** An absolute http(s) URL or null: nothing else becomes a link or an image. */
function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The link of a pick, as the widget computes it. */
export function pickLink(item: Recommendation, template: string | undefined): string | null {
  if (template) {
    return httpUrl(
      template
        .replace(/\{show\}/g, encodeURIComponent(item.show.id))
        .replace(/\{performance\}/g, encodeURIComponent(item.performance.id))
        .replace(/\{venue\}/g, encodeURIComponent(item.venue.id)),
    );
  }
  return httpUrl(item.performance.url ?? item.venue.url);
}

const leading = (item: Recommendation): Reason | undefined =>
  item.reasons.find((r) => r.decisive) ?? item.reasons[0];

function priceText(item: Recommendation, lang: Locale): string | null {
  const { price } = item.performance;
  const w = WORDS[lang];
  if (price.free || price.min === 0) return w.free;
  if (price.min === null) return null;
  const money = new Intl.NumberFormat(LOCALES[lang], {
    style: 'currency',
    currency: price.currency,
    maximumFractionDigits: Number.isInteger(price.min) ? 0 : 2,
  }).format(price.min);
  return price.max !== null && price.max !== price.min ? w.from(money) : money;
}

function card(item: Recommendation, o: FragmentOptions): Html {
  const lang = o.lang;
  const w = WORDS[lang];
  const url = pickLink(item, o.showUrl);
  const image = httpUrl(item.show.image);
  const when = new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'Europe/Paris',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(item.performance.start));
  const distance = new Intl.NumberFormat(LOCALES[lang], {
    style: 'unit',
    unit: 'kilometer',
    maximumFractionDigits: item.distanceKm < 10 ? 1 : 0,
  }).format(item.distanceKm);
  const dateLine = [when, priceText(item, lang), item.performance.status === 'sold-out' ? w.soldOut : null]
    .filter(Boolean)
    .join(' · ');
  const reason = leading(item);
  return html`<li><article>
${image ? html`<img src="${image}" alt="" loading="lazy" width="300" height="200">` : ''}
<p>${DISCIPLINES[item.show.discipline]?.[lang] ?? item.show.discipline}</p>
<h3>${url ? html`<a href="${url}">${item.show.title}</a>` : item.show.title}</h3>
<p>${item.venue.name}, ${item.venue.town} · ${w.distance(distance)}</p>
<p><time datetime="${item.performance.start}">${dateLine}</time></p>
${reason ? html`<p>${reason.text[lang]}</p>` : ''}
</article></li>`;
}

/**
 * The recommendations as an HTML fragment for a page to include where the widget goes: readable and
 * linked without JavaScript, schema.org Event JSON-LD for search engines, and the response itself as JSON so
 * that `<detour-recommendations>` wrapped around it renders in place without a second request.
 * Every catalogue value is escaped; links and images are http(s) only.
 */
export function renderFragment(response: RecommendationResponse, o: FragmentOptions): string {
  const lang = o.lang;
  const w = WORDS[lang];
  const items = response.items;
  const body = items.length
    ? html`<ol aria-label="${w.listLabel}">
${items.map((item) => card(item, o))}
</ol>
<details><summary>${w.why}</summary>
<p>${w.whyIntro}</p>
<ol>
${items.map((item) => html`<li><strong>${item.show.title}</strong><ul>${item.reasons.map((r) => html`<li>${r.text[lang]}</li>`)}</ul></li>`)}
</ol>
${response.attribution.length ? html`<p>${w.sources}${response.attribution.join(' ; ')}</p>` : ''}
<p><a href="${httpUrl(o.policyUrl) ?? ''}">${w.policy}</a></p>
</details>`
    : html`<p>${response.empty?.text[lang] ?? w.empty}</p>`;
  const events = items.map((item) => eventJsonLd(item, pickLink(item, o.showUrl)));
  const jsonLd = events.length
    ? new Html(
        `<script type="application/ld+json">${scriptJson(events.length === 1 ? events[0] : events)}</script>\n`,
      )
    : '';
  const data = new Html(
    `<script type="application/json" data-detour-response>${scriptJson(response)}</script>`,
  );
  return html`<section class="detour-fragment" lang="${lang}" data-detour-fragment>
<h2>${w.title}</h2>
${body}
${jsonLd}${data}
</section>
`.value;
}
