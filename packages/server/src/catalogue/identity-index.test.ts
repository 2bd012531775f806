import type { Discipline } from '@detour/sdk';
import { describe, expect, it } from 'vitest';
import {
  findShowMatch,
  type IdentityCandidate,
  matchShow,
  mayMatchWithCreators,
  type ShowIdentity,
  showIdentity,
} from './identity.js';
import { ElementOrder, findIndexedMatch, ShowIdentityIndex } from './identity-index.js';

/**
 * The index must find exactly the matches a scan of every known show of the record's title and
 * creators finds (the store's former algorithm, kept here as the reference).
 */

interface Entry {
  showId: number;
  identity: ShowIdentity;
}

/** The former per-record scan: every show of the title, then every show of each creator mayMatchWithCreators allows. */
class ScanIndex {
  readonly byTitle = new Map<string, Entry[]>();
  readonly byCreator = new Map<string, Entry[]>();
  readonly sourcesOf = new Map<number, Set<string>>();
  readonly indexed = new Set<string>();

  add(showId: number, identity: ShowIdentity, source: string): void {
    const set = this.sourcesOf.get(showId) ?? new Set<string>();
    set.add(source);
    this.sourcesOf.set(showId, set);
    const key = `${showId}\u0000${identity.discipline}\u0000${identity.titleKey}\u0000${identity.creatorKeys.join('\u0001')}`;
    if (this.indexed.has(key)) return;
    this.indexed.add(key);
    const entry = { showId, identity };
    const tk = `${identity.discipline}\u0000${identity.titleKey}`;
    const titled = this.byTitle.get(tk);
    if (titled) titled.push(entry);
    else this.byTitle.set(tk, [entry]);
    for (const c of identity.creatorKeys) {
      const ck = `${identity.discipline}\u0000${c}`;
      const list = this.byCreator.get(ck);
      if (list) list.push(entry);
      else this.byCreator.set(ck, [entry]);
    }
  }

  candidates(record: ShowIdentity, source: string): Array<{ entry: Entry; sameSource: boolean }> {
    const out: Array<{ entry: Entry; sameSource: boolean }> = [];
    const seen = new Set<Entry>();
    const sameSource = (e: Entry) => this.sourcesOf.get(e.showId)?.has(source) ?? false;
    const consider = (entries: Entry[] | undefined, byCreator: boolean) => {
      for (const e of entries ?? []) {
        if (seen.has(e)) continue;
        if (byCreator && !mayMatchWithCreators(record, e.identity, sameSource(e))) continue;
        seen.add(e);
        out.push({ entry: e, sameSource: sameSource(e) });
      }
    };
    consider(this.byTitle.get(`${record.discipline}\u0000${record.titleKey}`), false);
    for (const c of record.creatorKeys) consider(this.byCreator.get(`${record.discipline}\u0000${c}`), true);
    return out;
  }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'misanthrope songe nuit été tempête cerisaie mouettes oiseaux voyage lune soleil rivière forêt ' +
  'jardin secret maison bleue rouge enfants sauvages mémoire silence orage fleuve désert étoile ombre'
).split(' ');
const CREATORS = [
  'Compagnie du Fil',
  'Cie du Fil',
  'Collectif des Songes',
  'Théâtre du Moulin',
  'Ensemble Vent d’Ouest',
  'Les Arpenteurs',
  'Troupe la Caravane',
  'Orchestre du Phare',
];
const DISCIPLINES: Discipline[] = ['theatre', 'danse', 'musique'];

/** A title like a previous one, altered as sources alter titles (typo, word order, article, extra word). */
function variant(title: string, next: () => number): string {
  const words = title.split(' ');
  const pick = next();
  if (pick < 0.2 && words.length > 1) return [...words.slice(1), words[0]].join(' ');
  if (pick < 0.4) {
    const w = words[Math.floor(next() * words.length)]!;
    const i = Math.floor(next() * w.length);
    return title.replace(w, w.slice(0, i) + w.slice(i + 1));
  }
  if (pick < 0.55) return `Le ${title}`;
  if (pick < 0.7) return `${title} ${WORDS[Math.floor(next() * WORDS.length)]}`;
  if (pick < 0.8) return title.toUpperCase();
  return title;
}

function generate(seed: number, count: number) {
  const next = random(seed);
  const titles: string[] = [];
  const drawn: Array<{ source: string; title: string; creators: string[]; discipline: Discipline }> = [];
  for (let i = 0; i < count; i++) {
    const base = drawn.length > 0 && next() < 0.3 ? drawn[Math.floor(next() * drawn.length)]! : null;
    if (base) {
      // The same company's work again, as another record of its source or of another one, the title
      // sometimes reworded: same-title shows and older shows of the same words both compete for it.
      drawn.push({
        ...base,
        title: next() < 0.5 ? variant(base.title, next) : base.title,
        source: next() < 0.5 ? base.source : `source-${Math.floor(next() * 3)}`,
      });
      continue;
    }
    let title: string;
    if (titles.length > 0 && next() < 0.5) title = variant(titles[Math.floor(next() * titles.length)]!, next);
    else {
      // Mostly short titles, some long ones (where Jaccard tolerates a word of difference).
      const n = next() < 0.15 ? 9 + Math.floor(next() * 6) : 1 + Math.floor(next() * 4);
      title = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]!).join(' ');
    }
    titles.push(title);
    const creators =
      next() < 0.1
        ? []
        : Array.from(
            { length: 1 + Math.floor(next() * 2) },
            () => CREATORS[Math.floor(next() * CREATORS.length)]!,
          );
    const discipline = DISCIPLINES[Math.floor(next() * DISCIPLINES.length)]!;
    drawn.push({ source: `source-${Math.floor(next() * 3)}`, title, creators, discipline });
  }
  return drawn.map((d) => ({ source: d.source, identity: showIdentity(d) }));
}

describe('show identity index', () => {
  it('gives every record the same match, with the same reasons, as scanning every show of its title and creators', () => {
    const records = generate(20261125, 3000);
    const order = new ElementOrder(records.map((r) => r.identity));
    const index = new ShowIdentityIndex(order);
    const scan = new ScanIndex();
    let nextShow = 1;
    let similarityMatches = 0;
    let certainMatches = 0;
    let olderEquivalentWins = 0;
    let scanned = 0;
    let listed = 0;
    for (const [i, r] of records.entries()) {
      const context = (c: { entry: Entry; sameSource: boolean }): IdentityCandidate<number> => ({
        showId: c.entry.showId,
        identity: c.entry.identity,
        sameSource: c.sameSource,
        // Records without creators join on a shared venue: vary it deterministically per pair.
        sharedVenue: (c.entry.showId * 31 + i) % 3 === 0,
        sharedCommune: (c.entry.showId * 17 + i) % 5 === 0,
      });
      // Candidates that can match, in the order the store ranks them.
      const matching = (list: Array<{ entry: Entry; sameSource: boolean }>) =>
        list
          .map(context)
          .sort((a, b) => a.showId - b.showId)
          .filter((c) => matchShow(r.identity, c.identity, c) !== null);
      const fromScan = scan.candidates(r.identity, r.source);
      const expected = findShowMatch(r.identity, matching(fromScan));
      // Same title, then similar titles by creator: the same candidates that can match as the scan.
      const fromIndex = index.sameTitle(r.identity, r.source).concat(index.similar(r.identity, r.source));
      expect(matching(fromIndex)).toEqual(matching(fromScan));
      scanned += fromScan.length;
      listed += fromIndex.length;
      // What the store asks: the same match (with the shortcut when a same-title show already scores 1).
      const found = findIndexedMatch(index, r.identity, r.source, (entry, sameSource) =>
        context({ entry, sameSource }),
      );
      expect(found).toEqual(expected);
      if (found?.match.certain) certainMatches++;
      else if (found) similarityMatches++;
      const titledCertain = index
        .sameTitle(r.identity, r.source)
        .some((c) => matchShow(r.identity, c.entry.identity, context(c))?.score === 1);
      if (titledCertain && found && !found.match.certain) olderEquivalentWins++;
      const showId = found?.showId ?? nextShow++;
      index.add(showId, r.identity, r.source);
      scan.add(showId, r.identity, r.source);
    }
    // The batch exercises both kinds of match, an older show scoring 1 by similarity beating a same-title
    // show, and the index looked at far fewer shows than the scan.
    expect(certainMatches).toBeGreaterThan(100);
    expect(similarityMatches).toBeGreaterThan(100);
    expect(olderEquivalentWins).toBeGreaterThan(0);
    expect(listed).toBeLessThan(scanned / 2);
  });

  it('finds a title one word apart among long titles, and a one-letter typo, by a shared creator', () => {
    const long = showIdentity({
      title: 'Le voyage des enfants sauvages dans la forêt de la mémoire sous un soleil rouge et bleu',
      creators: ['Compagnie du Fil'],
      discipline: 'theatre',
    });
    const typo = showIdentity({
      title: 'Les Oiseaux de la forêt enchantée',
      creators: ['Cie du Fil'],
      discipline: 'theatre',
    });
    const index = new ShowIdentityIndex(new ElementOrder([long, typo]));
    index.add(1, long, 'a');
    index.add(2, typo, 'a');
    const longer = showIdentity({
      title: 'Le voyage des enfants sauvages dans la forêt de la mémoire sous un soleil rouge bleu orage',
      creators: ['Cie du Fil'],
      discipline: 'theatre',
    });
    const typoed = showIdentity({
      title: 'Les oiseaux de la foret enchante',
      creators: ['Collectif du Fil'],
      discipline: 'theatre',
    });
    const near = (record: ShowIdentity, source: string) =>
      findIndexedMatch(index, record, source, (e, sameSource) => ({ ...e, sameSource, sharedVenue: false }));
    expect(near(longer, 'b')).toEqual({
      showId: 1,
      match: { matched: ['title', 'creators', 'discipline'], score: expect.any(Number), certain: false },
    });
    expect(near(typoed, 'b')?.showId).toBe(2);
    // Same source: only a certain match can join, so a near title is not even a candidate.
    expect(index.similar(typoed, 'a')).toEqual([]);
    expect(near(typoed, 'a')).toBeNull();
  });
});
