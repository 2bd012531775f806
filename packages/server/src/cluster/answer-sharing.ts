import type { AppState } from '../app-state.js';
import type { ResponseCache } from '../http/response-cache.js';
import {
  AnswerFrameError,
  answerFrameSize,
  decodeAnswerFrame,
  encodeAnswerFrame,
  type SharedAnswer,
} from './answer-frame.js';

/**
 * Answers shared between the workers of `detour serve --workers N`. Each worker keeps the answers it
 * computes in its response cache; without sharing, a repeat landing on another worker (about half of
 * them with two) is computed again there. So each worker batches the answers it computed and kept,
 * sends them to the primary as one binary frame, the primary passes the frame on to the other workers
 * untouched, and each of them offers the answers to its own cache once it has checked that their key
 * names the very state it is in.
 *
 * Sharing never queues without limit: a channel with too many bytes not yet written drops the frame
 * (the answers are computed again where they are asked, as without sharing).
 */

/** The IPC message carrying a frame of answers (worker → primary → other workers). */
export interface AnswersMessage {
  type: 'detour:answers';
  frame: Uint8Array;
}

/** How long a worker gathers computed answers before sending them as one frame (ms). */
export const SHARE_FLUSH_MS = 5;
/** A frame is sent as soon as it reaches this size, without waiting for the flush. */
export const SHARE_FRAME_BYTES = 256 * 1024;
/** Bytes a channel may hold not yet written (its pipe full) before frames to it are dropped. */
export const SHARE_INFLIGHT_BYTES = 8 * 1024 * 1024;

/** A `send` that calls back once the message is written (as process.send and worker.send do). */
export type SendWithCallback = (message: AnswersMessage, callback: (error: Error | null) => void) => boolean;

/** Counters of a bounded channel. */
export interface ChannelStats {
  frames: number;
  answers: number;
  bytes: number;
  droppedFrames: number;
  droppedAnswers: number;
}

/**
 * One IPC channel with a bound on the bytes handed to it and not yet written: past the bound a frame is
 * dropped rather than queued, so a stalled receiver costs its sender no memory.
 */
export class BoundedChannel {
  readonly #send: SendWithCallback;
  readonly #maxBytes: number;
  #inflight = 0;
  readonly #stats: ChannelStats = { frames: 0, answers: 0, bytes: 0, droppedFrames: 0, droppedAnswers: 0 };

  constructor(send: SendWithCallback, maxBytes = SHARE_INFLIGHT_BYTES) {
    this.#send = send;
    this.#maxBytes = maxBytes;
  }

  /** Sends the message unless the channel holds too much already; true when it was handed over. */
  trySend(message: AnswersMessage, answers: number): boolean {
    const bytes = message.frame.byteLength;
    if (this.#inflight + bytes > this.#maxBytes) {
      this.#stats.droppedFrames++;
      this.#stats.droppedAnswers += answers;
      return false;
    }
    this.#inflight += bytes;
    try {
      this.#send(message, () => {
        this.#inflight -= bytes;
      });
    } catch {
      // A channel closing under us (a worker exiting): the frame is lost, like a dropped one.
      this.#inflight -= bytes;
      this.#stats.droppedFrames++;
      this.#stats.droppedAnswers += answers;
      return false;
    }
    this.#stats.frames++;
    this.#stats.answers += answers;
    this.#stats.bytes += bytes;
    return true;
  }

  /** Bytes handed over and not yet written. */
  get inflightBytes(): number {
    return this.#inflight;
  }

  stats(): ChannelStats {
    return { ...this.#stats };
  }
}

/** Answers in a frame, read from its header without decoding it (what the primary relays). */
export function frameAnswerCount(frame: Uint8Array): number {
  return frame.byteLength >= 5
    ? frame[1]! | (frame[2]! << 8) | (frame[3]! << 16) | (frame[4]! * 0x1000000)
    : 0;
}

/** The state an answer's key names, read from the end of it (see answerKey in http/recommend.ts). */
export interface KeyedState {
  network: string;
  policyVersion: number;
  revision: number;
  snapshotId: string;
  exposureId: string | null;
}

/**
 * The policy, catalogue view and exposure snapshot an answer key was made under: answerKey ends with
 * [network, policy version, revision, snapshot id, exposure id]. Null when the key is not of that shape.
 */
export function keyedState(key: string): KeyedState | null {
  let parts: unknown;
  try {
    parts = JSON.parse(key);
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length < 5) return null;
  const [network, policyVersion, revision, snapshotId, exposureId] = parts.slice(-5) as unknown[];
  if (
    typeof network !== 'string' ||
    typeof policyVersion !== 'number' ||
    typeof revision !== 'number' ||
    typeof snapshotId !== 'string' ||
    (exposureId !== null && typeof exposureId !== 'string')
  )
    return null;
  return { network, policyVersion, revision, snapshotId, exposureId };
}

/** What a worker checks a shared answer against: its own live state. */
export type StateReader = Pick<AppState, 'ready' | 'view' | 'exposure' | 'policy'>;

/** Counters of what a worker did with the answers it received. */
export interface ReceivedStats {
  frames: number;
  answers: number;
  /** Not offered: their key names a policy, catalogue view or exposure snapshot this worker is not in. */
  otherState: number;
  malformed: number;
}

export interface AnswerSharing {
  /** Reads a frame sent by another worker and offers its answers to the cache (those of this state only). */
  receive(frame: Uint8Array): Promise<void>;
  /** Sends what is gathered now (tests, shutdown). */
  flush(): void;
  /** Stops gathering (pending answers are dropped) and detaches from the cache. */
  stop(): void;
  stats(): { sent: ChannelStats; received: ReceivedStats };
}

/**
 * Wires a worker's response cache to the others: the answers it computes and keeps are gathered for
 * SHARE_FLUSH_MS (or up to SHARE_FRAME_BYTES) and sent as one frame through `channel`; frames received
 * are offered to the cache, each answer only if its key names this worker's current state.
 */
export function shareAnswers(
  cache: ResponseCache,
  state: StateReader,
  channel: BoundedChannel,
): AnswerSharing {
  let pending: SharedAnswer[] = [];
  let pendingBytes = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const received: ReceivedStats = { frames: 0, answers: 0, otherState: 0, malformed: 0 };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const answers = pending;
    pending = [];
    pendingBytes = 0;
    channel.trySend({ type: 'detour:answers', frame: encodeAnswerFrame(answers) }, answers.length);
  };

  cache.onComputed((generation, key, encoded) => {
    if (stopped) return;
    const answer = { generation, key, encoded };
    pending.push(answer);
    pendingBytes += answerFrameSize([answer]);
    if (pendingBytes >= SHARE_FRAME_BYTES) flush();
    else if (!timer) {
      timer = setTimeout(flush, SHARE_FLUSH_MS);
      timer.unref();
    }
  });

  /** Whether this worker, now, would make `key` for a request: same policy, view and exposure snapshot. */
  const inState = async (answer: SharedAnswer): Promise<boolean> => {
    const keyed = keyedState(answer.key);
    if (!keyed || keyed.revision !== answer.generation.revision || !state.ready) return false;
    const policy = await state.policy(keyed.network);
    // Read after the await: the view or exposure snapshot may have moved meanwhile.
    const view = state.view();
    return (
      policy?.version === keyed.policyVersion &&
      view.revision === keyed.revision &&
      view.index.snapshotId === keyed.snapshotId &&
      (state.exposure(keyed.network)?.id ?? null) === keyed.exposureId
    );
  };

  return {
    async receive(frame) {
      if (stopped) return;
      let answers: SharedAnswer[];
      try {
        answers = decodeAnswerFrame(frame);
      } catch (error) {
        if (error instanceof AnswerFrameError) {
          received.malformed++;
          return;
        }
        throw error;
      }
      received.frames++;
      received.answers += answers.length;
      for (const answer of answers) {
        if (await inState(answer)) cache.offer(answer.generation, answer.key, answer.encoded);
        else received.otherState++;
      }
    },
    flush,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
      cache.onComputed(null);
    },
    stats: () => ({ sent: channel.stats(), received: { ...received } }),
  };
}
