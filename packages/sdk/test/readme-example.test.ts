// The example test of packages/sdk/README.md ("Testing your UI without a server"), run as written
// there (package names aside): it must keep passing, or the README is wrong.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createClient, type DetourClient, isDetourError } from '../src/index.js';
import { createDetourHandlers } from '../src/mocks/index.js';

// ── your app's code ──────────────────────────────────────────────────────────────
/** One line per pick: "Title — Venue (Town) — leading reason", or the reason nothing is shown. */
async function picksNear(client: DetourClient, lat: number, lon: number): Promise<string[]> {
  try {
    const res = await client.getRecommendations({ lat, lon, radius: 20, k: 5 });
    if (res.items.length === 0) return [res.empty?.text.fr ?? 'Rien pour le moment.'];
    return res.items.map(
      (r) => `${r.show.title} — ${r.venue.name} (${r.venue.town}) — ${r.reasons[0]!.text.fr}`,
    );
  } catch (error) {
    if (isDetourError(error)) return [`Service indisponible (${error.status ?? error.kind})`];
    throw error;
  }
}

// ── its test ─────────────────────────────────────────────────────────────────────
const API = 'https://api.example.test';
const server = setupServer(...createDetourHandlers({ baseUrl: API }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = createClient({ baseUrl: API, retry: 0 });

it('lists the picks near Tours, each with its leading reason', async () => {
  const lines = await picksNear(client, 47.3941, 0.6848);
  expect(lines.length).toBe(5);
  expect(lines[0]).toBe('Molière ou le dernier impromptu — Salle Ockeghem (Tours) — À 0,2 km');
  for (const line of lines) expect(line).toMatch(/^.+ — .+ \(.+\) — À \d+(,\d)? km$/);
});

it('says so when nothing is near', async () => {
  expect(await picksNear(client, 43.3, 5.38)).toEqual([
    'Aucun spectacle à proximité pour le moment. Essayez un rayon plus large.',
  ]);
});

it('shows the error state when the API fails', async () => {
  server.use(http.get(`${API}/v1/recommendations`, () => new HttpResponse(null, { status: 503 })));
  expect(await picksNear(client, 47.3941, 0.6848)).toEqual(['Service indisponible (503)']);
});
