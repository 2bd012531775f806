// A strict consumer of the published package: it resolves `@detour/sdk` through package.json "exports"
// to the built declaration files (no source condition), under exactOptionalPropertyTypes and NodeNext.

import {
  createClient,
  createVisitorHistory,
  DetourError,
  DISCIPLINES,
  type Recommendation,
  type RecommendationParams,
  sendImpressions,
} from '@detour/sdk';
import { VenueSchema } from '@detour/sdk/contract';
import { createDetourHandlers, shows } from '@detour/sdk/mocks';
import { createDetourQueries } from '@detour/sdk/query';
import { validateResponse } from '@detour/sdk/validate';
import { QueryClient } from '@tanstack/query-core';

export async function tonight(town: { lat: number; lon: number }): Promise<string[]> {
  const client = createClient({
    baseUrl: 'https://api.detour.test',
    retry: { retries: 1 },
    validate: validateResponse,
  });
  const history = createVisitorHistory({ storage: 'memory', max: 10 });
  const historyIds = await history.historyParam();
  const params: RecommendationParams = {
    ...town,
    radius: 20,
    k: 5,
    ...(historyIds ? { history: historyIds } : {}),
  };
  try {
    const { items } = await client.getRecommendations(params, { signal: AbortSignal.timeout(5000) });
    const line = (r: Recommendation) =>
      `${r.show.title} (${DISCIPLINES[r.show.discipline].fr}) — ${r.reasons[0]?.text.fr ?? ''}`;
    await sendImpressions(client.baseUrl, {
      policyVersion: 1,
      items: items.map((r) => ({ showId: r.show.id, venueId: r.venue.id, position: r.rank })),
    });
    return items.map(line);
  } catch (error) {
    if (error instanceof DetourError && error.kind === 'http')
      return error.errors.map((e) => `${e.path}: ${e.message}`);
    throw error;
  }
}

export async function cached(): Promise<number> {
  const queries = createDetourQueries(createClient({ baseUrl: 'https://api.detour.test' }));
  const detail = await new QueryClient().fetchQuery(queries.show(shows[0]?.id ?? 's'));
  return (
    detail.performances.length + createDetourHandlers().length + (VenueSchema.safeParse({}).success ? 1 : 0)
  );
}
