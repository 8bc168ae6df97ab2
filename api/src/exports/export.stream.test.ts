import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { send, streamCsv } from './export.routes.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('streaming an export to a slow client', () => {
  it('waits for the socket to drain again and again, and leaves no listener behind', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const seen: { full: number; listeners: Record<string, number>; before: Record<string, number> } = {
      full: 0,
      listeners: {},
      before: {},
    };
    const count = (res: NodeJS.EventEmitter) =>
      Object.fromEntries(['drain', 'close', 'error', 'finish'].map((e) => [e, res.listenerCount(e)]));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    server = createServer((_req, res) => {
      void (async () => {
        res.on('drain', () => seen.full++);
        seen.before = count(res);
        for (let i = 0; i < 160; i++) await send(res, chunk);
        seen.listeners = count(res);
        res.end();
      })();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    // The client reads a chunk, then pauses: the server's writes fill the socket and must wait, many times over.
    const received = await new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/' }, (response) => {
        let bytes = 0;
        response.on('data', (data: Buffer) => {
          bytes += data.length;
          response.pause();
          setTimeout(() => response.resume(), 1);
        });
        response.on('end', () => resolve(bytes));
        response.on('error', reject);
      }).on('error', reject);
    });
    process.off('warning', onWarning);

    expect(received).toBe(160 * chunk.length);
    expect(seen.full).toBeGreaterThan(20);
    expect(seen.listeners).toEqual(seen.before);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('pipes a CSV no faster than the client reads, and adds no listener per row', async () => {
    const row = Buffer.from(`${'y'.repeat(64 * 1024 - 1)}\n`);
    const count = (res: NodeJS.EventEmitter) =>
      Object.fromEntries(
        ['drain', 'close', 'error', 'finish', 'unpipe'].map((e) => [e, res.listenerCount(e)]),
      );
    const seen: { first?: Record<string, number>; last?: Record<string, number>; ahead: number } = {
      ahead: 0,
    };
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    let produced = 0;
    let received = 0;
    server = createServer((_req, res) => {
      async function* rows() {
        for (let i = 0; i < 400; i++) {
          produced += row.length;
          // Backpressure: the rows are made only as fast as the client takes them, give or take the buffers between.
          seen.ahead = Math.max(seen.ahead, produced - received);
          if (i === 1) seen.first = count(res);
          if (i === 399) seen.last = count(res);
          yield row;
        }
      }
      void streamCsv(res, ['x'], rows());
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/' }, (response) => {
        response.on('data', (data: Buffer) => {
          received += data.length;
          response.pause();
          setTimeout(() => response.resume(), 1);
        });
        response.on('end', () => resolve());
        response.on('error', reject);
      }).on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('warning', onWarning);

    expect(received).toBe(2 + 400 * row.length);
    // Without backpressure all 25 MiB would be made at once; socket buffers on loopback hold a few MiB.
    expect(seen.ahead).toBeLessThan(12 * 2 ** 20);
    // The pipeline holds a fixed few listeners on the response for its whole life; none is added per row or wait.
    expect(seen.last).toEqual(seen.first);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
