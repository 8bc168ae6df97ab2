/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment ProjectFields on Project {\n  id\n  name\n  slug\n  organisation\n  description\n  createdAt\n  updatedAt\n}\n\nquery Projects {\n  projects {\n    ...ProjectFields\n  }\n}\n\nquery Project($id: ID!) {\n  project(id: $id) {\n    ...ProjectFields\n  }\n}\n\nmutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    ...ProjectFields\n  }\n}\n\nmutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {\n  updateProject(id: $id, input: $input) {\n    ...ProjectFields\n  }\n}": typeof types.ProjectFieldsFragmentDoc,
    "fragment ViewerFields on User {\n  id\n  name\n  email\n  isAdmin\n  language\n}\n\nquery Me {\n  me {\n    ...ViewerFields\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    expiresAt\n    user {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}": typeof types.ViewerFieldsFragmentDoc,
};
const documents: Documents = {
    "fragment ProjectFields on Project {\n  id\n  name\n  slug\n  organisation\n  description\n  createdAt\n  updatedAt\n}\n\nquery Projects {\n  projects {\n    ...ProjectFields\n  }\n}\n\nquery Project($id: ID!) {\n  project(id: $id) {\n    ...ProjectFields\n  }\n}\n\nmutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    ...ProjectFields\n  }\n}\n\nmutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {\n  updateProject(id: $id, input: $input) {\n    ...ProjectFields\n  }\n}": types.ProjectFieldsFragmentDoc,
    "fragment ViewerFields on User {\n  id\n  name\n  email\n  isAdmin\n  language\n}\n\nquery Me {\n  me {\n    ...ViewerFields\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    expiresAt\n    user {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}": types.ViewerFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ProjectFields on Project {\n  id\n  name\n  slug\n  organisation\n  description\n  createdAt\n  updatedAt\n}\n\nquery Projects {\n  projects {\n    ...ProjectFields\n  }\n}\n\nquery Project($id: ID!) {\n  project(id: $id) {\n    ...ProjectFields\n  }\n}\n\nmutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    ...ProjectFields\n  }\n}\n\nmutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {\n  updateProject(id: $id, input: $input) {\n    ...ProjectFields\n  }\n}"): (typeof documents)["fragment ProjectFields on Project {\n  id\n  name\n  slug\n  organisation\n  description\n  createdAt\n  updatedAt\n}\n\nquery Projects {\n  projects {\n    ...ProjectFields\n  }\n}\n\nquery Project($id: ID!) {\n  project(id: $id) {\n    ...ProjectFields\n  }\n}\n\nmutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    ...ProjectFields\n  }\n}\n\nmutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {\n  updateProject(id: $id, input: $input) {\n    ...ProjectFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ViewerFields on User {\n  id\n  name\n  email\n  isAdmin\n  language\n}\n\nquery Me {\n  me {\n    ...ViewerFields\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    expiresAt\n    user {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}"): (typeof documents)["fragment ViewerFields on User {\n  id\n  name\n  email\n  isAdmin\n  language\n}\n\nquery Me {\n  me {\n    ...ViewerFields\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    expiresAt\n    user {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;