import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: './schema.graphql',
  documents: ['./operations/**/*.graphql'],
  generates: {
    './generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // The preset's index only re-exports the `graphql()` tag, which is for inline documents; our
        // operations live in .graphql files, so the index below re-exports the typed documents instead.
        skipIndexFile: true,
      },
      config: {
        scalars: {
          DateTimeISO: 'string',
          JSONObject: 'Record<string, unknown>',
          ScoreColumns: "import('../columns').ScoreColumns",
          ItemColumns: "import('../columns').ItemColumns",
        },
        useTypeImports: true,
        enumsAsTypes: true,
      },
    },
    './generated/index.ts': {
      plugins: [{ add: { content: "/* eslint-disable */\nexport * from './graphql';" } }],
    },
  },
};

export default config;
