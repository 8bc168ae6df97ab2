import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext } from '../context.ts';
import { pageScripts, readManifest, type Manifest } from '../manifest.ts';
import { REPO_DIR } from '../server.ts';

function gzipBytes(distDir: string, files: string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(distDir, file))).byteLength, 0);
}

const BASELINE_MAIN = `import { createApp, h } from 'vue';
import { createRouter, createWebHistory, RouterView } from 'vue-router';
const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/s/:token', component: () => import('./page.js') },
    { path: '/dashboard', component: () => import('./chart.js') },
  ],
});
createApp({ render: () => h(RouterView) }).use(router).mount('#app');
`;
const BASELINE_PAGE = `import { h, ref } from 'vue';
export default { setup() { const n = ref(0); return () => h('button', { onClick: () => n.value++ }, String(n.value)); } };
`;
const BASELINE_CHART = `import { h } from 'vue';
import { Bar } from 'vue-chartjs';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
export default { setup() { return () => h(Bar, { data: { labels: ['a'], datasets: [{ data: [1] }] } }); } };
`;
const BASELINE_CONFIG = `export default {
  logLevel: 'warn',
  build: { outDir: 'dist', manifest: true, target: 'es2022' },
  define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
};
`;

/** The floor: Vue and vue-router with one lazy page, and a chart page with vue-chartjs and the same chart.js parts. */
function buildBaseline(): { distDir: string; manifest: Manifest } {
  const dir = path.join(REPO_DIR, 'node_modules', '.cache', 'verdi-bench', 'web-baseline');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><div id="app"></div><script type="module" src="./main.js"></script>\n',
  );
  writeFileSync(path.join(dir, 'main.js'), BASELINE_MAIN);
  writeFileSync(path.join(dir, 'page.js'), BASELINE_PAGE);
  writeFileSync(path.join(dir, 'chart.js'), BASELINE_CHART);
  writeFileSync(path.join(dir, 'vite.config.mjs'), BASELINE_CONFIG);
  execFileSync(process.execPath, [path.join(REPO_DIR, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const distDir = path.join(dir, 'dist');
  return { distDir, manifest: readManifest(distDir) };
}

/** gzip size of the JavaScript the survey page and the dashboard load, from the production build. */
export async function web(ctx: BenchContext): Promise<void> {
  const distDir = path.join(REPO_DIR, 'web', 'dist');
  const manifest = readManifest(distDir);
  const baseline = buildBaseline();
  const pages = [
    { name: "participant's survey page", ours: 'src/survey/views/SurveyView.vue', floor: 'page.js' },
    { name: 'dashboard', ours: 'src/dashboard/views/DashboardView.vue', floor: 'chart.js' },
  ];
  for (const page of pages) {
    const ours = pageScripts(manifest, ['index.html', page.ours]);
    const floor = pageScripts(baseline.manifest, ['index.html', page.floor]);
    const kB = gzipBytes(distDir, ours) / 1000;
    const floorKB = gzipBytes(baseline.distDir, floor) / 1000;
    ctx.figures.push({
      section: 'Web',
      name: `${page.name}, JavaScript gzip`,
      note: `${ours.length} files`,
      value: kB,
      unit: 'kB',
      baseline: {
        name:
          page.floor === 'page.js'
            ? 'Vue + vue-router with one lazy page'
            : 'the same with vue-chartjs and the same chart.js parts',
        value: floorKB,
      },
      better: 'lower',
    });
    ctx.log(
      `  ${page.name}: ${kB.toFixed(1)} kB gzip in ${ours.length} files; floor ${floorKB.toFixed(1)} kB`,
    );
  }
}
