import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, fallbackOrigin, loadConfig } from './config.js';

describe('configuration', () => {
  it('has defaults that run on a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, mongodbUri: undefined, wsMaxPayload: 1024 * 1024, admin: undefined });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('names the offending variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^invalid configuration: PORT: /);
    expect(() => loadConfig({ SAMLA_ADMIN_EMAIL: 'a@b.se' })).toThrow(/SAMLA_ADMIN_PASSWORD/);
  });

  it('reads ALLOWED_HOSTS as a list of host[:port] and refuses URLs in it', () => {
    expect(loadConfig({}).allowedHosts).toEqual([]);
    expect(loadConfig({ ALLOWED_HOSTS: ' Samla.example.se, intern:8080,' }).allowedHosts).toEqual(['samla.example.se', 'intern:8080']);
    expect(() => loadConfig({ ALLOWED_HOSTS: 'https://samla.example.se' })).toThrow(/^invalid configuration: ALLOWED_HOSTS.0: /);
  });

  it('reads TRUST_PROXY as Express takes it, and cluster mode only with a shared store', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'uniquelocal, 203.0.113.0/24' }).trustProxy).toEqual(['uniquelocal', '203.0.113.0/24']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/^invalid configuration: TRUST_PROXY/);
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/REDIS_URL \(cluster mode\) needs MONGODB_URI/);
    expect(() => loadConfig({ REDIS_URL: '127.0.0.1:6379', MONGODB_URI: 'mongodb://x/' })).toThrow(/^invalid configuration: REDIS_URL/);
    expect(loadConfig({ REDIS_URL: 'redis://r:6379', MONGODB_URI: 'mongodb://x/' }).redisUrl).toBe('redis://r:6379');
  });

  it('derives the links\' fallback origin from HOST and the port', () => {
    expect(fallbackOrigin('0.0.0.0', 3000)).toBe('http://localhost:3000');
    expect(fallbackOrigin('::', 3000)).toBe('http://localhost:3000');
    expect(fallbackOrigin('127.0.0.1', 4321)).toBe('http://127.0.0.1:4321');
    expect(fallbackOrigin('::1', 80)).toBe('http://[::1]:80');
  });

  it('turns PUBLIC_URL https into secure cookies', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://samla.example.se/' })).toMatchObject({
      publicUrl: 'https://samla.example.se',
      cookieSecure: true,
    });
  });
});

describe('starting the server with bad settings', () => {
  const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', entry], {
      env: { PATH: process.env.PATH!, DATA_DIR: mkdtempSync(join(tmpdir(), 'samla-cfg-')), PORT: '0', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it.each([
    ['a malformed port', { PORT: 'tre tusen' }, /^samla: invalid configuration: PORT: /],
    ['a malformed MONGODB_URI', { MONGODB_URI: 'inte-en-uri' }, /^samla: could not start: /],
    ['an unreachable MongoDB', { MONGODB_URI: 'mongodb://127.0.0.1:1/', MONGODB_DB: 'x' }, /^samla: could not start: /],
  ])('exits 1 with one readable line for %s', (_what, env, line) => {
    const r = start(env);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });
});
