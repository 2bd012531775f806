import type { PageLink } from '../context.js';
import { html, page } from './html.js';

export interface RootPageData {
  links: readonly PageLink[];
  attribution: readonly string[];
  notice: { fr: string; en: string } | null;
  counts: { venues: number; shows: number; performances: number } | null;
  policyVersion: number | null;
}

const EXAMPLES = [
  { href: '/v1/recommendations?lat=47.39&lon=0.69', label: 'Recommandations autour de Tours' },
  { href: '/v1/search?q=cirque', label: 'Recherche « cirque »' },
  { href: '/v1/venues?lat=47.39&lon=0.69&radius=30', label: 'Lieux à moins de 30 km de Tours' },
  { href: '/v1/taxonomy', label: 'Disciplines et facettes' },
  { href: '/v1/policy', label: 'Politique de recommandation en vigueur' },
];

/** The root page: what this server is, where the API and its reference are, the demo notice and the data's producers. */
export function renderRoot(data: RootPageData): string {
  const fmt = new Intl.NumberFormat('fr-FR');
  const body = html`<header class="site"><a class="brand" href="/demo">Détour</a> <span class="muted">— découvrir le spectacle vivant près de chez soi</span></header>
<main>
<h1>Détour</h1>
<p>Un service ouvert qui met en commun les programmes des lieux de spectacle vivant et propose, près de chez vous, des spectacles que vous ne cherchiez pas, selon une politique de diversité publique. Sans cookie, sans identifiant de visiteur, sans donnée personnelle.</p>
${data.notice ? html`<div class="notice"><p>${data.notice.fr}</p><p lang="en" class="muted">${data.notice.en}</p></div>` : ''}
${
  data.counts
    ? html`<p class="muted">Catalogue : ${fmt.format(data.counts.venues)} lieux, ${fmt.format(data.counts.shows)} spectacles, ${fmt.format(data.counts.performances)} représentations${data.policyVersion !== null ? html` · politique version ${data.policyVersion}` : ''}.</p>`
    : html`<p class="muted">Catalogue en cours de chargement…</p>`
}
<h2>Pages</h2>
<ul class="cards">
<li><a href="/docs">Référence de l’API</a><br><span class="muted">Chaque point d’accès, ses paramètres, ses réponses et ses erreurs.</span></li>
<li><a href="/openapi.json">Document OpenAPI 3.1</a><br><span class="muted">Pour générer un client ou tester l’API.</span></li>
${data.links.map(
  (l) => html`<li><a href="${l.href}">${l.label}</a><br><span class="muted">${l.description}</span></li>
`,
)}</ul>
<h2>Essayer l’API</h2>
<ul>
${EXAMPLES.map(
  (e) => html`<li><a href="${e.href}"><code>GET ${e.href}</code></a> — ${e.label}</li>
`,
)}</ul>
</main>
<footer class="site">
<p>Données :</p>
<ul>
${data.attribution.map(
  (line) => html`<li>${line}</li>
`,
)}</ul>
</footer>`;
  return page({ title: 'Détour — spectacle vivant près de chez vous', body });
}
