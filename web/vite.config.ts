/// <reference types="vitest/config" />
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';
import vue from '@vitejs/plugin-vue';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const apiOrigin = 'http://localhost:4000';

/** dist/.vite/modules.json: the source modules in each chunk, so that a test can prove what a page loads. */
const chunkModules: Plugin = {
  name: 'verdi-chunk-modules',
  apply: 'build',
  generateBundle(_options, bundle) {
    const modules: Record<string, string[]> = {};
    for (const output of Object.values(bundle)) {
      if (output.type === 'chunk') {
        modules[output.fileName] = output.moduleIds.map((id) => path.relative(import.meta.dirname, id));
      }
    }
    this.emitFile({
      type: 'asset',
      fileName: '.vite/modules.json',
      source: JSON.stringify(modules, null, 1),
    });
  },
};

export default defineConfig({
  plugins: [
    vue({
      // Every component uses <script setup>; dropping the Options API makes the bundle smaller.
      features: { optionsAPI: false },
    }),
    // Every message file is compiled at build time, so the production build runs on vue-i18n's runtime-only build,
    // without its message compiler (about 10 kB gzip that each page loaded). Unit tests read the message files as
    // plain JSON (fixtures look texts up in them), so there the messages stay JSON and vue-i18n compiles them.
    ...(process.env['VITEST']
      ? []
      : [
          VueI18nPlugin({
            include: [path.resolve(import.meta.dirname, 'src/**/i18n/*.json')],
            runtimeOnly: true,
            dropMessageCompiler: true,
            compositionOnly: true,
            fullInstall: false,
          }),
        ]),
    // Read by e2e/bundle.e2e.ts: the survey page's chunks hold neither chart.js, the designer nor the dashboard.
    chunkModules,
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/graphql': apiOrigin,
      '/healthz': apiOrigin,
      '/exports': apiOrigin,
      '/auth': apiOrigin,
    },
  },
  build: {
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Fewer, larger chunks on the participant's path: each file is compressed on its own, and a page split into a
        // dozen small ones costs several kB of gzip more than the same code in three.
        codeSplitting: {
          groups: [
            {
              // What every page loads with the entry anyway: Vue, the router, vue-i18n and the GraphQL client.
              name: 'framework',
              test: /node_modules[\\/](vue|@vue|vue-router|vue-i18n|@intlify|@urql|wonka|@0no-co)[\\/]/,
              priority: 2,
            },
            {
              // The survey page's own code, in one file rather than seven (its question renderers, model, composables,
              // documents, layout and bokmål texts are shared with the designer's preview and the other participant
              // pages, which would otherwise split them into small chunks of their own; each costs gzip overhead). What
              // a page loads only on demand (the aids, the slider, date and ranking renderers, the grid's headings, the
              // linkage step, the invitation note, the other languages' texts) stays out of it.
              name: 'survey',
              test: /[\\/]src[\\/](survey[\\/](components[\\/](SurveyFlowPage|SurveyQuestion|SaveStatus|SurveyLayout|ParticipantLanguageSwitch)|i18n[\\/](index\.ts|nb\.json|integrity\.nb\.json)|composables[\\/](?!useWithdraw)|model[\\/](?!linkage))|survey-items[\\/](?!SliderItem|DateItem|LazyItem|RankingItem|GridHead))|schema[\\/]generated[\\/]documents[\\/]survey/,
              priority: 1,
              // Only these modules: what they import from the entry (vue-i18n's set-up, the shell) stays in the entry.
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
    // dist/.vite/manifest.json: which chunks each page loads, read by the benchmark (`npm run bench`).
    manifest: true,
  },
  test: {
    name: 'web',
    root: import.meta.dirname,
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // Mounting a large view in jsdom takes about a second alone, and several times that while the other project's
    // tests share the machine's two cores.
    testTimeout: 20_000,
    // Hooks mount and unmount views too (`enableAutoUnmount`): the same room as the tests.
    hookTimeout: 20_000,
  },
});
