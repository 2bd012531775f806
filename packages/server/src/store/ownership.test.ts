import * as vitest from 'vitest';
import { expect, it } from 'vitest';
import { describeOnEachStore } from '../../test/support/store-kinds.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

/**
 * Each source owns its records (issue 16): another source's import may reference a venue or a show, never
 * change, fill or remove what the public sees of it — and once that source stops sending its record, the
 * other source's venue and show are exactly as before it came. Runs on SQLite and on PostgreSQL.
 */
const NOW = '2026-11-25T10:00:00Z';

// « Mairie de Tours » as DATAtourisme publishes it: no URL, no capacity, no accessibility given.
const mairie = (over = {}) =>
  venue('mairie-tours', {
    name: 'Mairie de Tours',
    address: '1-3 rue des Minimes',
    location: { lat: 47.3906, lon: 0.6889 },
    url: null,
    capacity: null,
    accessibility: [],
    type: 'autre',
    ...over,
  });

const owner = () =>
  batch('datatourisme-cvl', {
    venues: [mairie()],
    shows: [
      show('concert-voeux', {
        title: 'Concert du Nouvel An',
        creators: ['Orchestre d’harmonie de Tours'],
        discipline: 'musique',
        description: null,
        image: null,
      }),
    ],
    performances: [performance('concert-voeux@1', 'concert-voeux', 'mairie-tours')],
  });

// A partner's record of the same venue (same name, commune, 20 m away) with what it would like shown.
const hostileVenue = () =>
  venue('lieu-1', {
    name: 'Mairie de Tours',
    location: { lat: 47.3907, lon: 0.6891 },
    url: 'https://phish.example/venue',
    capacity: 50_000,
    accessibility: ['moteur', 'auditif', 'visuel', 'mental'],
    type: 'autre',
  });

const partner = (events: 'at-mairie' | 'elsewhere') =>
  batch('srca', {
    venues:
      events === 'at-mairie'
        ? [hostileVenue()]
        : [venue('salle-2', { name: 'Salle des fêtes de Joué', town: 'Joué-lès-Tours', inseeCode: '37122' })],
    shows: [
      show('atelier', { title: 'Récital de piano', creators: ['Jeanne Durand'], discipline: 'musique' }),
    ],
    performances: [
      performance('atelier@1', 'atelier', events === 'at-mairie' ? 'lieu-1' : 'salle-2', {
        start: '2026-12-12T18:00:00+01:00',
      }),
    ],
  });

// srcb's record of the owner's show (same title and creators): it joins the show, with its own image.
const pusher = (withShow: boolean) =>
  batch('srcb', {
    venues: [venue('b-hall', { name: 'Hall B', town: 'Blois', inseeCode: '41018', postcode: '41000' })],
    shows: withShow
      ? [
          show('b-voeux', {
            title: 'Concert du Nouvel An',
            creators: ['Orchestre d’harmonie de Tours'],
            discipline: 'musique',
            description: 'Texte de srcb',
            image: 'https://phish.example/image.jpg',
          }),
        ]
      : [show('b-other', { title: 'Autre chose', creators: ['Autre compagnie'], discipline: 'musique' })],
    performances: [
      withShow
        ? performance('b-voeux@1', 'b-voeux', 'b-hall', { start: '2026-12-20T20:00:00+01:00' })
        : performance('b-other@1', 'b-other', 'b-hall', { start: '2026-12-20T20:00:00+01:00' }),
    ],
    complete: true,
  });

describeOnEachStore(vitest, 'each source owns its records', (t) => {
  const venueOf = async (source: string) => {
    const snapshot = await t().store.loadSnapshot();
    const id = snapshot.venues.find((v) => v.name === 'Mairie de Tours')!.id;
    return { id, snapshotVenue: snapshot.venues.find((v) => v.id === id)!, source };
  };

  it('a partner importing an event at another source’s venue changes none of its URL, capacity, size class or accessibility', async () => {
    await t().store.applyImport(owner(), { now: NOW });
    const { id, snapshotVenue: before } = await venueOf('datatourisme-cvl');
    const stored = await t().store.getVenue(id);

    const report = await t().store.applyImport(partner('at-mairie'), { now: NOW });
    // The partner's record is one more record of the same venue (its performance takes place there)…
    expect(report.created.venues).toBe(0);
    const after = await t().store.getVenue(id);
    expect(after?.sources.map((s) => s.source)).toEqual(['datatourisme-cvl', 'srca']);
    // …but nothing the public sees of the venue moved.
    expect(after?.url).toBeNull();
    expect(after?.capacity).toBeNull();
    expect(after?.sizeClass).toBe('moyen');
    expect(after?.accessibility).toEqual([]);
    expect({ ...after, sources: [] }).toEqual({ ...stored, sources: [] });
    expect((await venueOf('datatourisme-cvl')).snapshotVenue).toEqual(before);
  });

  it('a partner’s push joining another source’s show changes neither its image nor its description', async () => {
    await t().store.applyImport(owner(), { now: NOW });
    const snapshot = await t().store.loadSnapshot();
    const showId = snapshot.shows.find((s) => s.title === 'Concert du Nouvel An')!.id;
    const before = await t().store.getShow(showId);

    const report = await t().store.applyImport({ ...pusher(true), complete: false }, { now: NOW });
    expect(report.merges.map((m) => m.showId)).toEqual([showId]);
    const after = await t().store.getShow(showId);
    expect(after?.image).toBeNull();
    expect(after?.description).toBeNull();
    expect({ ...after, sources: [] }).toEqual({ ...before, sources: [] });
  });

  it('after the partners’ next full feeds without their records, the other source’s venue and show are exactly as before', async () => {
    await t().store.applyImport(owner(), { now: NOW });
    const snapshot = await t().store.loadSnapshot();
    const venueId = snapshot.venues.find((v) => v.name === 'Mairie de Tours')!.id;
    const showId = snapshot.shows.find((s) => s.title === 'Concert du Nouvel An')!.id;
    const venueBefore = await t().store.getVenue(venueId);
    const showBefore = await t().store.getShow(showId);
    const performancesBefore = await t().store.listShowPerformances(showId, NOW);
    const membersBefore = await t().rows(
      "SELECT source, source_id, data FROM venue_sources WHERE source = 'datatourisme-cvl' ORDER BY id",
    );

    await t().store.applyImport(partner('at-mairie'), { now: NOW });
    await t().store.applyImport(pusher(true), { now: NOW });
    // Their next full feeds no longer send those records (the withdrawal is confirmed: it is all they had).
    await t().store.applyImport(partner('elsewhere'), { now: NOW, confirmCancel: true });
    await t().store.applyImport(pusher(false), { now: NOW, confirmCancel: true });

    expect(await t().store.getVenue(venueId)).toEqual(venueBefore);
    expect(await t().store.getShow(showId)).toEqual(showBefore);
    expect(await t().store.listShowPerformances(showId, NOW)).toEqual(performancesBefore);
    expect(
      await t().rows(
        "SELECT source, source_id, data FROM venue_sources WHERE source = 'datatourisme-cvl' ORDER BY id",
      ),
    ).toEqual(membersBefore);
    // Every trace of the withdrawn records went: no record, no performance of them is left.
    expect(await t().rows("SELECT source_id FROM venue_sources WHERE source = 'srca'")).toEqual([
      { source_id: 'salle-2' },
    ]);
    expect(await t().rows("SELECT source_id FROM show_sources WHERE source = 'srcb'")).toEqual([
      { source_id: 'b-other' },
    ]);
    expect(await t().rows("SELECT source_id FROM performances WHERE source = 'srcb'")).toEqual([
      { source_id: 'b-other@1' },
    ]);
  });

  it('a venue or show passes to its next source when its owner withdraws its record', async () => {
    await t().store.applyImport(owner(), { now: NOW });
    await t().store.applyImport(partner('at-mairie'), { now: NOW });
    const venueId = (await venueOf('datatourisme-cvl')).id;
    // The owner's full feed no longer has the venue (nor its concert): the partner's record remains.
    await t().store.applyImport(
      batch('datatourisme-cvl', {
        venues: [venue('ailleurs', { name: 'Salle Ailleurs', location: { lat: 47.4, lon: 0.7 } })],
        shows: [show('autre', { title: 'Autre concert', discipline: 'musique' })],
        performances: [performance('autre@1', 'autre', 'ailleurs')],
      }),
      { now: NOW, confirmCancel: true },
    );
    const after = await t().store.getVenue(venueId);
    expect(after?.sources.map((s) => s.source)).toEqual(['srca']);
    expect(after?.url).toBe('https://phish.example/venue');
    expect(after?.sizeClass).toBe('institution');
  });
});
