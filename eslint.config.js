import js from '@eslint/js';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier/flat';

// The walls between the parts of Verdi, as lint rules (docs/architecture.md). ESLint's own no-restricted-imports and
// no-restricted-syntax (typescript-eslint's variant, which can let `import type` through) say all of them: each wall
// is a list of module specifiers or a syntax selector, so no plugin with its own notion of "elements" is needed.
// What a file reaches through other files is checked on the built bundle (e2e/bundle.e2e.ts).

/** web ↛ api: the web app talks to the API over GraphQL only, through the generated documents in schema/. */
const webNeverImportsApi = {
  group: ['@verdi/api', '@verdi/api/*', '**/api/src/**', '**/api/dist/**'],
  message:
    'The web app never imports the API: use the GraphQL documents and types generated in @verdi/schema.',
};

/** The participant's survey (and the shell it boots through) ↛ the dashboard, the designer, chart.js. */
const surveyNeverImportsStaff = [
  {
    group: ['**/dashboard', '**/dashboard/**', '**/designer', '**/designer/**'],
    message:
      "The participant's survey page never loads the dashboard or the designer: staff code is reached only through a lazy import().",
  },
  {
    group: ['chart.js', 'chart.js/**', 'vue-chartjs', 'vue-chartjs/**'],
    message: "The participant's survey page never loads chart.js.",
  },
];

/** The survey's own code uses the survey's documents only; the types of the others are free (`import type`). */
const surveyUsesSurveyDocumentsOnly = [
  {
    group: ['@verdi/schema/generated/documents/*', '!@verdi/schema/generated/documents/survey'],
    message: "The participant's survey page carries the survey's GraphQL documents only.",
  },
  {
    regex: '^@verdi/schema/generated(/index|/gql|/graphql)?$',
    allowTypeImports: true,
    message:
      "The generated index holds every staff document: import the survey's from @verdi/schema/generated/documents/survey (types may come from here with `import type`).",
  },
];

const SQL_MESSAGE =
  'Resolvers never touch the EntityManager or SQL: check who may call, then call one service method (pass `em` to the service).';

/** Resolvers ↛ EntityManager or SQL: they may hand the request's `em` to a service, never call it themselves. */
const resolverImports = [
  { name: '@mikro-orm/core', importNames: ['EntityManager', 'raw', 'sql'], message: SQL_MESSAGE },
  { name: '@mikro-orm/postgresql', message: SQL_MESSAGE },
  { name: '@mikro-orm/sql', message: SQL_MESSAGE },
  { name: '@mikro-orm/pglite', message: SQL_MESSAGE },
  { name: 'kysely', message: SQL_MESSAGE },
  { name: 'pg', message: SQL_MESSAGE },
];
const resolverSyntax = [
  { selector: 'CallExpression > MemberExpression.callee[object.name="em"]', message: SQL_MESSAGE },
  { selector: 'CallExpression > MemberExpression.callee[object.property.name="em"]', message: SQL_MESSAGE },
];

const testFiles = ['**/*.test.ts', '**/test/**'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'schema/generated/**', '.verdi/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // Promises that nobody awaits lose their errors; a promise where a boolean or a void callback is expected is a bug.
  // These rules need the types, so they run with each workspace's own tsconfig.
  {
    files: ['api/src/**/*.ts', 'web/src/**/*.ts', 'web/src/**/*.vue', 'bench/src/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // The bench runs on Node's type stripping, which cannot tell a type from a value: type-only imports must say so.
  {
    files: ['bench/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }] },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.vue'],
    // A test may read an API file as text, to prove a copy in the web app still matches it.
    ignores: testFiles,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [webNeverImportsApi] }] },
  },
  // The shell every page boots through, and the shared code the survey uses: never the staff features.
  {
    files: [
      'web/src/main.ts',
      'web/src/App.vue',
      'web/src/appRouter.ts',
      'web/src/sessionGuard.ts',
      'web/src/graphql/**',
      'web/src/i18n/**',
      'web/src/composables/**',
      'web/src/components/**',
    ],
    // AppLayout is the staff frame, loaded lazily; the tests mount the whole app.
    ignores: ['web/src/components/AppLayout.vue', ...testFiles],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [webNeverImportsApi, ...surveyNeverImportsStaff] },
      ],
    },
  },
  {
    files: ['web/src/survey/**', 'web/src/survey-items/**'],
    ignores: testFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [webNeverImportsApi, ...surveyNeverImportsStaff, ...surveyUsesSurveyDocumentsOnly] },
      ],
    },
  },
  {
    files: ['api/src/**/*.resolver.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: resolverImports }],
      'no-restricted-syntax': ['error', ...resolverSyntax],
    },
  },
  {
    // The configuration is read in one place: readConfig (api/src/config.ts) reads the environment, the rest is given
    // what it needs. Tests and their helpers set up the environment they run in.
    files: ['api/src/**/*.ts'],
    ignores: ['api/src/config.ts', 'api/src/**/*.test.ts', 'api/src/test/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration in readConfig (api/src/config.ts) and pass it on.',
        },
      ],
    },
  },
  prettier,
);
