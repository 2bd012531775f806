import type { Period, PolicySettings, PreviewPlace, PreviewResponse, Town, TownList } from '@detour/sdk';
import { PERIODS } from '@detour/sdk';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, ApiError } from './api.js';
import { frNumber, PERIOD_LABELS } from './fields.js';
import { type TargetNote, targetNotes } from './notes.js';
import { matchTown, placeProblem, radiusProblem, townLabel, townQuery } from './place.js';
import { PreviewResult } from './results.js';

interface PreviewProps {
  api: Api;
  network: string;
  /** The draft when valid (null: the preview waits until it is). */
  draft: PolicySettings | null;
  /** Whether the draft is being checked (true) or known invalid (false) when `draft` is null. */
  checking: boolean;
  currentVersion: number;
  /** Told the notes on targets out of reach after each computed preview (for the form to show them too). */
  onNotes?: (notes: TargetNote[]) => void;
}

/** The place picker, the two lists side by side and the metrics panel; refreshed as the draft changes. */
export function Preview({ api, network, draft, checking, currentVersion, onNotes }: PreviewProps) {
  const [mode, setMode] = useState<'town' | 'point'>('town');
  const [towns, setTowns] = useState<Town[]>([]);
  /** How many towns the last search for the field's text found (null: not searched yet). */
  const [found, setFound] = useState<number | null>(null);
  const [townText, setTownText] = useState('');
  const [town, setTown] = useState<Town | null>(null);
  const [lat, setLat] = useState('47.39');
  const [lon, setLon] = useState('0.69');
  const [period, setPeriod] = useState<Period>('month');
  const [radius, setRadius] = useState('30');
  const [result, setResult] = useState<{
    key: string;
    response: PreviewResponse;
    settings: PolicySettings;
  } | null>(null);
  const [error, setError] = useState<{ key: string; text: string } | null>(null);
  const latest = useRef(0);
  const started = useRef(false);

  // Town suggestions as the editor types (a chosen suggestion's venue count is not searched for); the
  // first town (most venues) is the starting place.
  const query = townQuery(townText);
  useEffect(() => {
    const handle = setTimeout(() => {
      api
        .get<TownList>(`/v1/editor/towns?q=${encodeURIComponent(query)}&limit=15`)
        .then((list) => {
          setTowns(list.items);
          setFound(list.items.length);
          // Only at the start: a field the editor empties to type another name stays empty.
          if (!started.current && !query && list.items[0]) {
            started.current = true;
            setTown(list.items[0]);
            setTownText(townLabel(list.items[0]));
            return;
          }
          const match = matchTown(townText, list.items);
          if (match) setTown(match);
        })
        .catch(() => {});
    }, 200);
    return () => clearTimeout(handle);
  }, [query]);

  const problem =
    placeProblem(mode, { text: townText, town, suggestions: found, lat, lon }) ?? radiusProblem(radius);
  const place: PreviewPlace | null =
    problem !== null
      ? null
      : mode === 'town'
        ? { town: town!.id }
        : { lat: Number.parseFloat(lat), lon: Number.parseFloat(lon) };
  const radiusKm = Number(radius);
  const key = JSON.stringify([network, draft, place, period, radiusKm, currentVersion]);

  useEffect(() => {
    if (!draft || !place) return;
    const id = ++latest.current;
    const handle = setTimeout(() => {
      api
        .post<PreviewResponse>('/v1/editor/preview', { network, settings: draft, place, period, radiusKm })
        .then((response) => {
          if (id !== latest.current) return;
          setResult({ key, response, settings: draft });
          setError(null);
        })
        .catch((e: unknown) => {
          if (id !== latest.current) return;
          setError({
            key,
            text:
              e instanceof ApiError
                ? [e.message, ...e.errors.map((x) => x.message)].join(' ')
                : 'l’aperçu n’a pas pu être calculé.',
          });
        });
    }, 350);
    return () => clearTimeout(handle);
  }, [key]);

  useEffect(() => {
    if (result) onNotes?.(targetNotes(result.settings, result.response.pool, result.response.place.label));
  }, [result]);

  const placeName = mode === 'town' ? (town?.name ?? townQuery(townText)) : `${lat}, ${lon}`;
  const fresh = result !== null && result.key === key;
  // « à jour » only when the figures shown are those of the draft, place, period and radius on screen.
  const status = !draft
    ? checking
      ? 'Vérification du brouillon…'
      : 'Aperçu en pause : le brouillon contient une erreur (voir les réglages signalés).'
    : problem
      ? `Aperçu en pause : ${problem}`
      : error?.key === key
        ? `Aperçu en pause : ${error.text}`
        : fresh
          ? `Aperçu à jour : ${result.response.place.label}, ${PERIOD_LABELS[result.response.period]}, ${frNumber(result.response.radiusKm)} km.`
          : `Calcul de l’aperçu autour de ${placeName}…`;
  const paused = status.startsWith('Aperçu en pause');

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
                aria-invalid={town === null && townText.trim() !== ''}
                onInput={(e) => {
                  const text = e.currentTarget.value;
                  started.current = true;
                  setTownText(text);
                  // Choosing a suggestion selects its town at once; any other text waits for a choice.
                  setTown(matchTown(text, towns));
                  setFound(null);
                }}
              />
              <datalist id="town-list">
                {towns.map((t) => (
                  <option key={t.id} value={townLabel(t)} />
                ))}
              </datalist>
              <p class={town ? 'help' : 'help field-error'} id="town-help">
                {town
                  ? `Aperçu autour de ${town.name} (${town.venues} lieu${town.venues > 1 ? 'x' : ''} au catalogue).`
                  : 'Tapez le début du nom puis choisissez une ville proposée : l’aperçu reste en pause d’ici là.'}
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
      <p class={paused ? 'status paused' : 'status'} role="status" aria-live="polite" id="preview-status">
        {status}
      </p>
      {result && !fresh && paused ? (
        <p class="notice stale-note">
          Les chiffres ci-dessous sont ceux du dernier aperçu calculé ({result.response.place.label},{' '}
          {PERIOD_LABELS[result.response.period]}, {frNumber(result.response.radiusKm)} km) : ils ne tiennent
          pas compte de vos derniers changements.
        </p>
      ) : null}
      {result ? (
        <PreviewResult
          result={result.response}
          settings={result.settings}
          currentVersion={currentVersion}
          stale={!fresh}
        />
      ) : null}
    </section>
  );
}
