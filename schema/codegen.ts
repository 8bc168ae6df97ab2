import * as add from '@graphql-codegen/add';
import type { CodegenConfig } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import * as typedDocumentNode from '@graphql-codegen/typed-document-node';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import path from 'node:path';

const scalars = {
  DateTimeISO: 'string',
  UUID: 'string',
  JSONObject: 'Record<string, unknown>',
  // The dashboard's tables: their columns' types, written once for the API and the web app.
  ScoreColumns: "import('../columns').ScoreColumns",
  ItemColumns: "import('../columns').ItemColumns",
};

/**
 * One module of typed documents per operations file (`generated/documents/survey.ts` for `operations/survey.graphql`),
 * so that a page's bundle carries only the documents of the operations files it imports, not every document of the
 * app. The documents' result and variable types stay in `generated/graphql.ts`, imported as types only.
 */
const documentsPerOperationsFile: Types.OutputPreset = {
  buildGeneratesSection(options) {
    const fragmentsOf = (source: Types.DocumentFile) =>
      (source.document?.definitions ?? [])
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((node) => ({
          node,
          name: node.name.value,
          onType: node.typeCondition.name.value,
          isExternal: true,
        }));
    return options.documents
      .filter((source) => source.location)
      .sort((a, b) => a.location!.localeCompare(b.location!))
      .map((source) => ({
        filename: `${options.baseOutputDir}${path.basename(source.location!, '.graphql')}.ts`,
        schema: options.schema,
        schemaAst: options.schemaAst,
        documents: [source],
        pluginMap: { add, 'typed-document-node': typedDocumentNode },
        plugins: [
          { add: { content: "/* eslint-disable */\nimport type * as Types from '../graphql';" } },
          { 'typed-document-node': {} },
        ],
        config: {
          ...options.config,
          importOperationTypesFrom: 'Types',
          // Fragments spread from another operations file are copied into the documents that use them.
          externalFragments: options.documents.filter((other) => other !== source).flatMap(fragmentsOf),
        },
        documentTransforms: options.documentTransforms,
      }));
  },
};

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
        scalars,
        useTypeImports: true,
        enumsAsTypes: true,
      },
    },
    './generated/index.ts': {
      plugins: [{ add: { content: "/* eslint-disable */\nexport * from './graphql';" } }],
    },
    './generated/documents/': {
      preset: documentsPerOperationsFile,
      plugins: [],
      config: { scalars, useTypeImports: true, enumsAsTypes: true },
    },
  },
};

export default config;
