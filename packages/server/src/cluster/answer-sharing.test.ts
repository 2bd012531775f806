import type { Policy } from '@detour/sdk/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeJson } from '../http/encoded-json.js';
import { answerGeneration, answerKey, type PreparedAnswer } from '../http/recommend.js';
import { ResponseCache } from '../http/response-cache.js';
import { encodeAnswerFrame } from './answer-frame.js';
import {
  type AnswerSharing,
  type AnswersMessage,
  BoundedChannel,
  frameAnswerCount,
  keyedState,
  type StateReader,
  shareAnswers,
} from './answer-sharing.js';

const NOW = '2026-11-25T20:05:00.000Z';

/** What a worker's state says it is in: the parts of it an answer's key names. */
interface FakeState {
  revision: number;
  snapshotId: string;
  policyVersion: number;
  exposureId: string | null;
}

function reader(s: FakeState): StateReader {
  return {
    ready: true,
    view: () =>
      ({ revision: s.revision, index: { snapshotId: s.snapshotId } }) as ReturnType<StateReader['view']>,
    policy: async (network = 'national') => ({ network, version: s.policyVersion }) as Policy,
    exposure: (network = 'national') =>
      s.exposureId === null
        ? null
        : ({ id: s.exposureId, network, computedAt: NOW, venues: {} } as ReturnType<StateReader['exposure']>),
  } as StateReader;
}

/** A prepared answer made in a state, as prepareAnswer would make it (only what answerKey reads). */
function prepared(s: FakeState, lat = 47.39): PreparedAnswer {
  return {
    request: { lat, lon: 0.69, radiusKm: 20, from: NOW, to: NOW, k: 10, now: NOW },
    policy: { network: 'national', version: s.policyVersion } as Policy,
    view: { revision: s.revision, index: { snapshotId: s.snapshotId } },
    exposure: s.exposureId === null ? null : { id: s.exposureId },
    similarTo: null,
  } as unknown as PreparedAnswer;
}

const answerFor = (lat: number) =>
  encodeJson({ items: Array.from({ length: 30 }, (_, i) => ({ lat, i, title: `Spectacle ${i}` })) });

const base: FakeState = { revision: 7, snapshotId: 'snap-7', policyVersion: 2, exposureId: 'exp-a' };
const sharings: AnswerSharing[] = [];
afterEach(() => {
  for (const s of sharings.splice(0)) s.stop();
});

/** Two workers' caches wired through channels that deliver frames as the primary would. */
function pair(stateA: FakeState, stateB: FakeState) {
  const caches = { a: new ResponseCache(), b: new ResponseCache() };
  const deliveries: Promise<void>[] = [];
  let a!: AnswerSharing;
  let b!: AnswerSharing;
  const toB = new BoundedChannel((message, done) => {
    deliveries.push(b.receive(message.frame));
    done(null);
    return true;
  });
  const toA = new BoundedChannel((message, done) => {
    deliveries.push(a.receive(message.frame));
    done(null);
    return true;
  });
  a = shareAnswers(caches.a, reader(stateA), toB);
  b = shareAnswers(caches.b, reader(stateB), toA);
  sharings.push(a, b);
  const settle = async () => {
    a.flush();
    b.flush();
    await Promise.all(deliveries);
  };
  return { caches, a, b, settle };
}

/** Asks a cache for the answer of a prepared request, counting computations. */
async function ask(cache: ResponseCache, p: PreparedAnswer, computed: { n: number }) {
  return cache.get(answerGeneration(p), answerKey(p), async () => {
    computed.n++;
    return answerFor(p.request.lat);
  });
}

describe('keyedState', () => {
  it("reads the policy, catalogue view and exposure snapshot from the end of answerKey's key", () => {
    expect(keyedState(answerKey(prepared(base)))).toEqual({
      network: 'national',
      policyVersion: 2,
      revision: 7,
      snapshotId: 'snap-7',
      exposureId: 'exp-a',
    });
    expect(keyedState(answerKey(prepared({ ...base, exposureId: null })))?.exposureId).toBeNull();
    for (const bad of ['', 'not json', '{}', '[1,2]', '["n","2",7,"s",null]'])
      expect(keyedState(bad)).toBeNull();
  });
});

describe('shareAnswers', () => {
  it('serves from the other worker’s cache, byte for byte, an answer computed by one worker', async () => {
    const { caches, a, b, settle } = pair(base, { ...base });
    const computed = { n: 0 };
    const p = prepared(base);
    const first = await ask(caches.a, p, computed);
    await settle();
    const second = await ask(caches.b, prepared(base), computed);
    expect(computed.n).toBe(1);
    expect(Buffer.from(second.gzip!).equals(Buffer.from(first.gzip!))).toBe(true);
    expect(second).toEqual(first);
    expect(caches.b.stats()).toMatchObject({ misses: 0, hits: 1, adopted: 1, adoptedHits: 1 });
    expect(a.stats().sent).toMatchObject({ answers: 1, frames: 1, droppedAnswers: 0 });
    expect(b.stats().received).toMatchObject({ answers: 1, frames: 1, otherState: 0 });
    // B did not send A's answer back: the answer reached it, it did not compute it.
    expect(b.stats().sent.answers).toBe(0);
  });

  it('gathers the answers computed within the flush delay into one frame', async () => {
    const { caches, a, b, settle } = pair(base, { ...base });
    const computed = { n: 0 };
    for (let i = 0; i < 5; i++) await ask(caches.a, prepared(base, 45 + i), computed);
    await settle();
    expect(a.stats().sent).toMatchObject({ answers: 5, frames: 1 });
    expect(caches.b.stats().adopted).toBe(5);
    expect(b.stats().received.frames).toBe(1);
  });

  it.each([
    ['a newer policy version', { policyVersion: 3 }],
    ['a newer catalogue revision', { revision: 8, snapshotId: 'snap-8' }],
    ['another snapshot at the same revision', { snapshotId: 'snap-7b' }],
    ['another exposure snapshot', { exposureId: 'exp-b' }],
    ['no exposure snapshot yet', { exposureId: null }],
  ] as const)('keeps out, both ways, answers of a worker in another state: %s', async (_what, change) => {
    const ahead: FakeState = { ...base, ...change };
    const { caches, a, b, settle } = pair(base, ahead);
    const computed = { n: 0 };
    await ask(caches.a, prepared(base), computed); // computed by A in the old state
    await ask(caches.b, prepared(ahead, 46), computed); // computed by B in the new one
    await settle();
    expect(caches.a.stats()).toMatchObject({ adopted: 0, entries: 1 });
    expect(caches.b.stats()).toMatchObject({ adopted: 0, entries: 1 });
    expect(a.stats().received.otherState).toBe(1);
    expect(b.stats().received.otherState).toBe(1);
    // Each computes the other's request itself, in its own state: nothing of the other state is served.
    await ask(caches.b, prepared(ahead), computed);
    await ask(caches.a, prepared(base, 46), computed);
    expect(computed.n).toBe(4);
    expect(caches.a.stats().adoptedHits + caches.b.stats().adoptedHits).toBe(0);
  });

  it('offers nothing while the worker has no catalogue view, and counts unreadable frames', async () => {
    const cache = new ResponseCache();
    const notReady = { ...reader(base), ready: false } as StateReader;
    const sharing = shareAnswers(cache, notReady, new BoundedChannel(() => true));
    sharings.push(sharing);
    const p = prepared(base);
    const frame = encodeAnswerFrame([
      { generation: answerGeneration(p), key: answerKey(p), encoded: answerFor(1) },
    ]);
    await sharing.receive(frame);
    await sharing.receive(frame.subarray(0, 10));
    expect(cache.stats().entries).toBe(0);
    expect(sharing.stats().received).toMatchObject({ answers: 1, otherState: 1, malformed: 1 });
  });

  it('stops sharing once stopped', async () => {
    const { caches, a, settle } = pair(base, { ...base });
    a.stop();
    await ask(caches.a, prepared(base), { n: 0 });
    await settle();
    expect(a.stats().sent.answers).toBe(0);
    expect(caches.b.stats().entries).toBe(0);
  });
});

describe('BoundedChannel', () => {
  it('drops frames rather than queue past its bound, and sends again once the pipe has drained', () => {
    const waiting: Array<(error: Error | null) => void> = [];
    const channel = new BoundedChannel((_message, done) => {
      waiting.push(done);
      return false;
    }, 10_000);
    const message = (bytes: number): AnswersMessage => ({
      type: 'detour:answers',
      frame: new Uint8Array(bytes),
    });
    expect(channel.trySend(message(4_000), 2)).toBe(true);
    expect(channel.trySend(message(4_000), 3)).toBe(true);
    expect(channel.trySend(message(4_000), 4)).toBe(false); // 12,000 bytes would be in flight
    expect(channel.inflightBytes).toBe(8_000);
    for (const done of waiting.splice(0)) done(null);
    expect(channel.inflightBytes).toBe(0);
    expect(channel.trySend(message(4_000), 4)).toBe(true);
    expect(channel.stats()).toEqual({
      frames: 3,
      answers: 9,
      bytes: 12_000,
      droppedFrames: 1,
      droppedAnswers: 4,
    });
  });

  it('counts a frame as dropped when the channel throws (a closed IPC channel)', () => {
    const channel = new BoundedChannel(() => {
      throw new Error('IPC channel closed');
    });
    expect(channel.trySend({ type: 'detour:answers', frame: new Uint8Array(10) }, 1)).toBe(false);
    expect(channel.inflightBytes).toBe(0);
    expect(channel.stats()).toMatchObject({ frames: 0, droppedFrames: 1, droppedAnswers: 1 });
  });

  it('reads the answer count from a frame header without decoding it', () => {
    const p = prepared(base);
    const one = { generation: answerGeneration(p), key: answerKey(p), encoded: answerFor(1) };
    expect(frameAnswerCount(encodeAnswerFrame([one, one, one]))).toBe(3);
    expect(frameAnswerCount(new Uint8Array(2))).toBe(0);
  });
});
