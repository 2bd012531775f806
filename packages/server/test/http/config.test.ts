import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      dataDir: './data',
      databaseUrl: null,
      network: 'national',
      corsOrigins: '*',
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DETOUR_DATA_DIR: '/var/lib/detour',
      DATABASE_URL: 'postgres://localhost/detour',
      DETOUR_NETWORK: 'region-centre',
      DETOUR_CORS_ORIGINS: 'https://a.example, https://b.example:8443',
      DETOUR_LOG: 'WARN',
    });
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/detour',
      databaseUrl: 'postgres://localhost/detour',
      network: 'region-centre',
      corsOrigins: ['https://a.example', 'https://b.example:8443'],
      logLevel: 'warn',
    });
  });

  it('rejects unusable values, naming the variable', () => {
    const bad: Array<[Record<string, string>, string]> = [
      [{ PORT: '80a' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ DETOUR_LOG: 'loud' }, 'DETOUR_LOG'],
      [{ DETOUR_CORS_ORIGINS: 'a.example/path' }, 'DETOUR_CORS_ORIGINS'],
      [{ DETOUR_NETWORK: 'Mon Réseau' }, 'DETOUR_NETWORK'],
    ];
    for (const [env, variable] of bad) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      try {
        loadConfig(env);
      } catch (error) {
        expect((error as ConfigError).variable).toBe(variable);
      }
    }
  });

  it('treats a * among the CORS origins as any origin', () => {
    expect(loadConfig({ DETOUR_CORS_ORIGINS: 'https://a.example,*' }).corsOrigins).toBe('*');
  });
});
