import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a test's exports come from and go: set in its `beforeAll`, so read when a file is fetched. */
export interface ExportPlace {
  url: string;
  projectId: string;
  /** A signed-in researcher's session cookie value. */
  session: string;
  /** The folder files are saved in and the tools run in. */
  dir: string;
}

/**
 * A project's export files fetched as the researcher's browser would, saved under the names the server gives, and the
 * tools researchers use (R, PSPP) run on them where they were saved.
 */
export function exportFiles(place: () => ExportPlace) {
  async function download(file: string): Promise<{ name: string; body: Buffer }> {
    const { url, projectId, session } = place();
    const response = await fetch(`${url}/exports/${projectId}/${file}`, {
      headers: { cookie: `verdi_session=${session}` },
    });
    if (response.status !== 200) throw new Error(`${file}: HTTP ${response.status} ${await response.text()}`);
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')![1]!;
    return { name, body: Buffer.from(await response.arrayBuffer()) };
  }

  const text = async (file: string): Promise<string> => (await download(file)).body.toString('utf8');

  /** Saves a file in the folder; its name there. */
  async function save(file: string): Promise<string> {
    const { name, body } = await download(file);
    writeFileSync(join(place().dir, name), body);
    return name;
  }

  /** Runs a tool in the folder; what it printed. */
  function run(command: string, args: string[]): string {
    const result = spawnSync(command, args, {
      cwd: place().dir,
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C.UTF-8' },
    });
    if (result.status !== 0) throw new Error(`${command} failed:\n${result.stdout}\n${result.stderr}`);
    return `${result.stdout}\n${result.stderr}`;
  }

  return { download, text, save, run };
}
