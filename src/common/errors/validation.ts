import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { getMetadataStorage, type MetadataStorage } from 'class-validator';
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

const REMEMBERED = Symbol('newforce.rememberedValidationRules');

/**
 * class-validator looks a class's rules up again on every `validate()`, walking every class that has
 * rules (hundreds here) to find the ancestors of the one at hand; that walk was the largest single
 * cost of validating a request's arguments. Rules only change while classes are being defined, so
 * the answer is remembered per class and lookup options, and forgotten whenever a rule is added.
 */
export function rememberValidationRules(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [REMEMBERED]?: true };
  if (marked[REMEMBERED]) return;
  marked[REMEMBERED] = true;
  let remembered = new Map<unknown, Map<string, ReturnType<MetadataStorage['getTargetValidationMetadatas']>>>();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    remembered = new Map();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? '\u0001'}`;
    let byOptions = remembered.get(target);
    if (!byOptions) remembered.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
}

/** The global pipe: strips nothing silently (unknown fields are refused), converts types, names fields. */
export function createValidationPipe(): ValidationPipe {
  rememberValidationRules();
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
