import type {
  Period,
  PolicySettings,
  PreviewPlace,
  PreviewResponse,
  Recommendation,
  Town,
  TownList,
} from '@detour/sdk';
import { DISCIPLINES, PERIODS } from '@detour/sdk';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, ApiError } from './api.js';
import { LorenzChart, ShareChart } from './charts.js';
import { frNumber, frPercent, PERIOD_LABELS } from './fields.js';

interface PreviewProps {
  api: Api;
  network: string;
  /** The draft when valid (null: the preview waits until it is). */
  draft: PolicySettings | null;
  currentVersion: number;
}

const townLabel = (t: Town) => `${t.name} (${t.venues} lieu${t.venues > 1 ? 'x' : ''})`;
const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});

/** The place picker, the two lists side by side and the metrics panel; refreshed as the draft changes. */
export function Preview({ api, network, draft, currentVersion }: PreviewProps) {
  const [mode, setMode] = useState<'town' | 'point'>('town');
  const [towns, setTowns] = useState<Town[]>([]);
  const [townText, setTownText] = useState('');
  const [town, setTown] = useState<Town | null>(null);
  const [lat, setLat] = useState('47.39');
  const [lon, setLon] = useState('0.69');
  const [period, setPeriod] = useState<Period>('month');
  const [radius, setRadius] = useState('30');
  const [result, setResult] = useState<PreviewResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);

  // Town suggestions as the editor types; the first town (most venues) is the starting place.
  useEffect(() => {
    const handle = setTimeout(() => {
      api
        .get<TownList>(`/v1/editor/towns?q=${encodeURIComponent(townText)}&limit=15`)
        .then((list) => {
          setTowns(list.items);
          const exact = list.items.find((t) => townLabel(t) === townText || t.name === townText);
          if (exact) setTown(exact);
          else if (!townText && !town && list.items[0]) {
            setTown(list.items[0]);
            setTownText(townLabel(list.items[0]));
          }
        })
        .catch(() => {});
    }, 200);
    return () => clearTimeout(handle);
  }, [townText]);

  const place: PreviewPlace | null =
    mode === 'town'
      ? town
        ? { town: town.id }
        : null
      : Number.isFinite(Number.parseFloat(lat)) && Number.isFinite(Number.parseFloat(lon))
        ? { lat: Number.parseFloat(lat), lon: Number.parseFloat(lon) }
        : null;
  const radiusKm = Number(radius);
  const key = JSON.stringify([network, draft, place, period, radiusKm, currentVersion]);

  useEffect(() => {
    if (!draft || !place || !(radiusKm > 0 && radiusKm <= 200)) return;
    const id = ++latest.current;
    const handle = setTimeout(() => {
      setBusy(true);
      api
        .post<PreviewResponse>('/v1/editor/preview', { network, settings: draft, place, period, radiusKm })
        .then((r) => {
          if (id !== latest.current) return;
          setResult(r);
          setError(null);
        })
        .catch((e: unknown) => {
          if (id !== latest.current) return;
          setError(
            e instanceof ApiError
              ? [e.message, ...e.errors.map((x) => x.message)].join(' ')
              : 'L’aperçu n’a pas pu être calculé.',
          );
        })
        .finally(() => {
          if (id === latest.current) setBusy(false);
        });
    }, 350);
    return () => clearTimeout(handle);
  }, [key]);

  return (
    <section class="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Aperçu : la politique en vigueur et le brouillon côte à côte</h2>
      <form class="place" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Lieu de l’aperçu</legend>
          <label class="check">
            <input type="radio" name="mode" checked={mode === 'town'} onChange={() => setMode('town')} /> une
            ville du catalogue
          </label>
          <label class="check">
            <input type="radio" name="mode" checked={mode === 'point'} onChange={() => setMode('point')} /> un
            point (latitude, longitude)
          </label>
          {mode === 'town' ? (
            <div class="field">
              <label for="town">Ville</label>
              <input
                id="town"
                type="text"
                list="town-list"
                autocomplete="off"
                value={townText}
                aria-describedby="town-help"
                onInput={(e) => {
                  setTownText(e.currentTarget.value);
                  setTown(null);
                }}
              />
              <datalist id="town-list">
                {towns.map((t) => (
                  <option key={t.id} value={townLabel(t)} />
                ))}
              </datalist>
              <p class="help" id="town-help">
                {town
                  ? `Aperçu autour de ${town.name}.`
                  : 'Tapez le début du nom puis choisissez une ville de la liste.'}
              </p>
            </div>
          ) : (
            <div class="row">
              <div class="field">
                <label for="lat">Latitude</label>
                <input
                  id="lat"
                  type="number"
                  step="any"
                  min={-90}
                  max={90}
                  value={lat}
                  onInput={(e) => setLat(e.currentTarget.value)}
                />
              </div>
              <div class="field">
                <label for="lon">Longitude</label>
                <input
                  id="lon"
                  type="number"
                  step="any"
                  min={-180}
                  max={180}
                  value={lon}
                  onInput={(e) => setLon(e.currentTarget.value)}
                />
              </div>
            </div>
          )}
        </fieldset>
        <div class="row">
          <div class="field">
            <label for="period">Période</label>
            <select id="period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as Period)}>
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {PERIOD_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="radius">Rayon (km)</label>
            <input
              id="radius"
              type="number"
              min={1}
              max={200}
              step={1}
              value={radius}
              onInput={(e) => setRadius(e.currentTarget.value)}
            />
          </div>
        </div>
      </form>
      <p class="status" role="status" aria-live="polite">
        {!draft
          ? 'L’aperçu attend un brouillon valide.'
          : busy
            ? 'Calcul de l’aperçu…'
            : result
              ? `Aperçu à jour : ${result.place.label}, ${PERIOD_LABELS[result.period]}, ${frNumber(result.radiusKm)} km.`
              : ''}
      </p>
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? <PreviewResult result={result} currentVersion={currentVersion} /> : null}
    </section>
  );
}

function PreviewResult({ result, currentVersion }: { result: PreviewResponse; currentVersion: number }) {
  const c = result.current.metrics;
  const d = result.draft.metrics;
  return (
    <div class="preview-result">
      <section aria-labelledby="metrics-title" class="metrics" id="metrics">
        <h3 id="metrics-title">Indicateurs</h3>
        <p class="help">
          Moyennes sur {result.sample.contexts} situations autour du lieu ({result.sample.points} points dans
          la moitié du rayon × 4 périodes), listes de 10 propositions.
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
              help="propositions dans un petit lieu"
              current={frPercent(c.smallVenueShare)}
              draft={frPercent(d.smallVenueShare)}
            />
            <MetricRow
              id="m-divergence"
              label="Écart aux cibles du brouillon"
              help="divergence de Jensen-Shannon des disciplines et des tailles de lieux : 0 = exactement sur les cibles"
              current={frNumber(c.divergence, 3)}
              draft={frNumber(d.divergence, 3)}
            />
            <MetricRow
              id="m-ild"
              label="Diversité interne des listes"
              help="dissemblance moyenne entre deux propositions d’une même liste (0 à 1)"
              current={frNumber(c.intraListDiversity, 3)}
              draft={frNumber(d.intraListDiversity, 3)}
            />
            <MetricRow
              id="m-gini"
              label="Inégalité d’exposition des lieux (Gini)"
              help="si ces listes étaient affichées : 0 = tous les lieux autant, 1 = un seul lieu"
              current={frNumber(c.exposure.gini, 3)}
              draft={frNumber(d.exposure.gini, 3)}
            />
          </tbody>
        </table>
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
          <LorenzChart
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
