import { validate, type ValidationError as ClassValidatorError } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { ValidationError, type FieldErrors } from './errors.js';

function collect(errors: ClassValidatorError[], prefix: string, into: FieldErrors): void {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    // Decorators apply bottom-up, so the last constraint is the rule written first: the most basic one.
    const first = error.constraints ? Object.values(error.constraints).at(-1) : undefined;
    if (first) into[field] = first;
    if (error.children?.length) collect(error.children, field, into);
  }
}

/**
 * Validates every input object with its class-validator rules and throws one BAD_USER_INPUT error that names
 * each invalid field, so a form can show each message next to its field.
 */
export const validateInput: ValidatorFn = async (value) => {
  if (value === null || typeof value !== 'object') return;
  const values = Array.isArray(value) ? value : [value];
  const fields: FieldErrors = {};
  for (const [index, item] of values.entries()) {
    if (item === null || typeof item !== 'object') continue;
    const errors = await validate(item as object, {
      forbidUnknownValues: false,
      validationError: { target: false },
    });
    collect(errors, Array.isArray(value) ? String(index) : '', fields);
  }
  if (Object.keys(fields).length > 0) throw ValidationError.forFields(fields);
};
