import { DEFAULT_POLICY_SETTINGS, PolicySchema } from '@detour/sdk/contract';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeKinds, type TestStore } from '../../test/support/store-kinds.js';
import { ConflictError, InvalidInputError } from './errors.js';
import { decayFactor } from './exposure.js';
import { hashSecret } from './ids.js';

/** Every test below runs on the embedded SQLite store and on PostgreSQL. */
const kinds = storeKinds({ beforeAll, afterAll });

for (const kind of kinds)
  describe.skipIf(kind.skip !== null)(kind.title('policies'), () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await kind.open();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('publishes immutable numbered versions per network; the current one is the highest', async () => {
      expect(await t.store.currentPolicy('centre')).toBeNull();
      const v1 = await t.store.publishPolicy('centre', DEFAULT_POLICY_SETTINGS, {
        by: 'camille',
        comment: 'Politique initiale',
        restoredFrom: null,
        at: '2026-11-01T09:00:00Z',
      });
      const v2 = await t.store.publishPolicy(
        'centre',
        { ...DEFAULT_POLICY_SETTINGS, lambda: 0.7 },
        { by: 'louis', comment: 'Plus de diversité', restoredFrom: null, at: '2026-11-02T09:00:00Z' },
      );
      await t.store.publishPolicy('ouest', DEFAULT_POLICY_SETTINGS, {
        by: 'anne',
        comment: '',
        restoredFrom: null,
        at: '2026-11-02T10:00:00Z',
      });
      expect([v1.version, v2.version]).toEqual([1, 2]);
      const current = await t.store.currentPolicy('centre');
      expect(current).toEqual(v2);
      expect(PolicySchema.parse(current)).toEqual(current);
      const versions = await t.store.policyVersions('centre');
      expect(versions.map((p) => [p.version, p.settings.lambda, p.publishedBy])).toEqual([
        [1, 0.5, 'camille'],
        [2, 0.7, 'louis'],
      ]);
      for (const p of versions) expect(PolicySchema.parse(p)).toEqual(p);
      expect((await t.store.currentPolicy('ouest'))?.version).toBe(1);
    });

    it('restores an old version as a new version that says where it comes from', async () => {
      const meta = { by: 'camille', comment: '', restoredFrom: null, at: '2026-11-01T09:00:00Z' };
      await t.store.publishPolicy('centre', DEFAULT_POLICY_SETTINGS, meta);
      await t.store.publishPolicy('centre', { ...DEFAULT_POLICY_SETTINGS, venueCap: 3 }, meta);
      const old = (await t.store.policyVersions('centre'))[0]!;
      const restored = await t.store.publishPolicy('centre', old.settings, {
        ...meta,
        comment: 'Retour à la v1',
        restoredFrom: 1,
      });
      expect(restored.version).toBe(3);
      expect(restored.restoredFrom).toBe(1);
      expect(restored.settings).toEqual(old.settings);
      await expect(
        t.store.publishPolicy('centre', old.settings, { ...meta, restoredFrom: 9 }),
      ).rejects.toBeInstanceOf(ConflictError);
    });

    it('refuses settings outside the contract and publishes nothing', async () => {
      const meta = { by: 'x', comment: '', restoredFrom: null, at: '2026-11-01T09:00:00Z' };
      await expect(
        t.store.publishPolicy('centre', { ...DEFAULT_POLICY_SETTINGS, lambda: 2 }, meta),
      ).rejects.toBeInstanceOf(InvalidInputError);
      expect(await t.store.policyVersions('centre')).toEqual([]);
    });
  });

for (const kind of kinds)
  describe.skipIf(kind.skip !== null)(kind.title('exposure'), () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await kind.open();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('aggregates impressions per venue and day, and halves them every half-life', async () => {
      await t.store.addImpressions(
        'centre',
        [
          { venueId: 'va', weight: 1 },
          { venueId: 'va', weight: 0.5 },
          { venueId: 'vb', weight: 2 },
        ],
        '2026-11-01T08:00:00Z',
      );
      await t.store.addImpressions('centre', [{ venueId: 'va', weight: 1.5 }], '2026-11-01T21:00:00Z');
      await t.store.addImpressions('ouest', [{ venueId: 'va', weight: 100 }], '2026-11-01T21:00:00Z');
      const rows = await t.rows("SELECT venue_id, day, weight FROM exposure_daily WHERE network = 'centre'");
      expect(rows).toHaveLength(2);

      const sameDay = await t.store.exposureTotals('centre', '2026-11-01T12:00:00Z', 14);
      expect(sameDay).toEqual({ va: 3, vb: 2 });
      // 14 days after the bucket's midday: half of it is left.
      const later = await t.store.exposureTotals('centre', '2026-11-15T12:00:00Z', 14);
      expect(later.va).toBeCloseTo(1.5, 10);
      expect(later.vb).toBeCloseTo(1, 10);
      // Three half-lives: an eighth is left.
      const muchLater = await t.store.exposureTotals('centre', '2026-12-13T12:00:00Z', 14);
      expect(muchLater.va).toBeCloseTo(3 / 8, 10);
      // Past twenty half-lives, impressions are no longer read.
      const horizon = await t.store.exposureTotals('centre', '2026-11-21T12:00:00Z', 1);
      expect(horizon.vb).toBeCloseTo(2 * 0.5 ** 20, 15);
      expect(await t.store.exposureTotals('centre', '2026-11-22T12:00:00Z', 1)).toEqual({});
      await expect(t.store.exposureTotals('centre', 'hier', 14)).rejects.toBeInstanceOf(InvalidInputError);
      // Impressions counted after the moment asked about are not part of it.
      expect(await t.store.exposureTotals('centre', '2026-10-31T12:00:00Z', 14)).toEqual({});
    });

    it('computes the decay factor from the bucket midday', () => {
      const at = Date.parse('2026-11-08T12:00:00Z');
      expect(decayFactor('2026-11-01', at, 7)).toBeCloseTo(0.5, 12);
      expect(decayFactor('2026-11-08', at, 7)).toBe(1);
    });

    it('saves snapshots as rows with ids and returns the latest per network', async () => {
      expect(await t.store.latestExposureSnapshot('centre')).toBeNull();
      const first = {
        id: 'exp-1',
        network: 'centre',
        computedAt: '2026-11-01T00:00:00Z',
        venues: { va: { received: 3, deserved: 2 } },
      };
      const second = {
        ...first,
        id: 'exp-2',
        computedAt: '2026-11-02T00:00:00Z',
        venues: { vb: { received: 1, deserved: 4 } },
      };
      await t.store.saveExposureSnapshot(first);
      await t.store.saveExposureSnapshot(second);
      await t.store.saveExposureSnapshot({
        ...first,
        id: 'exp-3',
        network: 'ouest',
        computedAt: '2026-12-01T00:00:00Z',
      });
      expect(await t.store.latestExposureSnapshot('centre')).toEqual(second);
      // An id is saved once: snapshots are immutable.
      await t.store.saveExposureSnapshot({ ...second, venues: {} });
      expect(await t.store.latestExposureSnapshot('centre')).toEqual(second);
    });
  });

for (const kind of kinds)
  describe.skipIf(kind.skip !== null)(kind.title('API keys and editor tokens'), () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await kind.open();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('stores only hashes: the secret never appears in the database files', async () => {
      const key = await t.store.createApiKey('Théâtre Olympia', ['theatre-tours'], '2026-11-01T09:00:00Z');
      const token = await t.store.createEditorToken('Camille', 'editor', '2026-11-01T09:00:00Z');
      expect(key.secret).toMatch(/^dtr_k_[A-Za-z0-9_-]{43}$/);
      expect(token.secret).toMatch(/^dtr_e_[A-Za-z0-9_-]{43}$/);
      const text = await t.diskText();
      // What is stored instead: the SHA-256 of each secret.
      expect(text).toContain(hashSecret(key.secret));
      expect(text).toContain(hashSecret(token.secret));
      expect(text).not.toContain(key.secret);
      expect(text).not.toContain(key.secret.slice(6));
      expect(text).not.toContain(token.secret.slice(6));
    });

    it('verifies a key to its sources until it is revoked', async () => {
      const key = await t.store.createApiKey(
        'Olympia',
        ['theatre-tours', 'olympia-csv'],
        '2026-11-01T09:00:00Z',
      );
      expect(await t.store.verifyApiKey(key.secret)).toEqual({
        id: key.id,
        label: 'Olympia',
        sources: ['theatre-tours', 'olympia-csv'],
      });
      expect(await t.store.verifyApiKey(`${key.secret}x`)).toBeNull();
      expect(await t.store.verifyApiKey('dtr_e_nope')).toBeNull();
      expect(await t.store.revokeApiKey(key.id, '2026-11-02T09:00:00Z')).toBe(true);
      expect(await t.store.revokeApiKey(key.id, '2026-11-03T09:00:00Z')).toBe(false);
      expect(await t.store.verifyApiKey(key.secret)).toBeNull();
      expect(await t.store.listApiKeys()).toEqual([
        {
          id: key.id,
          label: 'Olympia',
          sources: ['theatre-tours', 'olympia-csv'],
          createdAt: '2026-11-01T09:00:00Z',
          revokedAt: '2026-11-02T09:00:00Z',
        },
      ]);
    });

    it('verifies an editor token to its role until it is revoked', async () => {
      const viewer = await t.store.createEditorToken('Louis', 'viewer', '2026-11-01T09:00:00Z');
      const editor = await t.store.createEditorToken('Camille', 'editor', '2026-11-01T09:00:00Z');
      expect(await t.store.verifyEditorToken(viewer.secret)).toEqual({
        id: viewer.id,
        name: 'Louis',
        role: 'viewer',
      });
      expect((await t.store.verifyEditorToken(editor.secret))?.role).toBe('editor');
      // A key is not a token, even with the right hash table.
      expect(await t.store.verifyApiKey(editor.secret)).toBeNull();
      expect(await t.store.revokeEditorToken(viewer.id, '2026-11-02T09:00:00Z')).toBe(true);
      expect(await t.store.verifyEditorToken(viewer.secret)).toBeNull();
      expect(await t.store.verifyEditorToken(editor.secret)).not.toBeNull();
    });

    it('tells a revoked editor token (with when) from one it never issued', async () => {
      const token = await t.store.createEditorToken('Louis', 'viewer', '2026-11-01T09:00:00Z');
      expect(await t.store.editorTokenRevokedAt(token.secret)).toBeNull();
      await t.store.revokeEditorToken(token.id, '2026-11-02T09:00:00Z');
      expect(await t.store.editorTokenRevokedAt(token.secret)).toBe('2026-11-02T09:00:00Z');
      expect(await t.store.editorTokenRevokedAt(`${token.secret}x`)).toBeNull();
      expect(await t.store.editorTokenRevokedAt('det_ed_faux')).toBeNull();
    });
  });
