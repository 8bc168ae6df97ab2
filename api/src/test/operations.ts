import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Kind,
  parse,
  print,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';

const operationsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../schema/operations',
);

function loadDefinitions(): DefinitionNode[] {
  return readdirSync(operationsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.graphql'))
    .flatMap((file) => parse(readFileSync(path.join(operationsDir, file), 'utf8')).definitions);
}

/** Every operation the web client sends, by name, as the client preset's documents would send it. */
export function clientOperations(): Map<string, string> {
  const definitions = loadDefinitions();
  const fragments = new Map(
    definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const operations = new Map<string, string>();
  for (const operation of definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )) {
    const used = new Map<string, FragmentDefinitionNode>();
    const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(fragment.name.value)) {
            used.set(fragment.name.value, fragment);
            collect(fragment);
          }
        },
      });
    collect(operation);
    const name = operation.name?.value;
    if (!name) throw new Error('Every client operation needs a name');
    operations.set(name, [operation, ...used.values()].map((node) => print(node)).join('\n\n'));
  }
  return operations;
}

export function clientOperation(name: string): string {
  const document = clientOperations().get(name);
  if (!document) throw new Error(`No client operation named ${name} in schema/operations`);
  return document;
}
