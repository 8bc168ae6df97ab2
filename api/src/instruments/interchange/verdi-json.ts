import { Ajv, type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../common/errors.js';
import { canonicalDefinition } from '../definition.canonical.js';
import type { InstrumentDefinition } from '../definition.types.js';

export const FORMAT = 'verdi-instrument';
export const FORMAT_VERSION = 1;

export interface InstrumentDocument {
  name: string;
  description?: string | null;
  definition: InstrumentDefinition;
}

const schemaPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../schema/instrument.schema.json',
);
let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(schemaPath, 'utf8')),
  );
  return validator(value) ? [] : (validator.errors ?? []);
}

/** What is wrong with scales and constructs by the JSON Schema (for formats that carry them beside their own). */
export function scaleAndConstructErrors(scales: unknown, constructs: unknown): string[] {
  return validate({
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    name: 'x',
    scales,
    constructs,
    sections: [],
  }).map((e) => `${e.instancePath} ${e.message}`);
}

/** Verdi's JSON format, canonical: fixed key order, two-space indent, a final newline. */
export function exportVerdiJson(document: InstrumentDocument): string {
  const description = document.description?.trim();
  const body = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    name: document.name,
    ...(description ? { description } : {}),
    ...canonicalDefinition(document.definition),
  };
  return JSON.stringify(body, null, 2) + '\n';
}

/** Parses and checks a file against schema/instrument.schema.json; problems of content are for the rules to name. */
export function importVerdiJson(content: string): InstrumentDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw ValidationError.forFields({ content: `is not JSON: ${(error as Error).message}` });
  }
  const errors = validate(parsed);
  if (errors.length > 0) {
    const described = errors
      .slice(0, 10)
      .map(
        (e) =>
          `${e.instancePath || '(the file)'} ${e.message}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
      );
    throw new ValidationError(`The file is not a Verdi instrument: ${described.join('; ')}`, {
      content: described.join('; '),
    });
  }
  const { name, description, scales, constructs, sections } = parsed as InstrumentDocument['definition'] & {
    name: string;
    description?: string;
  };
  return {
    name,
    description: description ?? null,
    definition: canonicalDefinition({ scales, constructs, sections }),
  };
}
