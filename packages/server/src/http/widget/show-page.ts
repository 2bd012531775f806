import type { Performance, RecommendationResponse, Show, Venue } from '@detour/sdk';
import { DISCIPLINES } from '@detour/sdk';
import { formatPrice, placeName, renderAnswerHtml, safeUrl, stringsFor } from '@detour/widget/render';
import { Html, html, page } from '../pages/html.js';
import { eventJsonLd, scriptJson } from './json-ld.js';

export interface ShowPageData {
  show: Show;
  /** Performances from now on, cancelled and postponed ones included (with their status). */
  performances: Performance[];
  venues: Venue[];
  /** Similar shows near the next performance, with their reasons; null when there is nothing to search around. */
  similar: RecommendationResponse | null;
  attribution: string[];
  /** This server's origin (links to other show pages, the policy). */
  origin: string;
}

/** Where a show's public page is. */
export const showPagePath = (id: string) => `/spectacles/${encodeURIComponent(id)}`;

/** The show pages' few styles on top of site.css: the cards of similar shows. */
export const SHOW_PAGE_CSS = `
.perfs { list-style: none; padding: 0; display: grid; gap: .75rem; }
.perfs li { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
.perfs .status { font-weight: 700; }
.lead { font-size: 1.1rem; }
.show-image { max-width: 100%; height: auto; border-radius: 8px; }
.similar .head h2 { margin-top: 2.5rem; }
.similar .list { list-style: none; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.similar .card { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.similar .media img { display: block; width: 100%; height: auto; aspect-ratio: 3/2; object-fit: cover; }
.similar .body { padding: .5rem .75rem .75rem; }
.similar .body p { margin: .15rem 0; }
.similar .disc, .similar .meta { color: var(--muted); font-size: .9rem; }
.similar .t { font-size: 1.05rem; margin: .25rem 0; }
.similar .reason { font-style: italic; font-size: .9rem; }
.similar .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

const LONG_DATE = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const STATUS_WORDS: Record<Performance['status'], string | null> = {
  scheduled: null,
  'sold-out': 'Complet',
  cancelled: 'Annulé',
  postponed: 'Reporté',
};

function performanceItem(p: Performance, venue: Venue | undefined): Html {
  const strings = stringsFor('fr');
  const when = LONG_DATE.format(new Date(p.start));
  const price = formatPrice(p.price, 'fr', strings) ?? 'prix non communiqué';
  const status = STATUS_WORDS[p.status];
  const booking = safeUrl(p.url);
  const bookable = p.status === 'scheduled';
  return html`<li>
<p><strong><time datetime="${p.start}">${when}</time></strong>${status ? html` · <span class="status">${status}</span>` : ''}</p>
${venue ? html`<p>${placeName(venue)}${venue.address && !placeName(venue).includes(venue.address) ? html` — ${venue.address}` : ''}${venue.postcode ? html` (${venue.postcode})` : ''}</p>` : ''}
<p>${price}</p>
${booking ? html`<p><a href="${booking}">${bookable ? 'Réserver' : 'Voir la page du lieu'}<span class="muted"> — ${when}</span></a></p>` : ''}
</li>`;
}

/**
 * A show's public page: what it is, every upcoming performance (venue, date, price, booking link where known),
 * similar shows with their reasons, schema.org Event JSON-LD, and the data's attribution. Server-rendered,
 * readable without JavaScript; the cards are the widget's own (its view rendered to a string).
 */
export function renderShowPage(d: ShowPageData): string {
  const { show } = d;
  const venues = new Map(d.venues.map((v) => [v.id, v]));
  const discipline = DISCIPLINES[show.discipline]?.fr ?? show.discipline;
  const image = safeUrl(show.image);
  const self = `${d.origin}${showPagePath(show.id)}`;
  const events = d.performances.flatMap((p) => {
    const venue = venues.get(p.venueId);
    return venue ? [eventJsonLd({ show, performance: p, venue, url: safeUrl(p.url) ?? self })] : [];
  });
  const similar = d.similar?.items.length
    ? new Html(
        renderAnswerHtml(d.similar, {
          lang: 'fr',
          strings: stringsFor('fr', { title: 'Dans le même esprit, près d’ici' }),
          images: true,
          showUrl: undefined,
          pageUrl: undefined,
          api: d.origin,
          theme: 'auto',
          layout: 'grid',
          policyUrl: `${d.origin}/policy`,
        }),
      )
    : '';
  const body = html`<header class="site"><a class="brand" href="/demo">Détour</a> <span class="muted">— découvrir le spectacle vivant près de chez soi</span></header>
<main>
<article>
<p class="muted">${discipline}${show.creators.length ? html` · ${show.creators.join(', ')}` : ''}</p>
<h1>${show.title}</h1>
${image ? html`<p><img class="show-image" src="${image}" alt="" width="600" height="400"></p>` : ''}
${show.description ? html`<p class="lead">${show.description}</p>` : ''}
<h2>Représentations à venir</h2>
${
  d.performances.length
    ? html`<ul class="perfs">
${d.performances.map((p) => performanceItem(p, venues.get(p.venueId)))}
</ul>`
    : html`<p>Aucune représentation à venir n’est connue.</p>`
}
<p class="muted">Dates, prix et réservation selon le lieu : vérifiez toujours auprès de lui.</p>
</article>
${similar ? html`<section class="similar" aria-label="Spectacles dans le même esprit">${similar}</section>` : ''}
</main>
<footer class="site">
<p>Données :</p>
<ul>
${d.attribution.map((line) => html`<li>${line}</li>`)}
</ul>
<p><a href="/policy">Politique de recommandation</a> · <a href="/demo">Démo Détour</a></p>
</footer>
${events.length ? new Html(`<script type="application/ld+json">${scriptJson(events.length === 1 ? events[0] : events)}</script>`) : ''}`;
  return page({ title: `${show.title} — Détour`, body }).replace(
    '<link rel="stylesheet" href="/assets/site.css">',
    '<link rel="stylesheet" href="/assets/site.css">\n<link rel="stylesheet" href="/assets/spectacle.css">',
  );
}
