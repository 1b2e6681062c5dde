import type { Type } from '@nestjs/common';
import { InputType, OmitType as GraphQLOmitType, PartialType as GraphQLPartialType, PickType as GraphQLPickType } from '@nestjs/graphql';
import { OmitType as OpenApiOmitType, PartialType as OpenApiPartialType, PickType as OpenApiPickType } from '@nestjs/swagger';

/**
 * Input classes derived from another for both contracts at once (docs/ARCHITECTURE.md §10): the
 * GraphQL mapped type carries the fields and the validation (optional ones skipped when absent), and
 * the OpenAPI properties of the same mapped type in @nestjs/swagger are copied onto it. Either
 * package's own helper alone would leave the other contract without the fields. A base only REST
 * has (no @InputType) gives a REST-only class with the same validation.
 *
 *   @InputType('UpdateStationInput')
 *   export class UpdateStationInput extends PartialInput(OmitInput(CreateStationInput, ['townshipCode'])) {}
 */

/**
 * `base` with every property optional, in both contracts: what an update takes. A field left out
 * means "unchanged", so the base's defaults are dropped (GraphQL `defaultValue`, OpenAPI `default`),
 * and a base whose properties have initial values is refused: every update would send them.
 */
export function PartialInput<T>(base: Type<T>): Type<Partial<T>> {
  refuseInitialValues(base);
  const openapi = withoutDefaults(OpenApiPartialType(base));
  return inGraphQL(base) ? withOpenApiOf(GraphQLPartialType(base, { decorator: InputType, omitDefaultValues: true }), openapi) : openapi;
}

/** `base` without `keys`, in both contracts. */
export function OmitInput<T, K extends keyof T>(base: Type<T>, keys: readonly K[]): Type<Omit<T, K>> {
  const openapi = OpenApiOmitType(base, keys);
  return inGraphQL(base) ? withOpenApiOf(GraphQLOmitType(base, keys, InputType), openapi) : openapi;
}

/** Only `keys` of `base`, in both contracts. */
export function PickInput<T, K extends keyof T>(base: Type<T>, keys: readonly K[]): Type<Pick<T, K>> {
  const openapi = OpenApiPickType(base, keys);
  return inGraphQL(base) ? withOpenApiOf(GraphQLPickType(base, keys, InputType), openapi) : openapi;
}

// Where @nestjs/graphql and @nestjs/swagger keep what they know of a class and its properties.
const GRAPHQL_CLASS_TYPE = 'graphql:class_type';
const SWAGGER_PREFIX = 'swagger/';
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';
const SWAGGER_PROPERTY_LIST = 'swagger/apiModelPropertiesArray';

/** Whether `base` is a GraphQL type (an @InputType), not a REST-only class. */
function inGraphQL(base: Type<unknown>): boolean {
  return Reflect.getMetadata(GRAPHQL_CLASS_TYPE, base) !== undefined;
}

/** The OpenAPI property names @nestjs/swagger lists on a prototype (it stores them as `:name`). */
function openApiProperties(prototype: object): string[] {
  return ((Reflect.getOwnMetadata(SWAGGER_PROPERTY_LIST, prototype) as string[] | undefined) ?? []).map((entry) => entry.replace(/^:/, ''));
}

/** Copies @nestjs/swagger's metadata (its keys start with `swagger/`) from `openapi`'s prototype and properties onto `graphql`'s. */
function withOpenApiOf<T>(graphql: Type<T>, openapi: Type<unknown>): Type<T> {
  const from = openapi.prototype as object;
  const to = graphql.prototype as object;
  for (const key of Reflect.getOwnMetadataKeys(from)) {
    if (typeof key === 'string' && key.startsWith(SWAGGER_PREFIX)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, from), to);
  }
  for (const property of openApiProperties(from)) {
    for (const key of Reflect.getOwnMetadataKeys(from, property)) {
      if (typeof key === 'string' && key.startsWith(SWAGGER_PREFIX)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, from, property), to, property);
    }
  }
  return graphql;
}

/** Drops `default` from the OpenAPI properties of a mapped class (its own metadata, fresh objects made by the mapping). */
function withoutDefaults<T>(openapi: Type<T>): Type<T> {
  const prototype = openapi.prototype as object;
  for (const property of openApiProperties(prototype)) {
    const metadata = Reflect.getOwnMetadata(SWAGGER_PROPERTY, prototype, property) as Record<string, unknown> | undefined;
    if (metadata && 'default' in metadata) {
      const { default: _dropped, ...rest } = metadata;
      Reflect.defineMetadata(SWAGGER_PROPERTY, rest, prototype, property);
    }
  }
  return openapi;
}

/** Refuses a base with property initializers: both mapped types copy them into every instance, so an update would send them. */
function refuseInitialValues(base: Type<unknown>): void {
  const initialised = Object.entries(new base() as object)
    .filter(([, value]) => value !== undefined)
    .map(([property]) => property);
  if (initialised.length > 0) {
    throw new Error(`PartialInput(${base.name}): every update would apply the initial values of ${initialised.join(', ')}; give defaults in the service`);
  }
}
