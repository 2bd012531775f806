import type { RecommendationResponse, VisitorHistory } from '@detour/sdk';
import { createVisitorHistory, sendImpressions } from '@detour/sdk';

export type WidgetHistory = Pick<
  VisitorHistory,
  'add' | 'list' | 'clear' | 'disable' | 'enable' | 'isEnabled'
>;

/** The visitor's history in this browser's localStorage (in memory where localStorage is refused). */
export function historyOf(): WidgetHistory {
  let storage: Storage | 'memory' = 'memory';
  try {
    // Reading the property itself throws where storage is blocked (sandboxed frames, some privacy modes).
    storage = globalThis.localStorage ?? 'memory';
  } catch {}
  return createVisitorHistory({ storage });
}

/** One aggregate beacon for a list shown: show ids, venues and positions, the policy version; nothing else. */
export function reportImpressions(api: string, response: RecommendationResponse): void {
  void sendImpressions(api, {
    policyVersion: response.policyVersion,
    items: response.items.map((item) => ({
      showId: item.show.id,
      venueId: item.venue.id,
      position: item.rank,
    })),
  });
}
