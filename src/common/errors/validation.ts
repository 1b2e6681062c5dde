import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from './domain-error.js';

/** Flattens class-validator's tree into `a.b.0.c: message` pairs. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'is not an accepted field'),
    }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/** The global pipe: strips nothing silently (unknown fields are refused), converts types, names fields. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return DomainError.badInput(
        `Invalid input: ${fields.map((f) => `${f.field} ${f.message.startsWith(f.field) ? f.message.slice(f.field.length).trim() : f.message}`).join('; ')}`,
        fields,
      );
    },
  });
}
