import * as vitest from 'vitest';
import { expect, it } from 'vitest';
import { describeOnEachStore } from '../../test/support/store-kinds.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

/** A performance whose time moved keeps its identity (issue 17, item 4). SQLite and PostgreSQL. */
const NOW = '2026-11-25T10:00:00Z';

// Importers name a performance after its event and start (`event@start`): a new time is a new source id.
const concert = (start: string, complete: boolean) =>
  batch('salle-tours', {
    venues: [venue('salle')],
    shows: [show('concert', { discipline: 'musique' })],
    performances: [performance(`concert@${start}`, 'concert', 'salle', { start })],
    complete,
  });

describeOnEachStore(vitest, 'a moved performance', (t) => {
  for (const complete of [false, true])
    it(`a ${complete ? 'full feed' : 'partial push'} moving a concert from 20:00 to 20:30 moves the stored performance, no second one`, async () => {
      await t().store.applyImport(concert('2026-12-12T20:00:00+01:00', true), { now: NOW });
      const [before] = await t().rows('SELECT id FROM performances');
      const report = await t().store.applyImport(concert('2026-12-12T20:30:00+01:00', complete), {
        now: NOW,
      });
      expect(report.created.performances).toBe(0);
      expect(report.updated.performances).toBe(1);
      expect(report.cancelled).toBe(0);
      const rows = await t().rows('SELECT id, source_id, start_at, status FROM performances');
      expect(rows).toEqual([
        {
          id: before!.id,
          source_id: 'concert@2026-12-12T20:30:00+01:00',
          start_at: '2026-12-12T20:30:00+01:00',
          status: 'scheduled',
        },
      ]);
      // The next import of the same feed recognises it by its new source id.
      const again = await t().store.applyImport(concert('2026-12-12T20:30:00+01:00', complete), {
        now: NOW,
      });
      expect(again.unchanged.performances).toBe(1);
    });

  it('a concert on another day is another performance', async () => {
    await t().store.applyImport(concert('2026-12-12T20:00:00+01:00', true), { now: NOW });
    const report = await t().store.applyImport(concert('2026-12-13T20:00:00+01:00', false), { now: NOW });
    expect(report.created.performances).toBe(1);
    expect(await t().rows('SELECT source_id FROM performances ORDER BY id')).toHaveLength(2);
  });
});
