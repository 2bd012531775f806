import type { PolicySettings, PreviewResponse, Recommendation } from '@detour/sdk';
import { DISCIPLINES } from '@detour/sdk';
import { ExposureChart, ShareChart } from './charts.js';
import { frNumber, frPercent } from './fields.js';
import { targetNotes } from './notes.js';

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});

interface ResultProps {
  result: PreviewResponse;
  /** The draft settings this result was computed with (for the notes on targets out of reach). */
  settings: PolicySettings;
  currentVersion: number;
  /** The figures are from an earlier draft, place or period than the one on screen. */
  stale: boolean;
}

/** The computed preview: targets out of reach here, the indicators, the charts and both lists. */
export function PreviewResult({ result, settings, currentVersion, stale }: ResultProps) {
  const c = result.current.metrics;
  const d = result.draft.metrics;
  const notes = targetNotes(settings, result.pool, result.place.label);
  return (
    <div class={stale ? 'preview-result stale' : 'preview-result'}>
      {notes.length > 0 ? (
        <section class="notice target-notes" id="target-notes" aria-labelledby="target-notes-title">
          <h3 id="target-notes-title">Des cibles que le catalogue ne permet pas d’atteindre ici</h3>
          <ul>
            {notes.map((n) => (
              <li key={n.facet}>{n.text}</li>
            ))}
          </ul>
          <p class="help">
            C’est une limite des données déclarées par les lieux, pas du réglage : l’effet viendra quand le
            catalogue en contiendra.
          </p>
        </section>
      ) : null}
      <section aria-labelledby="metrics-title" class="metrics" id="metrics">
        <h3 id="metrics-title">Indicateurs</h3>
        <p class="help">
          Moyennes sur {result.sample.contexts} situations autour du lieu (plusieurs points voisins, chaque
          période), pour des listes de 10 propositions.
        </p>
        <table class="metric-table">
          <thead>
            <tr>
              <th scope="col">Indicateur</th>
              <th scope="col">
                {currentVersion > 0 ? `En vigueur (v${currentVersion})` : 'Réglages par défaut'}
              </th>
              <th scope="col">Brouillon</th>
            </tr>
          </thead>
          <tbody>
            <MetricRow
              id="m-distinct"
              label="Disciplines différentes par liste"
              help="plus c’est haut, plus les listes sont variées"
              current={frNumber(c.distinctDisciplines, 1)}
              draft={frNumber(d.distinctDisciplines, 1)}
            />
            <MetricRow
              id="m-small"
              label="Part des petits lieux"
              help="propositions dans un lieu déclaré « petit lieu »"
              current={frPercent(c.smallVenueShare)}
              draft={frPercent(d.smallVenueShare)}
            />
            <MetricRow
              id="m-divergence"
              label="Écart aux parts cibles du brouillon"
              help="0 : les listes suivent exactement les parts cibles ; 1 : elles n’ont rien en commun"
              current={frNumber(c.divergence, 2)}
              draft={frNumber(d.divergence, 2)}
            />
            <MetricRow
              id="m-ild"
              label="Variété à l’intérieur d’une liste"
              help="0 : dix spectacles du même genre ; 1 : dix spectacles sans rien en commun"
              current={frNumber(c.intraListDiversity, 2)}
              draft={frNumber(d.intraListDiversity, 2)}
            />
            <MetricRow
              id="m-gini"
              label="Concentration sur quelques lieux"
              help="si ces listes étaient affichées : 0 = tous les lieux montrés autant ; 1 = un seul lieu montré"
              current={frNumber(c.exposure.gini, 2)}
              draft={frNumber(d.exposure.gini, 2)}
            />
          </tbody>
        </table>
        <details class="details" id="metrics-details">
          <summary>Détails : comment ces indicateurs sont calculés</summary>
          <ul>
            <li>
              Échantillon : {result.sample.points} points tirés dans la moitié du rayon autour du lieu ×{' '}
              {result.sample.periods.length} périodes = {result.sample.contexts} listes, calculées avec les
              mêmes tirages sous la version en vigueur et sous le brouillon.
            </li>
            <li>
              Écart aux parts cibles : divergence de Jensen-Shannon (base 2) entre les disciplines, puis les
              tailles de lieux proposées, et les parts cibles (parts égales entre les valeurs présentes quand
              il n’y a pas de cible), moyenne des deux.
            </li>
            <li>
              Variété à l’intérieur d’une liste : 1 − ressemblance moyenne entre deux propositions d’une même
              liste (diversité intra-liste).
            </li>
            <li>
              Concentration : indice de Gini de l’exposition que ces listes donneraient aux lieux du secteur
              (un affichage compte d’autant plus qu’il est haut dans la liste) ; le graphique de répartition
              est la courbe de Lorenz correspondante.
            </li>
          </ul>
        </details>
        <div class="charts">
          <ShareChart
            id="chart-disciplines"
            title="Disciplines proposées et parts cibles"
            current={c.disciplineShares}
            draft={d.disciplineShares}
          />
          <ShareChart
            id="chart-sizes"
            title="Taille des lieux proposés"
            current={c.sizeClassShares}
            draft={d.sizeClassShares}
          />
          <ExposureChart
            id="chart-lorenz"
            curves={[
              {
                key: 'recent',
                label: `Affichages réels récents (mémoire ${frNumber(result.recentExposure.halfLifeDays)} jours)`,
                className: 'curve-recent',
                lorenz: result.recentExposure,
              },
              {
                key: 'current',
                label: 'Listes de la version en vigueur',
                className: 'curve-current',
                lorenz: c.exposure,
              },
              { key: 'draft', label: 'Listes du brouillon', className: 'curve-draft', lorenz: d.exposure },
            ]}
          />
        </div>
      </section>
      <div class="lists">
        <PickList
          id="list-current"
          title={
            currentVersion > 0
              ? `En vigueur (version ${currentVersion})`
              : 'Réglages par défaut (rien de publié)'
          }
          items={result.current.list.items}
          empty={result.current.list.empty?.text.fr}
        />
        <PickList
          id="list-draft"
          title="Brouillon"
          items={result.draft.list.items}
          empty={result.draft.list.empty?.text.fr}
        />
      </div>
    </div>
  );
}

function MetricRow(props: { id: string; label: string; help: string; current: string; draft: string }) {
  return (
    <tr id={props.id}>
      <th scope="row">
        {props.label}
        <span class="help"> — {props.help}</span>
      </th>
      <td class="metric-current">{props.current}</td>
      <td class="metric-draft">{props.draft}</td>
    </tr>
  );
}

function PickList({
  id,
  title,
  items,
  empty,
}: {
  id: string;
  title: string;
  items: Recommendation[];
  empty?: string | undefined;
}) {
  return (
    <section class="pick-list" aria-labelledby={`${id}-title`} id={id}>
      <h3 id={`${id}-title`}>{title}</h3>
      {items.length === 0 ? <p>{empty ?? 'Aucune proposition.'}</p> : null}
      <ol>
        {items.map((item) => {
          const reasons = [...item.reasons].sort((a, b) => Number(b.decisive) - Number(a.decisive));
          return (
            <li key={item.show.id}>
              <p class="pick-title">{item.show.title}</p>
              <p class="pick-meta">
                {DISCIPLINES[item.show.discipline]?.fr ?? item.show.discipline} · {item.venue.name},{' '}
                {item.venue.town} · {dateFormat.format(new Date(item.performance.start))} ·{' '}
                {frNumber(item.distanceKm, 1)} km
              </p>
              <ul class="reasons">
                {reasons.map((r, i) => (
                  <li key={`${r.code}-${i}`} class={r.decisive ? 'decisive' : undefined}>
                    {r.text.fr}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
