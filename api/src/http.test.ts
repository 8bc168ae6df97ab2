import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test/server.js';

let server: TestServer;
const webDir = mkdtempSync(path.join(tmpdir(), 'verdi-web-'));

beforeAll(async () => {
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Verdi</title><div id="app"></div>');
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log("verdi");\n'.repeat(200));
  server = await startTestServer({ webDir });
});
afterAll(async () => {
  await server?.stop();
});

describe('the HTTP server', () => {
  it('answers /healthz with 200 while the database answers, and 503 when it does not', async () => {
    const ok = await fetch(`${server.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok' });

    const broken = await startTestServer();
    await broken.db.orm.close(true);
    const down = await fetch(`${broken.url}/healthz`);
    expect(down.status).toBe(503);
    await broken.app.stop();
    await broken.db.drop().catch(() => undefined);
  });

  it('serves the web app, with a history fallback for client-side routes', async () => {
    const page = await fetch(`${server.url}/projects/some/deep/link`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missingAsset = await fetch(`${server.url}/assets/nope.js`, { headers: { accept: '*/*' } });
    expect(missingAsset.status).toBe(404);
    // A missing file with a dot is a 404 anywhere else, but mailed links carry tokens with a dot and are pages.
    const missingFile = await fetch(`${server.url}/favicon-old.png`, { headers: { accept: 'text/html' } });
    expect(missingFile.status).toBe(404);
    for (const link of ['/i/inv.AbC-123_x', '/u/out.AbC-123_x']) {
      const personal = await fetch(`${server.url}${link}`, { headers: { accept: 'text/html' } });
      expect(personal.status, link).toBe(200);
      expect(await personal.text()).toContain('<div id="app">');
    }
    const deeper = await fetch(`${server.url}/i/inv.x/y.js`, { headers: { accept: 'text/html' } });
    expect(deeper.status).toBe(404);
  });

  it('sends scripts and GraphQL answers gzip-compressed to clients that accept it', async () => {
    const gzip = { 'accept-encoding': 'gzip' };
    const asset = await fetch(`${server.url}/assets/app.js`, { headers: gzip });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(await asset.text()).toBe('console.log("verdi");\n'.repeat(200));
    const answer = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { ...gzip, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { types { name description } } }' }),
    });
    expect(answer.headers.get('content-encoding')).toBe('gzip');
    expect(((await answer.json()) as { data: { __schema: unknown } }).data.__schema).toBeTruthy();
    const plain = await fetch(`${server.url}/assets/app.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('blocks a cross-site GET without a CSRF-safe header', async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ projects { id } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });

  it('answers GET queries that carry a content type or a preflight header', async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ projects { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/graphql-response+json');
  });

  it('refuses mutations over GET', async () => {
    const response = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('mutation { createProject(input: {name: "x", organisation: "y"}) { id } }')}`,
      { headers: { 'apollo-require-preflight': 'true' } },
    );
    expect(response.status).toBe(405);
  });

  it('answers a malformed document with 400 and GRAPHQL_PARSE_FAILED', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ projects { id ' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('passes every MUST of the GraphQL over HTTP audits', async () => {
    const audits = serverAudits({
      url: `${server.url}/graphql`,
      // Apollo's CSRF prevention rejects GETs without a preflight header; a same-site client always sends one.
      fetchFn: (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
        fetch(input, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), 'apollo-require-preflight': 'true' },
        }),
    });
    const failures: string[] = [];
    for (const audit of audits) {
      if (!audit.name.startsWith('MUST')) continue;
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });

  describe('rejects abusive documents before running them', () => {
    const post = (query: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
    const nested = (depth: number): string =>
      depth === 0 ? 'id' : `memberships { project { ${nested(depth - 1)} } }`;

    it('too deep', async () => {
      const response = await post(`{ projects { ${nested(6)} } }`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors[0]!.message).toMatch(/depth/i);
    });

    it('too many aliases', async () => {
      const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ');
      const body = (await (await post(`{ ${aliases} }`)).json()) as { errors: { message: string }[] };
      expect(body.errors[0]!.message).toMatch(/aliases/i);
    });

    it('too costly', async () => {
      const fields = 'id name slug organisation description createdAt updatedAt';
      // Within the depth and alias limits, but each alias fetches a wide tree several levels down.
      const tree = (depth: number): string =>
        depth === 0
          ? fields
          : `${fields} memberships { role user { id name } project { ${tree(depth - 1)} } }`;
      const wide = Array.from({ length: 15 }, (_, i) => `p${i}: projects { ${tree(5)} }`).join(' ');
      const body = (await (await post(`{ ${wide} }`)).json()) as { errors: { message: string }[] };
      expect(body.errors[0]!.message).toMatch(/cost/i);
    });

    it('too many tokens', async () => {
      const response = await post(`{ me { ${'id '.repeat(5001)} } }`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(body.errors[0]!.message).toMatch(/tokens/i);
    });

    it("while the web client's own operations stay well inside the limits", async () => {
      const { clientOperations } = await import('./test/operations.js');
      for (const [name, document] of clientOperations()) {
        const body = (await (await post(document)).json()) as { errors?: { extensions: { code: string } }[] };
        const codes = (body.errors ?? []).map((e) => e.extensions.code);
        expect(codes, name).not.toContain('GRAPHQL_VALIDATION_FAILED');
        expect(codes, name).not.toContain('GRAPHQL_PARSE_FAILED');
      }
    });
  });
});
