import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { validateInput } from './common/validation.js';
import { ProjectResolver } from './projects/project.resolver.js';

export const resolvers = [ProjectResolver] as const;

let built: Promise<GraphQLSchema> | undefined;

/** type-graphql keeps metadata globally, so the schema is built once per process and shared. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validateFn: validateInput });
  return built;
}

/** The SDL committed as schema/schema.graphql: sorted, so that moving code around never changes it. */
export async function printSdl(): Promise<string> {
  return printSchema(lexicographicSortSchema(await getSchema())) + '\n';
}
