import type { FestivalsParse } from '../importers/festivals.js';
import { normaliseName } from '../text/french.js';

/**
 * Festivals that are in both ministry files. Their identifiers differ, and so do their names five years
 * apart: « FESTIVAL AVIGNON OFF » / « Festival off avignon », « DOOINIT FESTIVAL » / « Dooinit », « Furies,
 * festival de cirque et de théâtre de rue de Châlons-en-Champagne » / « Furies ». Matching only on the exact
 * folded name listed about 340 festivals twice in the demo, once with their real dates and once with
 * synthetic ones.
 */

/** A name word this common ("nuits", "jazz", "rue") cannot alone say two festivals are the same. */
const RARE_WORD_MAX_FESTIVALS = 4;

/**
 * Pairs each panorama festival with the list festival that is the same one (panorama id → list id), in the
 * same commune (INSEE code): the same folded name; else the same name words in any order; else the words of
 * one name, leaving out "festival" and the commune's name, all found in the other, where a one-word name
 * must be a rare word. A festival with two possible twins, or a twin claimed by two festivals, stays unpaired.
 */
export function pairFestivals(panorama: FestivalsParse, list: FestivalsParse): Map<string, string> {
  const pairs = new Map<string, string>();
  const listByKey = new Map<string, string>();
  for (const [id, key] of list.keys) if (!listByKey.has(key)) listByKey.set(key, id);
  const taken = new Set<string>();
  const rest: string[] = [];
  for (const [id, key] of panorama.keys) {
    const twin = listByKey.get(key);
    if (twin) {
      pairs.set(id, twin);
      taken.add(twin);
    } else rest.push(id);
  }

  const frequency = new Map<string, number>();
  for (const key of [...list.keys.values(), ...panorama.keys.values()])
    for (const w of new Set(nameOf(key).split(' '))) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const towns = new Map(
    [...list.batch.venues, ...panorama.batch.venues].map((v) => [v.sourceId, normaliseName(v.town)]),
  );
  const listByInsee = new Map<string, string[]>();
  for (const [id, key] of list.keys) {
    const insee = inseeOf(key);
    if (!insee || taken.has(id)) continue;
    const ids = listByInsee.get(insee);
    if (ids) ids.push(id);
    else listByInsee.set(insee, [id]);
  }

  const candidates = new Map<string, string[]>();
  const claims = new Map<string, number>();
  for (const id of rest) {
    const key = panorama.keys.get(id)!;
    const town = new Set((towns.get(id) ?? '').split(' '));
    const found = (listByInsee.get(inseeOf(key)) ?? []).filter((other) =>
      sameFestival(key, list.keys.get(other)!, town, frequency),
    );
    candidates.set(id, found);
    for (const other of found) claims.set(other, (claims.get(other) ?? 0) + 1);
  }
  for (const [id, found] of candidates) {
    if (found.length === 1 && claims.get(found[0]!) === 1) pairs.set(id, found[0]!);
  }
  return pairs;
}

function sameFestival(
  a: string,
  b: string,
  town: ReadonlySet<string>,
  frequency: Map<string, number>,
): boolean {
  const wordsA = words(a, new Set());
  const wordsB = words(b, new Set());
  if (wordsA.size > 0 && wordsA.size === wordsB.size && [...wordsA].every((w) => wordsB.has(w))) return true;
  const coreA = words(a, town);
  const coreB = words(b, town);
  const [small, large] = coreA.size <= coreB.size ? [coreA, coreB] : [coreB, coreA];
  if (small.size === 0) return false;
  if (small.size === 1 && (frequency.get([...small][0]!) ?? 0) > RARE_WORD_MAX_FESTIVALS) return false;
  return [...small].every((w) => large.has(w));
}

function words(key: string, leaveOut: ReadonlySet<string>): Set<string> {
  return new Set(
    nameOf(key)
      .split(' ')
      .filter((w) => w !== '' && w !== 'festival' && !leaveOut.has(w)),
  );
}

function nameOf(key: string): string {
  return key.slice(0, key.lastIndexOf('|'));
}

function inseeOf(key: string): string {
  return key.slice(key.lastIndexOf('|') + 1);
}
