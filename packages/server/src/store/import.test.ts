import { ImportReportSchema, PerformanceSchema, ShowSchema, VenueSchema } from '@detour/sdk/contract';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeKinds, type TestStore } from '../../test/support/store-kinds.js';
import { ImportIntegrityError } from './errors.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

/** Every test below runs on the embedded SQLite store and on PostgreSQL. */
const kinds = storeKinds({ beforeAll, afterAll });

const NOW = '2026-11-25T10:00:00Z';
const LATER = '2026-11-26T10:00:00Z';

const feed = () =>
  batch('theatre-tours', {
    venues: [venue('salle-1'), venue('salle-2', { name: 'Le Petit Faucheux', capacity: 120 })],
    shows: [
      show('avare'),
      show('cirque', { title: 'Piste aux étoiles', discipline: 'cirque', creators: [] }),
    ],
    performances: [
      performance('avare-1', 'avare', 'salle-1'),
      performance('avare-2', 'avare', 'salle-1', { start: '2026-12-04T20:30:00+01:00' }),
      performance('cirque-1', 'cirque', 'salle-2', {
        price: { min: null, max: null, free: true, currency: 'EUR' },
      }),
    ],
  });

for (const kind of kinds)
  describe.skipIf(kind.skip !== null)(kind.title('applyImport'), () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await kind.open();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('creates venues, shows and performances and reports them in the contract shape', async () => {
      const report = await t.store.applyImport(feed(), { now: NOW });
      expect(ImportReportSchema.parse(report)).toEqual(report);
      expect(report.created).toEqual({ venues: 2, shows: 2, performances: 3 });
      expect(report.updated).toEqual({ venues: 0, shows: 0, performances: 0 });
      expect(await t.store.counts()).toEqual({ venues: 2, shows: 2, performances: 3 });
      expect(await t.store.sources()).toEqual([{ source: 'theatre-tours', performances: 3 }]);
    });

    it('reports 0 created and 0 updated when the same batch is imported twice, and only moves lastSeen', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const revision = await t.store.revision();
      const second = await t.store.applyImport(feed(), { now: LATER });
      expect(second.created).toEqual({ venues: 0, shows: 0, performances: 0 });
      expect(second.updated).toEqual({ venues: 0, shows: 0, performances: 0 });
      expect(second.unchanged).toEqual({ venues: 2, shows: 2, performances: 3 });
      expect(second.cancelled).toBe(0);
      expect(await t.store.revision()).toBe(revision);
      const snapshot = await t.store.loadSnapshot();
      const [p] = await t.store.getPerformances([`p${snapshot.performances.rowId[0]}`]);
      expect(p?.source.lastSeen).toBe(LATER);
      const [v] = await t.store.getVenues([snapshot.venues[0]!.id]);
      expect(v?.sources[0]?.lastSeen).toBe(LATER);
    });

    it('detects a changed record as an update and bumps the revision', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const revision = await t.store.revision();
      const changed = feed();
      changed.performances[0]!.price = { min: 8, max: 15, free: false, currency: 'EUR' };
      changed.shows[0]!.description = 'Nouvelle mise en scène.';
      changed.venues[1]!.capacity = 700;
      const report = await t.store.applyImport(changed, { now: LATER });
      expect(report.updated).toEqual({ venues: 1, shows: 1, performances: 1 });
      expect(report.unchanged).toEqual({ venues: 1, shows: 1, performances: 2 });
      expect(await t.store.revision()).toBe(revision + 1);
      const snapshot = await t.store.loadSnapshot();
      const venueId = snapshot.venues.find((v) => v.name === 'Le Petit Faucheux')!.id;
      expect((await t.store.getVenue(venueId))?.sizeClass).toBe('grand');
      const showId = snapshot.shows.find((s) => s.title === 'Spectacle avare')!.id;
      expect((await t.store.getShow(showId))?.description).toBe('Nouvelle mise en scène.');
      const perfs = await t.store.listShowPerformances(showId, '2026-01-01T00:00:00Z');
      expect(perfs[0]?.price).toEqual({ min: 8, max: 15, free: false, currency: 'EUR', band: 'moins-de-10' });
    });

    it('keeps a performance missing from a complete batch, with status cancelled, and counts it once', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const shorter = feed();
      shorter.performances = shorter.performances.filter((p) => p.sourceId !== 'avare-2');
      const report = await t.store.applyImport(shorter, { now: LATER });
      expect(report.cancelled).toBe(1);
      expect((await t.store.counts()).performances).toBe(3);
      const showId = (await t.store.loadSnapshot()).shows.find((s) => s.title === 'Spectacle avare')!.id;
      const perfs = await t.store.listShowPerformances(showId, '2026-01-01T00:00:00Z');
      expect(perfs.map((p) => [p.source.sourceId, p.status])).toEqual([
        ['avare-1', 'scheduled'],
        ['avare-2', 'cancelled'],
      ]);
      const again = await t.store.applyImport(shorter, { now: LATER });
      expect(again.cancelled).toBe(0);
      expect(again.updated.performances).toBe(0);
    });

    it('cancels nothing by absence when the batch is a partial push', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const partial = batch('theatre-tours', {
        complete: false,
        performances: [performance('avare-3', 'avare', 'salle-2', { start: '2026-12-05T20:30:00+01:00' })],
      });
      const report = await t.store.applyImport(partial, { now: LATER });
      expect(report.created.performances).toBe(1);
      expect(report.cancelled).toBe(0);
      const statuses = (await t.store.loadSnapshot()).performances.status;
      expect([...statuses]).toEqual([0, 0, 0, 0]);
    });

    it('keeps a performance marked cancelled by its source, and brings it back when rescheduled', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const cancelled = feed();
      cancelled.performances[1]!.status = 'cancelled';
      const report = await t.store.applyImport(cancelled, { now: LATER });
      expect(report.cancelled).toBe(1);
      expect(report.updated.performances).toBe(1);
      const snapshot = await t.store.loadSnapshot();
      expect([...snapshot.performances.status]).toEqual([0, 1, 0]);
      const back = await t.store.applyImport(feed(), { now: LATER });
      expect(back.updated.performances).toBe(1);
      expect([...(await t.store.loadSnapshot()).performances.status]).toEqual([0, 0, 0]);
    });

    it('carries rejected and skipped records through to the report', async () => {
      const b = feed();
      b.rejected = [{ index: 4, path: 'startDate', reason: 'date illisible', sourceId: 'x-4' }];
      b.skips = [
        {
          index: 2,
          sourceId: 'x-2',
          title: 'Exposition Monet',
          reason: 'type ExhibitionEvent : exposition, pas un spectacle',
        },
        {
          index: 5,
          sourceId: null,
          title: 'Marché de Noël',
          reason: 'titre « Marché de Noël » : marché, pas un spectacle',
        },
      ];
      b.skipped = 2;
      b.records = 6;
      const report = await t.store.applyImport(b, { now: NOW });
      expect(report.rejected).toEqual(b.rejected);
      expect(report.skipped).toBe(2);
      expect(report.skips).toEqual(b.skips);
      expect(report.records).toBe(6);
    });

    it('leaves the database exactly as before when a batch fails midway on a database constraint', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const before = await t.dump();
      const bad = feed();
      bad.venues.push(venue('nouvelle-salle', { name: 'Salle neuve' }));
      // The type column is NOT NULL: the database refuses this row after the others were written.
      bad.venues.push({ ...venue('sans-type'), type: null as unknown as 'theatre', name: 'Salle sans type' });
      bad.performances.push(performance('neuf-1', 'avare', 'nouvelle-salle'));
      await expect(t.store.applyImport(bad, { now: LATER })).rejects.toThrow(/NOT NULL|not-null/);
      expect(await t.dump()).toBe(before);
    });

    it('refuses a batch whose performance start has no offset, changing nothing', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const before = await t.dump();
      const bad = feed();
      bad.performances.push(performance('local', 'avare', 'salle-1', { start: '2026-12-03T20:30:00' }));
      await expect(t.store.applyImport(bad, { now: LATER })).rejects.toThrow(/offset/);
      expect(await t.dump()).toBe(before);
    });

    it('leaves the database exactly as before when a performance names an unknown show', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const before = await t.dump();
      const bad = feed();
      bad.shows.push(show('nouveau'));
      bad.performances.push(performance('orphan', 'inconnu', 'salle-1'));
      await expect(t.store.applyImport(bad, { now: LATER })).rejects.toBeInstanceOf(ImportIntegrityError);
      expect(await t.dump()).toBe(before);
    });

    it('resolves a venue of another source with the same name and commune within 1 km to the same venue', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const other = batch('agenda-37', {
        venues: [
          venue('lieu-9', {
            name: 'LE PETIT FAUCHEUX',
            location: { lat: 47.398, lon: 0.69 },
            capacity: null,
            url: null,
          }),
          // Same name, other commune (in Blois, 55 km away): another venue.
          venue('lieu-10', {
            name: 'Le Petit Faucheux',
            inseeCode: '41018',
            postcode: '41000',
            town: 'Blois',
            location: { lat: 47.586, lon: 1.335 },
          }),
        ],
        shows: [show('x')],
        performances: [performance('x-1', 'x', 'lieu-9'), performance('x-2', 'x', 'lieu-10')],
      });
      const report = await t.store.applyImport(other, { now: LATER });
      expect(report.created.venues).toBe(1);
      expect(report.updated.venues).toBe(1);
      const snapshot = await t.store.loadSnapshot();
      expect(snapshot.venues).toHaveLength(3);
      const faucheux = snapshot.venues.filter((v) => v.name === 'Le Petit Faucheux' && v.town === 'Tours');
      expect(faucheux).toHaveLength(1);
      const merged = await t.store.getVenue(faucheux[0]!.id);
      // The first source's values are kept; the other source is listed in provenance.
      expect(merged?.capacity).toBe(120);
      expect(merged?.url).toBe('https://example.org/lieu');
      expect(merged?.sources.map((s) => `${s.source}/${s.sourceId}`)).toEqual([
        'theatre-tours/salle-2',
        'agenda-37/lieu-9',
      ]);
    });

    it('derives the size class from a declared class, else capacity, else moyen', async () => {
      await t.store.applyImport(
        batch('s', {
          venues: [
            venue('declared', { name: 'A', sizeClass: 'institution', capacity: 100 }),
            venue('capacity', { name: 'B', capacity: 90 }),
            venue('unknown', { name: 'C', capacity: null }),
          ],
        }),
        { now: NOW },
      );
      const classes = Object.fromEntries(
        (await t.store.loadSnapshot()).venues.map((v) => [v.name, v.sizeClass]),
      );
      expect(classes).toEqual({ A: 'institution', B: 'petit', C: 'moyen' });
    });

    it('gives stable, URL-safe public ids derived from the creating record', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const first = await t.store.loadSnapshot();
      const other = await kind.open();
      try {
        await other.store.applyImport(feed(), { now: LATER });
        const second = await other.store.loadSnapshot();
        expect(second.venues.map((v) => v.id)).toEqual(first.venues.map((v) => v.id));
        expect(second.shows.map((s) => s.id)).toEqual(first.shows.map((s) => s.id));
      } finally {
        await other.cleanup();
      }
      for (const v of first.venues) expect(v.id).toMatch(/^v[0-9a-z]{12}$/);
      for (const s of first.shows) expect(s.id).toMatch(/^s[0-9a-z]{12}$/);
    });

    it('returns records that parse with the SDK schemas', async () => {
      const b = feed();
      b.venues.push(
        venue('odd', { name: 'Odd', postcode: '2383', url: 'javascript:alert(1)', capacity: -3 }),
      );
      b.shows.push(show('odd', { image: 'ftp://x', tags: ['', 'danse'], title: '  Titre  ' }));
      b.performances.push(performance('odd-1', 'odd', 'odd', { url: 'not a url', end: 'bientôt' }));
      await t.store.applyImport(b, { now: NOW });
      const snapshot = await t.store.loadSnapshot();
      const venues = await t.store.getVenues(snapshot.venues.map((v) => v.id));
      const shows = await t.store.getShows(snapshot.shows.map((s) => s.id));
      const perfs = await t.store.getPerformances([...snapshot.performances.rowId].map((id) => `p${id}`));
      expect(venues).toHaveLength(3);
      expect(shows).toHaveLength(3);
      expect(perfs).toHaveLength(4);
      for (const v of venues) expect(VenueSchema.parse(v)).toEqual(v);
      for (const s of shows) expect(ShowSchema.parse(s)).toEqual(s);
      for (const p of perfs) expect(PerformanceSchema.parse(p)).toEqual(p);
      const odd = venues.find((v) => v.name === 'Odd')!;
      expect([odd.postcode, odd.url, odd.capacity]).toEqual([null, null, null]);
      expect(shows.find((s) => s.title === 'Titre')?.tags).toEqual(['danse']);
    });

    it('returns requested records in the order asked and leaves unknown ids out', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const snapshot = await t.store.loadSnapshot();
      const ids = snapshot.venues.map((v) => v.id).reverse();
      expect((await t.store.getVenues(['nope', ...ids])).map((v) => v.id)).toEqual(ids);
      expect(await t.store.getShow('s-none')).toBeNull();
      expect(await t.store.getPerformances(['p999', 'x'])).toEqual([]);
    });

    it('lists a show performances from a given time, by start', async () => {
      await t.store.applyImport(feed(), { now: NOW });
      const showId = (await t.store.loadSnapshot()).shows.find((s) => s.title === 'Spectacle avare')!.id;
      const from = await t.store.listShowPerformances(showId, '2026-12-04T00:00:00+01:00');
      expect(from.map((p) => p.source.sourceId)).toEqual(['avare-2']);
      expect(from[0]?.showId).toBe(showId);
    });

    it('reports progress up to the total', async () => {
      const calls: Array<[number, number]> = [];
      await t.store.applyImport(feed(), { now: NOW, onProgress: (done, total) => calls.push([done, total]) });
      expect(calls[0]).toEqual([0, 7]);
      expect(calls.at(-1)).toEqual([7, 7]);
    });
  });
