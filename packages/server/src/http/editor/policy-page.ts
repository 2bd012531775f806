import type { PolicyChange, PolicyVersion, PublicPolicy } from '@detour/sdk';
import {
  FACET_INFO,
  frNumber,
  frPercent,
  MERIT_LABELS,
  PERIOD_LABELS,
  SCALAR_INFO,
  type ScalarKey,
} from '../../editor/fields.js';
import { html, page } from '../pages/html.js';

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});
const when = (iso: string) => dateFormat.format(new Date(iso));

/** The settings whose technical name and formula the page keeps behind « Détails » (plain words first). */
const TECHNICAL: readonly ScalarKey[] = [
  'lambda',
  'redundancy',
  'fairness.strength',
  'fairness.halfLifeDays',
];

/** A changed value in words: shares as percents, the rest as French numbers or labels. */
export function changeValue(change: PolicyChange, side: 'before' | 'after'): string {
  const v = change[side];
  if (v === null) return change.path.includes('.targets.') ? 'pas de cible' : '—';
  if (typeof v === 'number') return change.path.includes('.targets.') ? frPercent(v, 1) : frNumber(v);
  if (change.path === 'fairness.merit') return MERIT_LABELS[v as keyof typeof MERIT_LABELS]?.label ?? v;
  if (change.path === 'defaults.period') return PERIOD_LABELS[v as keyof typeof PERIOD_LABELS] ?? v;
  return v;
}

function changesTable(changes: PolicyChange[]) {
  if (changes.length === 0) return html`<p class="muted">Aucun réglage modifié.</p>`;
  return html`<table>
<thead><tr><th scope="col">Réglage</th><th scope="col">Avant</th><th scope="col">Après</th></tr></thead>
<tbody>
${changes.map(
  (
    ch,
  ) => html`<tr><td>${ch.label}</td><td>${changeValue(ch, 'before')}</td><td>${changeValue(ch, 'after')}</td></tr>
`,
)}</tbody>
</table>`;
}

/**
 * The public policy page: the version in force, what it optimises, its targets, the data used and not
 * used (the same text as `GET /v1/policy`), then every version with what changed. No script.
 */
export function renderPolicyPage(pub: PublicPolicy, versions: readonly PolicyVersion[]): string {
  const p = pub.policy;
  const s = p.settings;
  const body = html`<header class="site"><a class="brand" href="/">Détour</a> <span class="muted">— politique de recommandation</span></header>
<main>
<h1>La politique de recommandation en vigueur</h1>
<p><strong id="policy-version">Version ${p.version}</strong>, publiée le ${when(p.publishedAt)} par ${p.publishedBy}${p.restoredFrom !== null ? html` (restauration de la version ${p.restoredFrom})` : ''}.</p>
${p.comment ? html`<p>Motif : « ${p.comment} »</p>` : ''}
<p class="muted">Version lisible par une machine : <a href="/v1/policy"><code>GET /v1/policy</code></a>.</p>

<h2>Ce que Détour cherche à faire</h2>
<p>${pub.description.objective.fr}</p>

<h2>Les cibles</h2>
<ul>
${pub.description.targets.map(
  (t) => html`<li>${t.fr}</li>
`,
)}</ul>

<h2>Les réglages en détail</h2>
<table>
<thead><tr><th scope="col">Réglage</th><th scope="col">Valeur</th></tr></thead>
<tbody>
${(Object.keys(FACET_INFO) as Array<keyof typeof FACET_INFO>).map((facet) => {
  const f = s.facets[facet];
  const targets = Object.entries(f.targets)
    .sort((a, b) => b[1] - a[1])
    .map(([v, share]) => `${FACET_INFO[facet].values[v]?.fr ?? v} ${frPercent(share)}`)
    .join(', ');
  return html`<tr><td>${FACET_INFO[facet].label}</td><td>${f.weight === 0 ? 'ignorée' : `importance ${frNumber(f.weight)} sur 1`} ; ${targets ? `parts cibles : ${targets}` : 'pas de cible (chaque valeur présente près du lieu demandé compte autant)'}</td></tr>
`;
})}<tr><td>${SCALAR_INFO.lambda.label}</td><td>${frNumber(s.lambda)} (0 : la pertinence seule ; 0,75 au plus)</td></tr>
<tr><td>${SCALAR_INFO.redundancy.label}</td><td>${frNumber(s.redundancy)} (0 : on laisse faire)</td></tr>
<tr><td>${SCALAR_INFO.venueCap.label}</td><td>${s.venueCap}</td></tr>
<tr><td>${SCALAR_INFO.discoverySlots.label}</td><td>${s.discoverySlots}</td></tr>
<tr><td>${SCALAR_INFO['fairness.strength'].label}</td><td>${frNumber(s.fairness.strength)} (0 : aucun), chaque lieu méritant d’être montré ${MERIT_LABELS[s.fairness.merit].label}</td></tr>
<tr><td>${SCALAR_INFO['fairness.halfLifeDays'].label}</td><td>${frNumber(s.fairness.halfLifeDays)} jours</td></tr>
<tr><td>Par défaut</td><td>rayon ${frNumber(s.defaults.radiusKm)} km, période « ${PERIOD_LABELS[s.defaults.period]} »</td></tr>
</tbody>
</table>
<details id="policy-details">
<summary>Détails : les noms techniques et la formule</summary>
<ul>
${TECHNICAL.map(
  (key) => html`<li>${SCALAR_INFO[key].label} : ${SCALAR_INFO[key].details ?? ''}</li>
`,
)}<li>Importance d’une rubrique : son poids β dans l’apport à la diversité ; les parts cibles sont la distribution π visée, réduite aux valeurs présentes près du lieu demandé.</li>
</ul>
</details>

<h2>Les données utilisées</h2>
<ul>
${pub.description.dataUsed.map(
  (t) => html`<li>${t.fr}</li>
`,
)}</ul>
<h2>Les données jamais utilisées</h2>
<ul>
${pub.description.dataNotUsed.map(
  (t) => html`<li>${t.fr}</li>
`,
)}</ul>

<h2>Historique des changements</h2>
<p class="muted">Dernier changement le ${when(pub.lastChanged)}. Chaque version publiée reste consultable ; une restauration crée une nouvelle version.</p>
<ol reversed class="history">
${versions.map(
  (v) => html`<li id="version-${v.version}">
<h3>Version ${v.version}${v.version === p.version ? ' (en vigueur)' : ''}</h3>
<p>Publiée le ${when(v.publishedAt)} par ${v.publishedBy}${v.restoredFrom !== null ? html`, restauration de la version ${v.restoredFrom}` : ''}.${v.comment ? html` Motif : « ${v.comment} »` : ''}</p>
${v.changes.length > 0 || v.version > 1 ? changesTable(v.changes) : html`<p class="muted">Première version.</p>`}
</li>
`,
)}</ol>
</main>
<footer class="site"><p>Détour : sans cookie, sans identifiant de visiteur, sans donnée personnelle.</p></footer>`;
  return page({ title: `Politique de recommandation — version ${p.version} — Détour`, body });
}
