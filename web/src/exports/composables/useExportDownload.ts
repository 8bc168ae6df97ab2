import { computed, onScopeDispose, reactive, ref } from 'vue';
import { filenameFromDisposition, isCsv, type ExportFile } from '../model/exportFiles';

/** Why a download did not finish, in a form the page can put into words. */
export type DownloadProblem =
  { kind: 'server'; status: number; message: string | null } | { kind: 'network'; message: string };

export interface DownloadProgress {
  status: 'downloading' | 'done' | 'cancelled' | 'failed';
  /** Bytes received so far. */
  bytes: number;
  /** Line breaks received so far; counted for CSV files only, else null. */
  lines: number | null;
  /** The name the file was saved under, once it is. */
  filename: string | null;
  problem: DownloadProblem | null;
}

export interface ExportDownloadOptions {
  fetch?: typeof fetch;
  /** Hands the finished file to the browser; replaced in tests, where there is no download to start. */
  save?: (blob: Blob, filename: string) => void;
}

const NEWLINE = 0x0a;

/** Counts line breaks in one chunk without decoding it, so that a large export never becomes one string. */
export function countNewlines(chunk: Uint8Array): number {
  let count = 0;
  for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/** Saves a Blob under a name through a temporary <a download>, as a click on a link to the file would. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the object URL after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function problemOf(response: Response): Promise<DownloadProblem> {
  let message: string | null = null;
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string')
      message = body.error;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone has to do.
  }
  return { kind: 'server', status: response.status, message };
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'AbortError'
    : error instanceof Error && error.name === 'AbortError';
}

/**
 * Downloads export files with fetch, reading the stream chunk by chunk to report bytes (and lines, for CSV) as they
 * arrive, and saves each under the server's file name. One download runs at a time; `cancel` stops it.
 */
export function useExportDownload(options: ExportDownloadOptions = {}) {
  const fetchFile = options.fetch ?? ((input, init) => fetch(input, init));
  const save = options.save ?? saveBlob;
  const progress = reactive<Partial<Record<ExportFile, DownloadProgress>>>({});
  const current = ref<ExportFile | null>(null);
  let controller: AbortController | null = null;

  async function run(file: ExportFile, url: string, signal: AbortSignal): Promise<DownloadProgress> {
    const state = reactive<DownloadProgress>({
      status: 'downloading',
      bytes: 0,
      lines: isCsv(file) ? 0 : null,
      filename: null,
      problem: null,
    });
    progress[file] = state;
    try {
      const response = await fetchFile(url, { signal, credentials: 'same-origin' });
      if (!response.ok) {
        state.status = 'failed';
        state.problem = await problemOf(response);
        return state;
      }
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      const reader = response.body?.getReader();
      if (reader) {
        // fetch errors the body when aborted, but not every implementation does: stop reading either way.
        const stop = () => void reader.cancel().catch(() => {});
        signal.addEventListener('abort', stop, { once: true });
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            chunks.push(value);
            state.bytes += value.byteLength;
            if (state.lines !== null) state.lines += countNewlines(value);
          }
        } finally {
          signal.removeEventListener('abort', stop);
        }
      }
      if (signal.aborted) {
        state.status = 'cancelled';
        return state;
      }
      const filename =
        filenameFromDisposition(response.headers.get('content-disposition')) ?? `verdi_${file}`;
      const type = response.headers.get('content-type') ?? 'application/octet-stream';
      save(new Blob(chunks, { type }), filename);
      state.filename = filename;
      state.status = 'done';
    } catch (error) {
      if (signal.aborted || isAbort(error)) {
        state.status = 'cancelled';
      } else {
        state.status = 'failed';
        state.problem = { kind: 'network', message: error instanceof Error ? error.message : String(error) };
      }
    }
    return state;
  }

  /** Downloads the files one after another; stops at the first that fails or is cancelled. */
  async function download(files: readonly { file: ExportFile; url: string }[]): Promise<void> {
    if (controller) return;
    controller = new AbortController();
    const { signal } = controller;
    try {
      for (const { file, url } of files) {
        current.value = file;
        const result = await run(file, url, signal);
        if (result.status !== 'done') break;
      }
    } finally {
      current.value = null;
      controller = null;
    }
  }

  function cancel(): void {
    controller?.abort();
  }

  onScopeDispose(cancel);

  return { progress, current, busy: computed(() => current.value !== null), download, cancel };
}
