import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Rejects strings that are empty or only white space; `@Length` alone lets "   " through. */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: () => 'must not be blank',
      },
    },
    options,
  );
}
