import { ConfigError } from '../../config.js';
import { parseTrustProxy, TRUST_NO_PROXY, type TrustProxy } from './client-address.js';

/**
 * Protection settings, from environment variables with documented defaults (SECURITY.md lists them).
 * A limit of `null` means the protection is turned off by configuration.
 */
export interface SecurityConfig {
  /** DETOUR_RATE_LIMIT — requests per minute per client address (burst: as many at once). Default 600; `off`. */
  perAddressPerMinute: number | null;
  /** DETOUR_RATE_LIMIT_KEY — imports per minute per API key (burst: as many at once). Default 30; `off`. */
  perKeyPerMinute: number | null;
  /**
   * DETOUR_TRUST_PROXY — the number of proxies in front (nginx: 1; a CDN then nginx: 2) or the list of
   * their addresses/CIDRs: the client address is read from X-Forwarded-For that far, no further.
   * Default 0: the socket's address (see client-address.ts).
   */
  trustProxy: TrustProxy;
  /** DETOUR_REQUEST_TIMEOUT_MS — longest a request may take before a 503. Default 15 000. */
  requestTimeoutMs: number;
  /** DETOUR_IMPORT_TIMEOUT_MS — the same for `POST /v1/imports` (whole files). Default 120 000. */
  importTimeoutMs: number;
  /** Deepest nesting of a JSON body (objects and arrays). 32; JSON-LD imports 64. Not configurable. */
  maxJsonDepth: number;
  maxImportJsonDepth: number;
}

export const DEFAULT_SECURITY: SecurityConfig = {
  perAddressPerMinute: 600,
  perKeyPerMinute: 30,
  trustProxy: TRUST_NO_PROXY,
  requestTimeoutMs: 15_000,
  importTimeoutMs: 120_000,
  maxJsonDepth: 32,
  maxImportJsonDepth: 64,
};

/** The variables read, their defaults and meaning (for the README and SECURITY.md). */
export const SECURITY_VARIABLES = [
  {
    name: 'DETOUR_RATE_LIMIT',
    default: '600',
    meaning: 'requêtes par minute et par adresse cliente (rafale : autant) ; off : pas de limite',
  },
  {
    name: 'DETOUR_RATE_LIMIT_KEY',
    default: '30',
    meaning: 'imports par minute et par clé d’API ; off : pas de limite',
  },
  {
    name: 'DETOUR_TRUST_PROXY',
    default: '0',
    meaning:
      'nombre de proxys devant le serveur (nginx : 1 ; CDN puis nginx : 2) ou liste de leurs adresses/CIDR : l’adresse cliente est lue dans X-Forwarded-For jusque-là',
  },
  {
    name: 'DETOUR_REQUEST_TIMEOUT_MS',
    default: '15000',
    meaning: 'durée maximale d’une requête (503 au-delà)',
  },
  {
    name: 'DETOUR_IMPORT_TIMEOUT_MS',
    default: '120000',
    meaning: 'durée maximale d’un import POST /v1/imports',
  },
] as const;

function perMinute(variable: string, raw: string | undefined, fallback: number | null): number | null {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'off') return null;
  // 0 is refused rather than read as "off" or "nothing allowed": the two readings are opposite.
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000) {
    throw new ConfigError(
      variable,
      `must be "off" or a number of requests per minute between 1 and 1000000, got "${raw}"`,
    );
  }
  return Number(value);
}

function milliseconds(variable: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 100 || Number(raw) > 3_600_000) {
    throw new ConfigError(
      variable,
      `must be a duration in milliseconds between 100 and 3600000, got "${raw}"`,
    );
  }
  return Number(raw);
}

/** Reads the protection settings from an environment; throws ConfigError on a value that cannot be used. */
export function loadSecurityConfig(env: Record<string, string | undefined> = process.env): SecurityConfig {
  const trust = parseTrustProxy(env.DETOUR_TRUST_PROXY);
  if (typeof trust === 'string') throw new ConfigError('DETOUR_TRUST_PROXY', trust);
  return {
    ...DEFAULT_SECURITY,
    perAddressPerMinute: perMinute(
      'DETOUR_RATE_LIMIT',
      env.DETOUR_RATE_LIMIT,
      DEFAULT_SECURITY.perAddressPerMinute,
    ),
    perKeyPerMinute: perMinute(
      'DETOUR_RATE_LIMIT_KEY',
      env.DETOUR_RATE_LIMIT_KEY,
      DEFAULT_SECURITY.perKeyPerMinute,
    ),
    trustProxy: trust,
    requestTimeoutMs: milliseconds(
      'DETOUR_REQUEST_TIMEOUT_MS',
      env.DETOUR_REQUEST_TIMEOUT_MS,
      DEFAULT_SECURITY.requestTimeoutMs,
    ),
    importTimeoutMs: milliseconds(
      'DETOUR_IMPORT_TIMEOUT_MS',
      env.DETOUR_IMPORT_TIMEOUT_MS,
      DEFAULT_SECURITY.importTimeoutMs,
    ),
  };
}
