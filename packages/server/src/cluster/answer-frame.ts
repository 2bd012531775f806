import type { EncodedJson } from '../http/encoded-json.js';
import type { Generation } from '../http/response-cache.js';

/**
 * The binary frame in which a worker hands the answers it computed to the other workers (through the
 * primary, over node:cluster's IPC channel with 'advanced' serialisation, which carries a Uint8Array as
 * raw bytes). One frame holds a batch of answers, each with its generation, its cache key and its
 * encoded bodies exactly as they are sent to clients: no JSON, no base64, one copy in and one out.
 *
 * Layout (little-endian): u8 version, u32 answer count, then per answer
 *   f64 clockMs · f64 revision · u32 key bytes · u16 ETag bytes · u32 JSON length ·
 *   i32 gzip bytes (−1: none) · i32 plain bytes (−1: none) · key (UTF-8) · ETag (UTF-8) · gzip · plain
 */

/** One answer as shared between workers. */
export interface SharedAnswer {
  generation: Generation;
  key: string;
  encoded: EncodedJson;
}

/** A frame that is not one `encodeAnswerFrame` wrote (truncated, another version, lengths out of bounds). */
export class AnswerFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerFrameError';
  }
}

const VERSION = 1;
const FRAME_HEAD = 1 + 4;
const ANSWER_HEAD = 8 + 8 + 4 + 2 + 4 + 4 + 4;
const NONE = -1;

/** Bytes the frame of these answers takes (also what the sender counts against its bound). */
export function answerFrameSize(answers: readonly SharedAnswer[]): number {
  let size = FRAME_HEAD;
  for (const a of answers)
    size +=
      ANSWER_HEAD +
      Buffer.byteLength(a.key) +
      Buffer.byteLength(a.encoded.etag) +
      (a.encoded.gzip?.byteLength ?? 0) +
      (a.encoded.plain?.byteLength ?? 0);
  return size;
}

/** Writes answers into one frame (see the layout above). */
export function encodeAnswerFrame(answers: readonly SharedAnswer[]): Buffer {
  const out = Buffer.allocUnsafe(answerFrameSize(answers));
  out.writeUInt8(VERSION, 0);
  out.writeUInt32LE(answers.length, 1);
  let at = FRAME_HEAD;
  for (const { generation, key, encoded } of answers) {
    const keyBytes = Buffer.byteLength(key);
    const etagBytes = Buffer.byteLength(encoded.etag);
    if (etagBytes > 0xffff) throw new RangeError('an ETag longer than 65,535 bytes cannot be framed');
    out.writeDoubleLE(generation.clockMs, at);
    out.writeDoubleLE(generation.revision, at + 8);
    out.writeUInt32LE(keyBytes, at + 16);
    out.writeUInt16LE(etagBytes, at + 20);
    out.writeUInt32LE(encoded.length, at + 22);
    out.writeInt32LE(encoded.gzip ? encoded.gzip.byteLength : NONE, at + 26);
    out.writeInt32LE(encoded.plain ? encoded.plain.byteLength : NONE, at + 30);
    at += ANSWER_HEAD;
    at += out.write(key, at, 'utf8');
    at += out.write(encoded.etag, at, 'utf8');
    if (encoded.gzip) {
      out.set(encoded.gzip, at);
      at += encoded.gzip.byteLength;
    }
    if (encoded.plain) {
      out.set(encoded.plain, at);
      at += encoded.plain.byteLength;
    }
  }
  return out;
}

/**
 * Reads a frame back into answers. Bodies are copied into buffers of their own: a received frame is a
 * view into the channel's read buffer, which a kept slice would pin. Throws AnswerFrameError on a
 * frame it cannot read whole.
 */
export function decodeAnswerFrame(frame: Uint8Array): SharedAnswer[] {
  const buf = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (buf.byteLength < FRAME_HEAD) throw new AnswerFrameError('frame shorter than its header');
  const version = buf.readUInt8(0);
  if (version !== VERSION) throw new AnswerFrameError(`frame version ${version}, expected ${VERSION}`);
  const count = buf.readUInt32LE(1);
  const answers: SharedAnswer[] = [];
  let at = FRAME_HEAD;
  const take = (n: number): number => {
    if (n < 0 || at + n > buf.byteLength) throw new AnswerFrameError('frame truncated');
    const start = at;
    at += n;
    return start;
  };
  for (let i = 0; i < count; i++) {
    const head = take(ANSWER_HEAD);
    const clockMs = buf.readDoubleLE(head);
    const revision = buf.readDoubleLE(head + 8);
    const keyBytes = buf.readUInt32LE(head + 16);
    const etagBytes = buf.readUInt16LE(head + 20);
    const length = buf.readUInt32LE(head + 22);
    const gzipBytes = buf.readInt32LE(head + 26);
    const plainBytes = buf.readInt32LE(head + 30);
    if (gzipBytes < NONE || plainBytes < NONE) throw new AnswerFrameError('negative body length');
    const k = take(keyBytes);
    const key = buf.toString('utf8', k, k + keyBytes);
    const e = take(etagBytes);
    const etag = buf.toString('utf8', e, e + etagBytes);
    const copy = (n: number): Uint8Array<ArrayBuffer> | null => {
      if (n === NONE) return null;
      const start = take(n);
      return new Uint8Array(buf.subarray(start, start + n));
    };
    const gzip = copy(gzipBytes);
    const plain = copy(plainBytes);
    answers.push({ generation: { clockMs, revision }, key, encoded: { etag, length, gzip, plain } });
  }
  if (at !== buf.byteLength) throw new AnswerFrameError('bytes left over after the last answer');
  return answers;
}
