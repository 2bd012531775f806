/** @jsxImportSource preact */
import {
  createClient,
  createVisitorHistory,
  type DetourError,
  type Recommendation,
  type SyncStorage,
  sendImpressions,
  type VisitorHistory,
} from '@detour/sdk';
import { createDetourQueries, type DetourQueries } from '@detour/sdk/query';
import { QueryClient } from '@tanstack/query-core';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { disciplineLabel, formatKm, formatPrice, formatWhen, venueLine } from './format.js';
import { homeHash, type Place, parseRoute, RADII, type Route, showHash } from './route.js';
import { TOWNS } from './towns.js';
import { useQuery } from './use-query.js';

interface Deps {
  api: string;
  queries: DetourQueries;
  queryClient: QueryClient;
  history: VisitorHistory;
  geolocation: Geolocation | undefined;
}

/** The visitor's memory, as the app sees it: the ids (once loaded) and whether recording is on. */
interface Memory {
  ids: string[] | null;
  enabled: boolean;
  /** Records a viewed show: the state updates at once, the storage follows. */
  remember: (id: string) => void;
  changed: () => void;
}

function useMemory(history: VisitorHistory): Memory {
  const [state, setState] = useState<{ ids: string[] | null; enabled: boolean }>({
    ids: null,
    enabled: true,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    Promise.all([history.list(), history.isEnabled()]).then(
      ([ids, enabled]) => live && setState({ ids, enabled }),
    );
    return () => {
      live = false;
    };
  }, [history, version]);
  const changed = () => setVersion((v) => v + 1);
  const remember = (id: string) => {
    setState((s) => (s.enabled && s.ids ? { ...s, ids: [id, ...s.ids.filter((x) => x !== id)] } : s));
    history.add(id).then(changed);
  };
  return { ...state, remember, changed };
}

function useRoute(): Route {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    // The hash may have changed between the first render and this effect.
    onChange();
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return parseRoute(hash);
}

function ErrorNote({ error, retry }: { error: DetourError; retry: () => void }) {
  const fields = error.errors.map((f) => `${f.path} : ${f.message}`).join(' ; ');
  return (
    <div class="note error" role="alert">
      <p>
        {error.kind === 'network' || error.kind === 'timeout'
          ? 'Le service ne répond pas pour le moment.'
          : `Le service a refusé la demande : ${error.title}.`}
        {fields ? ` (${fields})` : ''}
      </p>
      <button type="button" onClick={retry}>
        Réessayer
      </button>
    </div>
  );
}

function Card({ pick }: { pick: Recommendation }) {
  const { show, performance, venue } = pick;
  const lead = pick.reasons.find((r) => r.decisive) ?? pick.reasons[0];
  return (
    <li class="card">
      <article aria-labelledby={`t-${show.id}`}>
        <h3 id={`t-${show.id}`}>
          <a href={showHash(show.id)}>{show.title}</a>
        </h3>
        <p class="meta">
          {disciplineLabel(show.discipline)} · {venueLine(venue)} · {formatKm(pick.distanceKm)}
        </p>
        <p class="meta">
          <time dateTime={performance.start}>{formatWhen(performance.start)}</time> ·{' '}
          {formatPrice(performance.price)}
        </p>
        {lead ? <p class="reason">{lead.text.fr}</p> : null}
        <details>
          <summary>Pourquoi ce spectacle ?</summary>
          <ul>
            {pick.reasons.map((r) => (
              <li key={r.code}>{r.text.fr}</li>
            ))}
          </ul>
        </details>
      </article>
    </li>
  );
}

function Picks({ items }: { items: Recommendation[] }) {
  return (
    <ol class="cards">
      {items.map((r) => (
        <Card key={r.show.id} pick={r} />
      ))}
    </ol>
  );
}

function Recommendations({
  deps,
  place,
  radius,
  memory,
}: {
  deps: Deps;
  place: Place;
  radius: number;
  memory: Memory;
}) {
  const history = memory.ids && memory.ids.length > 0 ? memory.ids : undefined;
  const options = deps.queries.recommendations({
    lat: place.lat,
    lon: place.lon,
    radius,
    k: 12,
    history,
    locale: 'fr',
  });
  // Wait for the history to load, so the first request is already the right one.
  const q = useQuery(deps.queryClient, options, memory.ids !== null);
  const data = q.data;
  useEffect(() => {
    if (!data || data.items.length === 0) return;
    void sendImpressions(deps.api, {
      policyVersion: data.policyVersion,
      items: data.items.map((r) => ({ showId: r.show.id, venueId: r.venue.id, position: r.rank })),
    });
  }, [data]);
  if (q.error) return <ErrorNote error={q.error} retry={() => void q.refetch()} />;
  if (!data)
    return (
      <p class="note" aria-busy="true">
        Recherche des spectacles autour de {place.label}…
      </p>
    );
  return (
    <section aria-labelledby="picks-title">
      <h2 id="picks-title">
        Autour de {place.label}, à {radius} km
      </h2>
      {data.items.length === 0 ? (
        <p class="note">{data.empty?.text.fr ?? 'Rien à proposer pour le moment.'}</p>
      ) : null}
      <Picks items={data.items} />
      <p class="attribution">{data.attribution.join(' ')}</p>
    </section>
  );
}

function PlacePicker({ deps, route }: { deps: Deps; route: Extract<Route, { page: 'home' }> }) {
  const [locating, setLocating] = useState<'idle' | 'busy' | 'refused'>('idle');
  const current = route.place && TOWNS.some((t) => t.name === route.place?.label) ? route.place.label : '';
  const locate = () => {
    if (!deps.geolocation) return setLocating('refused');
    setLocating('busy');
    deps.geolocation.getCurrentPosition(
      (p) => {
        setLocating('idle');
        location.hash = homeHash(
          { label: 'votre position', lat: p.coords.latitude, lon: p.coords.longitude },
          route.radius,
        );
      },
      () => setLocating('refused'),
      { maximumAge: 600_000, timeout: 15_000 },
    );
  };
  return (
    <form class="picker" onSubmit={(e) => e.preventDefault()}>
      <label>
        Commune{' '}
        <select
          value={current}
          onChange={(e) => {
            const town = (e.currentTarget as HTMLSelectElement).value;
            if (town) location.hash = homeHash({ town }, route.radius);
          }}
        >
          <option value="">Choisir…</option>
          {TOWNS.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={locate} disabled={locating === 'busy'}>
        {locating === 'busy' ? 'Localisation…' : 'Autour de moi'}
      </button>
      <label>
        Rayon{' '}
        <select
          value={String(route.radius)}
          onChange={(e) => {
            const radius = Number((e.currentTarget as HTMLSelectElement).value);
            location.hash = homeHash(current ? { town: current } : route.place, radius);
          }}
        >
          {RADII.map((r) => (
            <option key={r} value={String(r)}>
              {r} km
            </option>
          ))}
        </select>
      </label>
      {locating === 'refused' ? (
        <p class="note" role="status">
          Position indisponible : choisissez une commune.
        </p>
      ) : null}
    </form>
  );
}

function ShowPage({ deps, id, memory }: { deps: Deps; id: string; memory: Memory }) {
  const detail = useQuery(deps.queryClient, deps.queries.show(id));
  const others = memory.ids?.filter((x) => x !== id);
  const similar = useQuery(
    deps.queryClient,
    deps.queries.similar(id, {
      k: 6,
      radius: 50,
      locale: 'fr',
      history: others && others.length > 0 ? others : undefined,
    }),
    memory.ids !== null,
  );
  useEffect(() => {
    // Remembered on this device only; it leaves it only inside the next recommendation request.
    memory.remember(id);
  }, [id]);
  if (detail.error) return <ErrorNote error={detail.error} retry={() => void detail.refetch()} />;
  const d = detail.data;
  if (!d)
    return (
      <p class="note" aria-busy="true">
        Chargement du spectacle…
      </p>
    );
  const venues = new Map(d.venues.map((v) => [v.id, v]));
  return (
    <article class="show">
      <p>
        <button type="button" class="back" onClick={() => window.history.back()}>
          ← Retour
        </button>
      </p>
      <h2>{d.show.title}</h2>
      <p class="meta">
        {disciplineLabel(d.show.discipline)}
        {d.show.creators.length > 0 ? ` · ${d.show.creators.join(', ')}` : ''}
        {d.show.audience.kind === 'jeune-public' ? ' · Jeune public' : ''}
      </p>
      {d.show.image ? <img src={d.show.image} alt="" width={640} height={360} loading="lazy" /> : null}
      {d.show.description ? <p>{d.show.description}</p> : null}
      <h3>Représentations</h3>
      <ul class="performances">
        {d.performances.map((p) => {
          const v = venues.get(p.venueId);
          return (
            <li key={p.id}>
              <time dateTime={p.start}>{formatWhen(p.start)}</time> · {v ? venueLine(v) : ''} ·{' '}
              {formatPrice(p.price)}
              {p.status === 'cancelled'
                ? ' · Annulé'
                : p.status === 'postponed'
                  ? ' · Reporté'
                  : p.status === 'sold-out'
                    ? ' · Complet'
                    : ''}
              {p.url ? (
                <>
                  {' · '}
                  <a href={p.url} rel="noopener">
                    Réserver
                  </a>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      <section aria-labelledby="similar-title">
        <h3 id="similar-title">Dans le même esprit, autrement</h3>
        {similar.error ? <ErrorNote error={similar.error} retry={() => void similar.refetch()} /> : null}
        {similar.data ? (
          <Picks items={similar.data.items} />
        ) : similar.error ? null : (
          <p class="note">Chargement…</p>
        )}
      </section>
      <p class="attribution">{d.attribution.join(' ')}</p>
    </article>
  );
}

function MemoryPanel({ deps, memory }: { deps: Deps; memory: Memory }) {
  if (memory.ids === null) return null;
  return (
    <aside class="memory" aria-label="Mémoire de visite">
      {memory.enabled ? (
        <p>
          {memory.ids.length === 0
            ? 'Aucun spectacle consulté pour l’instant.'
            : `${memory.ids.length} spectacle${memory.ids.length > 1 ? 's' : ''} consulté${memory.ids.length > 1 ? 's' : ''}, gardé${memory.ids.length > 1 ? 's' : ''} sur cet appareil pour varier les propositions.`}{' '}
          <button
            type="button"
            onClick={() => deps.history.clear().then(memory.changed)}
            disabled={memory.ids.length === 0}
          >
            Effacer
          </button>{' '}
          <button type="button" onClick={() => deps.history.disable().then(memory.changed)}>
            Ne plus mémoriser
          </button>
        </p>
      ) : (
        <p>
          Mémoire désactivée : rien n’est gardé.{' '}
          <button type="button" onClick={() => deps.history.enable().then(memory.changed)}>
            Mémoriser à nouveau
          </button>
        </p>
      )}
    </aside>
  );
}

function App({ deps }: { deps: Deps }) {
  const route = useRoute();
  const memory = useMemory(deps.history);
  return (
    <>
      <header>
        <h1>
          <a href="#/">Détour</a> <small>spectacles autour de vous</small>
        </h1>
      </header>
      <main>
        {route.page === 'show' ? (
          <ShowPage deps={deps} id={route.id} memory={memory} />
        ) : (
          <>
            <PlacePicker deps={deps} route={route} />
            {route.place ? (
              <Recommendations deps={deps} place={route.place} radius={route.radius} memory={memory} />
            ) : (
              <p class="note">Choisissez une commune, ou laissez le navigateur vous situer.</p>
            )}
          </>
        )}
      </main>
      <footer>
        <MemoryPanel deps={deps} memory={memory} />
        <p>
          <a href={`${deps.api.replace(/\/+$/, '')}/v1/policy`}>Comment ces propositions sont choisies</a> ·
          Sans cookie ni identifiant.
        </p>
      </footer>
    </>
  );
}

export interface MountOptions {
  /** The Détour API origin. */
  api: string;
  /** Where the visitor's history is kept; localStorage by default (memory if the browser refuses it). */
  storage?: SyncStorage | 'memory';
  geolocation?: Geolocation;
}

function defaultStorage(): SyncStorage | 'memory' {
  try {
    return window.localStorage;
  } catch {
    return 'memory';
  }
}

/** Renders the app into an element; returns a function that unmounts it. */
export function mount(element: Element, options: MountOptions): () => void {
  const client = createClient({ baseUrl: options.api });
  const queryClient = new QueryClient();
  queryClient.mount();
  const deps: Deps = {
    api: options.api,
    queries: createDetourQueries(client),
    queryClient,
    history: createVisitorHistory({ storage: options.storage ?? defaultStorage(), max: 20 }),
    geolocation:
      options.geolocation ?? (typeof navigator !== 'undefined' ? navigator.geolocation : undefined),
  };
  render(<App deps={deps} />, element);
  return () => {
    render(null, element);
    queryClient.unmount();
    queryClient.clear();
  };
}
