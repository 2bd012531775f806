import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendImpressions } from '../src/index.js';

const batch = { policyVersion: 3, items: [{ showId: 's1', venueId: 'v1', position: 1 }] };

afterEach(() => vi.unstubAllGlobals());

describe('impression beacons', () => {
  it('uses navigator.sendBeacon with a JSON Blob for a same-origin API', async () => {
    const sendBeacon = vi.fn((_url: string, _data: Blob) => true);
    vi.stubGlobal('navigator', { sendBeacon });
    vi.stubGlobal('location', { origin: 'https://api.detour.test' });
    const fetch = vi.fn();
    await expect(sendImpressions('https://api.detour.test/', batch, { fetch })).resolves.toBe(true);
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    const [url, blob] = sendBeacon.mock.calls[0]!;
    expect(url).toBe('https://api.detour.test/v1/impressions');
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toEqual(batch);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends cross-origin reports with fetch keepalive, never a beacon (beacons always carry credentials)', async () => {
    const sendBeacon = vi.fn(() => true);
    vi.stubGlobal('navigator', { sendBeacon });
    vi.stubGlobal('location', { origin: 'https://www.theatre-exemple.fr' });
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 202 }));
    await expect(sendImpressions('https://api.detour.test', batch, { fetch })).resolves.toBe(true);
    expect(sendBeacon).not.toHaveBeenCalled();
    expect(fetch.mock.calls[0]![1]).toMatchObject({ keepalive: true, credentials: 'omit' });
  });

  it('falls back to fetch with keepalive and no credentials when the beacon is refused', async () => {
    vi.stubGlobal('navigator', { sendBeacon: () => false });
    vi.stubGlobal('location', { origin: 'https://api.detour.test' });
    const fetch = vi.fn(
      async (_url: string, _init: RequestInit) => new Response('{"accepted":1}', { status: 202 }),
    );
    await expect(sendImpressions('https://api.detour.test', batch, { fetch })).resolves.toBe(true);
    const [, init] = fetch.mock.calls[0]!;
    expect(init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit' });
    expect(JSON.parse(String(init.body))).toEqual(batch);
  });

  it('uses fetch keepalive where there is no sendBeacon (Node, React Native)', async () => {
    vi.stubGlobal('navigator', undefined);
    const fetch = vi.fn(async () => new Response(null, { status: 202 }));
    await expect(sendImpressions('https://api.detour.test', batch, { fetch })).resolves.toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('never rejects: a failed send resolves to false', async () => {
    vi.stubGlobal('navigator', {
      sendBeacon: () => {
        throw new TypeError('not allowed');
      },
    });
    vi.stubGlobal('location', { origin: 'https://api.detour.test' });
    const fetch = vi.fn(async () => {
      throw new TypeError('offline');
    });
    await expect(sendImpressions('https://api.detour.test', batch, { fetch })).resolves.toBe(false);
    const refused = vi.fn(async () => new Response(null, { status: 400 }));
    await expect(sendImpressions('https://api.detour.test', batch, { fetch: refused })).resolves.toBe(false);
  });
});
