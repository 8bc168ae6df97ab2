import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { countNewlines, useExportDownload, type ExportDownloadOptions } from './useExportDownload';

const encoder = new TextEncoder();

/** A streamed response whose chunks the test pushes one at a time, as a slow server would send them. */
function streamedResponse(headers: Record<string, string>) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    response: new Response(body, { status: 200, headers }),
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

function setUp(fetchFile: ExportDownloadOptions['fetch']) {
  const saved: { blob: Blob; filename: string }[] = [];
  const scope = effectScope();
  const download = scope.run(() =>
    useExportDownload({ fetch: fetchFile, save: (blob, filename) => saved.push({ blob, filename }) }),
  )!;
  scopes.push(scope);
  return { ...download, saved };
}

const scopes: ReturnType<typeof effectScope>[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.stop();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('countNewlines', () => {
  it('counts line feeds in bytes, whatever the text around them', () => {
    expect(countNewlines(encoder.encode(''))).toBe(0);
    expect(countNewlines(encoder.encode('a,b\n1,"æ\nø"\n\n'))).toBe(4);
    expect(countNewlines(encoder.encode('no break'))).toBe(0);
  });
});

describe('useExportDownload', () => {
  it('reports bytes and lines as chunks arrive, then saves the file under the server’s name', async () => {
    const stream = streamedResponse({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="verdi_p_alle-runder_2026-11-23_data-wide.csv"',
    });
    const fetchFile = vi.fn(() => Promise.resolve(stream.response));
    const { progress, busy, current, download, saved } = setUp(fetchFile);

    const done = download([{ file: 'data-wide.csv', url: '/exports/p/data-wide.csv' }]);
    await tick();
    expect(busy.value).toBe(true);
    expect(current.value).toBe('data-wide.csv');
    expect(fetchFile).toHaveBeenCalledWith('/exports/p/data-wide.csv', expect.objectContaining({}));

    stream.push('response,round,v_trust\n1,Oppstart,');
    await tick();
    expect(progress['data-wide.csv']).toMatchObject({ status: 'downloading', bytes: 34, lines: 1 });

    stream.push('4\n2,Oppstart,-7\n');
    await tick();
    expect(progress['data-wide.csv']).toMatchObject({ bytes: 50, lines: 3 });

    stream.end();
    await done;
    expect(busy.value).toBe(false);
    expect(progress['data-wide.csv']).toMatchObject({
      status: 'done',
      bytes: 50,
      lines: 3,
      filename: 'verdi_p_alle-runder_2026-11-23_data-wide.csv',
    });
    expect(saved).toHaveLength(1);
    expect(saved[0]?.filename).toBe('verdi_p_alle-runder_2026-11-23_data-wide.csv');
    expect(await saved[0]?.blob.text()).toBe('response,round,v_trust\n1,Oppstart,4\n2,Oppstart,-7\n');
    expect(saved[0]?.blob.type).toBe('text/csv; charset=utf-8');
  });

  it('counts no lines for files that are not CSV, and names a file the server left unnamed', async () => {
    const { progress, download, saved } = setUp(() =>
      Promise.resolve(new Response('line one\nline two\n', { status: 200 })),
    );
    await download([{ file: 'read-data.R', url: '/exports/p/read-data.R' }]);
    expect(progress['read-data.R']).toMatchObject({ status: 'done', bytes: 18, lines: null });
    expect(saved[0]?.filename).toBe('verdi_read-data.R');
  });

  it('shows the message of a JSON error and saves nothing', async () => {
    const { progress, download, saved } = setUp(() =>
      Promise.resolve(
        Response.json({ error: 'Only researchers of the project can export its data' }, { status: 403 }),
      ),
    );
    await download([{ file: 'data.xlsx', url: '/exports/p/data.xlsx' }]);
    expect(progress['data.xlsx']).toMatchObject({
      status: 'failed',
      problem: {
        kind: 'server',
        status: 403,
        message: 'Only researchers of the project can export its data',
      },
    });
    expect(saved).toEqual([]);
  });

  it('keeps the status of an error whose body is not JSON', async () => {
    const { progress, download } = setUp(() =>
      Promise.resolve(new Response('<h1>Bad gateway</h1>', { status: 502 })),
    );
    await download([{ file: 'codebook.csv', url: '/exports/p/codebook.csv' }]);
    expect(progress['codebook.csv']?.problem).toEqual({ kind: 'server', status: 502, message: null });
  });

  it('reports a network failure', async () => {
    const { progress, download } = setUp(() => Promise.reject(new TypeError('Failed to fetch')));
    await download([{ file: 'codebook.json', url: '/exports/p/codebook.json' }]);
    expect(progress['codebook.json']).toMatchObject({
      status: 'failed',
      problem: { kind: 'network', message: 'Failed to fetch' },
    });
  });

  it('cancels a download mid-stream through its AbortSignal, and does not go on to the next file', async () => {
    const stream = streamedResponse({ 'content-type': 'text/csv' });
    let signal: AbortSignal | undefined;
    const fetchFile = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return Promise.resolve(stream.response);
    });
    const { progress, download, cancel, busy, saved } = setUp(fetchFile);

    const done = download([
      { file: 'data-long.csv', url: '/exports/p/data-long.csv' },
      { file: 'codebook.csv', url: '/exports/p/codebook.csv' },
    ]);
    await tick();
    stream.push('a\n');
    await tick();
    cancel();
    await done;

    expect(signal?.aborted).toBe(true);
    expect(progress['data-long.csv']).toMatchObject({ status: 'cancelled', bytes: 2, lines: 1 });
    expect(progress['codebook.csv']).toBeUndefined();
    expect(fetchFile).toHaveBeenCalledTimes(1);
    expect(saved).toEqual([]);
    expect(busy.value).toBe(false);
  });

  it('downloads all chosen files one after another', async () => {
    const order: string[] = [];
    const fetchFile = vi.fn((url: RequestInfo | URL) => {
      order.push(String(url));
      return Promise.resolve(
        new Response('x\n', {
          headers: { 'content-disposition': `attachment; filename="f_${String(url).split('/').pop()}"` },
        }),
      );
    });
    const { download, saved } = setUp(fetchFile);
    await download([
      { file: 'data-wide.csv', url: '/exports/p/data-wide.csv' },
      { file: 'read-data.R', url: '/exports/p/read-data.R' },
      { file: 'read-data.sps', url: '/exports/p/read-data.sps' },
    ]);
    expect(order).toEqual(['/exports/p/data-wide.csv', '/exports/p/read-data.R', '/exports/p/read-data.sps']);
    expect(saved.map((s) => s.filename)).toEqual(['f_data-wide.csv', 'f_read-data.R', 'f_read-data.sps']);
  });
});
