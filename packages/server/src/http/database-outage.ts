import type { Logger } from './log.js';

/** Node socket errors meaning the database server cannot be reached (not a bad query). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/**
 * Whether an error says the database is unreachable or shutting down, rather than that a query is
 * wrong: socket errors, SQLSTATE class 08 (connection exception), 57P01–57P03 (administrator or crash
 * shutdown, cannot connect now), and node-postgres's own connection messages.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)) return true;
  }
  if (
    /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection refused/i.test(
      error.message,
    )
  ) {
    return true;
  }
  const errors = (error as { errors?: unknown }).errors;
  // AggregateError (a host name resolving to several addresses, all refused).
  return Array.isArray(errors) && errors.some(isDatabaseUnavailable);
}

/** Seconds a client is told to wait (Retry-After) while the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 5;

/**
 * What one replica knows of its database: up until a request or a probe fails to reach it. One log
 * line when an outage starts and one when it ends, however many requests fail in between (a stack per
 * request would bury the logs during an outage).
 */
export class DatabaseHealth {
  readonly #log: Logger;
  #downSince: number | null = null;
  #lastError = '';

  constructor(log: Logger) {
    this.#log = log;
  }

  get up(): boolean {
    return this.#downSince === null;
  }

  /** The database could not be reached. */
  failed(error: unknown): void {
    if (this.#downSince !== null) return;
    this.#downSince = Date.now();
    this.#lastError = error instanceof Error ? error.message : String(error);
    this.#log.warn('database unavailable', { error: this.#lastError });
  }

  /** The database answered. */
  succeeded(): void {
    if (this.#downSince === null) return;
    const downMs = Date.now() - this.#downSince;
    this.#downSince = null;
    this.#log.info('database reachable again', { downMs });
  }
}
