import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServer, type TestServer } from '../test/harness.js';

/** A GET that asks for gzip and hands back the raw (still encoded) body; fetch would decode it. */
function get(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the built client', () => {
  const dist = mkdtempSync(join(tmpdir(), 'samla-dist-'));
  const script = `export const words = ${JSON.stringify(Array.from({ length: 2_000 }, (_, i) => `ord${i}`))};\n`;
  let s: TestServer;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-Ab12Cd34.js"></script>');
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), script);
    s = await startServer({ env: { CLIENT_DIST: dist } });
  });

  afterAll(async () => {
    await s?.stop();
    removeDir(dist);
  });

  it('sends scripts gzipped, and lets browsers keep the hashed files for good', async () => {
    const res = await get(`${s.url}/assets/index-Ab12Cd34.js`);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.length).toBeLessThan(script.length / 3);
    expect(gunzipSync(res.body).toString()).toBe(script);
    expect(res.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
  });

  it('serves the app shell for client routes, to be revalidated every time', async () => {
    const res = await get(`${s.url}/groups/plast/boards/abc`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
