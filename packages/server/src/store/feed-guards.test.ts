import * as vitest from 'vitest';
import { expect, it } from 'vitest';
import { describeOnEachStore } from '../../test/support/store-kinds.js';
import { EmptyFeedError, MassCancellationError } from './errors.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

/** A full feed cannot wipe a programme by mistake, and a dry run writes nothing (SQLite and PostgreSQL). */
const NOW = '2026-11-25T10:00:00Z';

const programme = (dates: number[], complete = true) =>
  batch('theatre-tours', {
    venues: [venue('salle')],
    shows: [show('piece')],
    performances: dates.map((d) =>
      performance(`piece@${d}`, 'piece', 'salle', {
        start: `2026-12-${String(d).padStart(2, '0')}T20:30:00+01:00`,
      }),
    ),
    complete,
  });

describeOnEachStore(vitest, 'feed guards in the store', (t) => {
  vitest.beforeEach(async () => {
    await t().store.applyImport(programme([1, 2, 3, 4]), { now: NOW });
  });

  it('refuses a full feed with no record (EmptyFeedError) and changes nothing', async () => {
    const before = await t().dump();
    await expect(
      t().store.applyImport(batch('theatre-tours', { records: 3 }), { now: NOW }),
    ).rejects.toBeInstanceOf(EmptyFeedError);
    expect(await t().dump()).toBe(before);
  });

  it('refuses a full feed cancelling more than half of the upcoming performances, naming how many', async () => {
    const before = await t().dump();
    const refused = t().store.applyImport(programme([1]), { now: NOW });
    await expect(refused).rejects.toBeInstanceOf(MassCancellationError);
    await expect(refused).rejects.toMatchObject({ wouldCancel: 3, upcoming: 4 });
    expect(await t().dump()).toBe(before);
  });

  it('lets a full feed cancel half of the upcoming performances, and more with confirmCancel', async () => {
    expect((await t().store.applyImport(programme([1, 2]), { now: NOW })).cancelled).toBe(2);
    expect((await t().store.applyImport(programme([1]), { now: NOW, confirmCancel: true })).cancelled).toBe(
      1,
    );
  });

  it('counts only upcoming scheduled performances: past ones leaving the feed do not count', async () => {
    // On 2 December at noon, 1 and 2 December evening are… 1 past, 2 upcoming, 3 and 4 upcoming.
    const report = await t().store.applyImport(programme([3, 4]), { now: '2026-12-02T10:00:00Z' });
    expect(report.cancelled).toBe(2);
  });

  it('a dry run reports exactly what the import would do and writes nothing', async () => {
    const before = await t().dump();
    const revision = await t().store.revision();
    const feed = programme([2, 3, 4, 5, 6]);
    const dry = await t().store.applyImport(feed, { now: NOW, dryRun: true });
    expect(await t().dump()).toBe(before);
    expect(await t().store.revision()).toBe(revision);
    expect(await t().store.applyImport(feed, { now: NOW })).toEqual(dry);
    expect(dry.created.performances).toBe(2);
    expect(dry.cancelled).toBe(1);
  });

  it('a dry run is refused like the import itself', async () => {
    await expect(t().store.applyImport(programme([1]), { now: NOW, dryRun: true })).rejects.toBeInstanceOf(
      MassCancellationError,
    );
  });
});
