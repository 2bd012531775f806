/**
 * Server configuration from environment variables, each with a documented default, so that several
 * instances can run side by side (another PORT, another DETOUR_DATA_DIR).
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  /** PORT — TCP port; 0 picks a free one. Default 8787. */
  port: number;
  /** HOST — interface to listen on. Default 127.0.0.1 (local only). */
  host: string;
  /** DETOUR_DATA_DIR — where the embedded database and keys live. Default ./data. */
  dataDir: string;
  /** DATABASE_URL — when set, passed to the store (PostgreSQL); otherwise the embedded SQLite file. */
  databaseUrl: string | null;
  /** DETOUR_NETWORK — the network whose policy applies when a request names none. Default 'national'. */
  network: string;
  /** DETOUR_CORS_ORIGINS — comma-separated allowed origins, or '*'. Default '*'. */
  corsOrigins: string[] | '*';
  /** DETOUR_LOG — debug, info, warn, error or silent. Default info. */
  logLevel: LogLevel;
}

/** The variables read, their defaults and meaning, as listed in the README. */
export const CONFIG_VARIABLES = [
  { name: 'PORT', default: '8787', meaning: 'port HTTP (0 : un port libre)' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'interface d’écoute' },
  { name: 'DETOUR_DATA_DIR', default: './data', meaning: 'dossier de la base embarquée et des clés' },
  { name: 'DATABASE_URL', default: '(vide)', meaning: 'base PostgreSQL ; vide : SQLite embarqué' },
  { name: 'DETOUR_NETWORK', default: 'national', meaning: 'réseau dont la politique s’applique par défaut' },
  { name: 'DETOUR_CORS_ORIGINS', default: '*', meaning: 'origines autorisées, séparées par des virgules' },
  { name: 'DETOUR_LOG', default: 'info', meaning: 'niveau de journal : debug, info, warn, error, silent' },
] as const;

/** A configuration value that cannot be used, named after its variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

function parsePort(variable: string, raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(variable, `must be a port number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parseOrigins(raw: string): string[] | '*' {
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0 || list.includes('*')) return '*';
  for (const origin of list) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError('DETOUR_CORS_ORIGINS', `"${origin}" is not an origin like https://example.org`);
    }
  }
  return list;
}

/** Reads the configuration from an environment (process.env by default); throws ConfigError on a bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const level = (env.DETOUR_LOG ?? 'info').trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError('DETOUR_LOG', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const network = (env.DETOUR_NETWORK ?? 'national').trim();
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(network)) {
    throw new ConfigError('DETOUR_NETWORK', 'must be a lower-case slug (letters, digits, dashes)');
  }
  return {
    port: env.PORT ? parsePort('PORT', env.PORT) : 8787,
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: env.DETOUR_DATA_DIR?.trim() || './data',
    databaseUrl: env.DATABASE_URL?.trim() || null,
    network,
    corsOrigins: parseOrigins(env.DETOUR_CORS_ORIGINS ?? '*'),
    logLevel: level as LogLevel,
  };
}
