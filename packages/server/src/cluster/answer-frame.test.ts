import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeJson } from '../http/encoded-json.js';
import {
  AnswerFrameError,
  answerFrameSize,
  decodeAnswerFrame,
  encodeAnswerFrame,
  type SharedAnswer,
} from './answer-frame.js';

const big = encodeJson({
  items: Array.from({ length: 60 }, (_, i) => ({ i, title: `Spectacle « ${i} » à l’affiche` })),
});
const small = encodeJson({ ok: true });

const answers: SharedAnswer[] = [
  {
    generation: { clockMs: Date.parse('2026-11-25T20:05:00Z'), revision: 42 },
    key: '[null,{"lat":47.39,"lon":0.69,"now":"2026-11-25T20:05:00.000Z"},"détour",3,42,"snap-é","exp-1"]',
    encoded: big,
  },
  { generation: { clockMs: 0, revision: 2 ** 40 }, key: 'k', encoded: small },
];

describe('answer frames', () => {
  it('round-trips answers with gzip or plain bodies, byte for byte, in the size it announces', () => {
    expect(big.gzip).not.toBeNull();
    expect(small.plain).not.toBeNull();
    const frame = encodeAnswerFrame(answers);
    expect(frame.byteLength).toBe(answerFrameSize(answers));
    const back = decodeAnswerFrame(frame);
    expect(back).toEqual(answers);
    expect(Buffer.from(back[0]!.encoded.gzip!).equals(Buffer.from(big.gzip!))).toBe(true);
    expect(back[0]!.encoded.plain).toBeNull();
    expect(back[1]!.encoded.gzip).toBeNull();
    expect(decodeAnswerFrame(encodeAnswerFrame([]))).toEqual([]);
  });

  it('carries the bodies as raw bytes: the frame is about the size of the answers, not base64 of them', () => {
    const frame = encodeAnswerFrame([answers[0]!]);
    const payload = big.gzip!.byteLength + Buffer.byteLength(answers[0]!.key) + big.etag.length;
    expect(frame.byteLength - payload).toBeLessThan(64);
  });

  it('copies each body out of the frame into a buffer of its own, so a kept answer pins nothing', () => {
    // A received frame is a view into a larger read buffer.
    const frame = encodeAnswerFrame(answers);
    const pipe = new Uint8Array(frame.byteLength + 100);
    pipe.set(frame, 50);
    const back = decodeAnswerFrame(pipe.subarray(50, 50 + frame.byteLength));
    const gzip = back[0]!.encoded.gzip!;
    expect(gzip.buffer.byteLength).toBe(gzip.byteLength);
    pipe.fill(0);
    expect(Buffer.from(gzip).equals(Buffer.from(big.gzip!))).toBe(true);
  });

  it('rejects a truncated frame, another version, and bytes left over, with an AnswerFrameError', () => {
    const frame = encodeAnswerFrame(answers);
    for (const cut of [0, 3, 5, 20, frame.byteLength - 1])
      expect(() => decodeAnswerFrame(frame.subarray(0, cut))).toThrow(AnswerFrameError);
    const other = Buffer.from(frame);
    other[0] = 2;
    expect(() => decodeAnswerFrame(other)).toThrow(/version 2/);
    expect(() => decodeAnswerFrame(Buffer.concat([frame, Buffer.from([0])]))).toThrow(/left over/);
    const lying = Buffer.from(frame);
    lying.writeUInt32LE(3, 1); // announces one answer more than it holds
    expect(() => decodeAnswerFrame(lying)).toThrow(AnswerFrameError);
  });

  it('round-trips any keys, ETags, lengths and bodies', () => {
    const body = fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null });
    const answer = fc.record({
      generation: fc.record({
        clockMs: fc.integer({ min: 0, max: 2 ** 45 }),
        revision: fc.integer({ min: 0, max: 2 ** 40 }),
      }),
      key: fc.string({ unit: 'grapheme', maxLength: 80 }),
      encoded: fc.record({
        etag: fc.string({ maxLength: 40 }),
        length: fc.nat(),
        gzip: body,
        plain: body,
      }),
    });
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 5 }), (list) => {
        const normalised = list.map((a) => ({
          ...a,
          encoded: {
            ...a.encoded,
            gzip: a.encoded.gzip && new Uint8Array(a.encoded.gzip),
            plain: a.encoded.plain && new Uint8Array(a.encoded.plain),
          },
        }));
        expect(decodeAnswerFrame(encodeAnswerFrame(normalised))).toEqual(normalised);
      }),
    );
  });
});
