import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import {
  getMetadataStorage,
  IS_OPTIONAL,
  ValidateBy,
  ValidationTypes,
  type MetadataStorage,
  type ValidationOptions,
  type ValidatorOptions,
} from 'class-validator';
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

/** What PostgreSQL's `integer` holds: every whole number an input may carry. */
export const INT32 = { min: -2_147_483_648, max: 2_147_483_647 } as const;

/** Years a date or instant may have: what both ISO 8601 (four digits) and PostgreSQL read. */
export const DATE_YEARS = { min: 1, max: 9999 } as const;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `value` is a calendar date `YYYY-MM-DD` that exists (not 2024-02-30) in years 0001-9999. */
export function isDateOnly(value: unknown): boolean {
  if (typeof value !== 'string' || !DATE_ONLY.test(value) || value < '0001-01-01') return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A date-only input `YYYY-MM-DD` that exists on the calendar and PostgreSQL can store. */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isDateOnly', validator: { validate: isDateOnly, defaultMessage: () => 'must be a date YYYY-MM-DD' } }, options);
}

const NULL_MEANS_UNSET = Symbol('newforce.nullMeansUnset');

/**
 * Marks a filter input whose optional fields take null as "no condition": GraphQL clients send null
 * for the variables they leave unset. Everywhere else null is refused for a field that may only be
 * left out (see {@link inputValueProblems}).
 */
export function NullMeansUnset(): ClassDecorator {
  return (target) => Reflect.defineMetadata(NULL_MEANS_UNSET, true, target);
}

// Where @nestjs/graphql and @nestjs/swagger keep what they know of a class and its properties.
const GRAPHQL_CLASS_TYPE = 'graphql:class_type';
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

const nullVerdicts = new WeakMap<object, Map<string, boolean>>();

/**
 * Whether a property of an input class may be sent as null. It may when the contract says so
 * (`@ApiPropertyOptional({ nullable: true })`: null clears the value), in GraphQL arguments and
 * filters (null there means "not given"), and when the property is not optional (its own rules then
 * judge null). An optional property otherwise may only be left out: a PATCH with `name: null` wrote
 * null into a NOT NULL column, or broke on `null.trim()`, and answered 500.
 */
function nullAllowed(owner: abstract new (...args: never[]) => unknown, property: string): boolean {
  let verdicts = nullVerdicts.get(owner);
  if (!verdicts) nullVerdicts.set(owner, (verdicts = new Map()));
  let allowed = verdicts.get(property);
  if (allowed === undefined) {
    const optional = getMetadataStorage()
      .getTargetValidationMetadatas(owner, '', true, false)
      .some((m) => m.propertyName === property && m.type === ValidationTypes.CONDITIONAL_VALIDATION && m.name === IS_OPTIONAL);
    allowed =
      !optional ||
      Reflect.getMetadata(GRAPHQL_CLASS_TYPE, owner) === 'args' ||
      Reflect.getMetadata(NULL_MEANS_UNSET, owner) === true ||
      (Reflect.getMetadata(SWAGGER_PROPERTY, owner.prototype as object, property) as { nullable?: boolean } | undefined)?.nullable === true;
    verdicts.set(property, allowed);
  }
  return allowed;
}

const MAX_INPUT_DEPTH = 64;

/**
 * What no per-field rule of a DTO checks, in any input at any depth, each problem naming its field:
 * null where a field may only be left out, NUL characters (PostgreSQL cannot store them in text),
 * whole numbers beyond 32 bits and dates PostgreSQL cannot store (a year of five digits). Each of
 * these reached the database and answered 500. `dtos` walks into class instances (a validated DTO
 * and its nested inputs); otherwise only into plain objects and arrays.
 */
export function inputValueProblems(value: unknown, path = '', options: { dtos?: boolean } = {}, depth = 0): FieldError[] {
  const field = path || 'value';
  if (typeof value === 'string') return value.includes('\u0000') ? [{ field, message: 'must not contain NUL characters (\\u0000)' }] : [];
  if (typeof value === 'number') {
    return Number.isInteger(value) && (value < INT32.min || value > INT32.max) ? [{ field, message: `must be between ${INT32.min} and ${INT32.max}` }] : [];
  }
  if (value instanceof Date) {
    const year = value.getUTCFullYear();
    return Number.isNaN(year) || year < DATE_YEARS.min || year > DATE_YEARS.max
      ? [{ field, message: `must be a date in the years ${DATE_YEARS.min}-${DATE_YEARS.max}` }]
      : [];
  }
  if (value === null || typeof value !== 'object' || depth > MAX_INPUT_DEPTH || ArrayBuffer.isView(value)) return [];
  const prefix = path ? `${path}.` : '';
  if (Array.isArray(value)) return value.flatMap((item, i) => inputValueProblems(item, `${prefix}${i}`, options, depth + 1));
  const prototype = Object.getPrototypeOf(value) as object | null;
  const plain = prototype === Object.prototype || prototype === null;
  if (!plain && !options.dtos) return [];
  const owner = plain ? undefined : (value.constructor as abstract new (...args: never[]) => unknown);
  return Object.entries(value).flatMap(([key, member]) => {
    if (member === null) {
      return owner && !nullAllowed(owner, key) ? [{ field: `${prefix}${key}`, message: 'must not be null: leave the field out instead' }] : [];
    }
    return inputValueProblems(member, `${prefix}${key}`, options, depth + 1);
  });
}

function badInputOf(fields: FieldError[]): DomainError {
  return DomainError.badInput(
    `Invalid input: ${fields.map((f) => `${f.field} ${f.message.startsWith(f.field) ? f.message.slice(f.field.length).trim() : f.message}`).join('; ')}`,
    fields,
  );
}

/** Arguments and path parameters that hold a record id. */
const ID_ARGUMENT = /^(id|[a-z][A-Za-z]*Id)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Nest's ValidationPipe with the checks of {@link inputValueProblems} added: for DTOs (bodies,
 * query objects, GraphQL arguments and inputs) alongside class-validator's rules, so one answer
 * names every field; for values no DTO describes (a path parameter, a GraphQL scalar argument) on
 * their own.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!metadata.metatype || !this.toValidate(metadata)) {
      const problems = inputValueProblems(value, metadata.data ?? '');
      // Record ids (`id`, `stationId`, …) are UUIDs: anything else is named here, not left for
      // PostgreSQL to refuse without saying which argument it was.
      if (metadata.type !== 'custom' && typeof value === 'string' && ID_ARGUMENT.test(metadata.data ?? '') && !UUID.test(value)) {
        problems.push({ field: metadata.data!, message: 'must be a UUID' });
      }
      if (problems.length > 0) throw badInputOf(problems);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    const named = new Set(flattenValidationErrors(errors).map((f) => f.field));
    const more = inputValueProblems(object, '', { dtos: true }).filter((problem) => !named.has(problem.field));
    return errors.concat(more.map(({ field, message }) => ({ property: field, constraints: { input: message }, children: [] })));
  }
}

/** The global pipe: strips nothing silently (unknown fields are refused), converts types, names fields. */
export function createValidationPipe(): ValidationPipe {
  rememberValidationRules();
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badInputOf(flattenValidationErrors(errors)),
  });
}
