import type { Type } from '@nestjs/common';
import { InputType, OmitType as GraphQLOmitType, PartialType as GraphQLPartialType, PickType as GraphQLPickType } from '@nestjs/graphql';
import { OmitType as OpenApiOmitType, PartialType as OpenApiPartialType, PickType as OpenApiPickType } from '@nestjs/swagger';

/**
 * Input classes derived from another for both contracts at once (docs/ARCHITECTURE.md §9): the
 * GraphQL mapped type carries the fields and the validation (optional ones skipped when absent), and
 * the OpenAPI properties of the same mapped type in @nestjs/swagger are copied onto it. Either
 * package's own helper alone would leave the other contract without the fields.
 *
 *   @InputType('UpdateStationInput')
 *   export class UpdateStationInput extends PartialInput(OmitInput(CreateStationInput, ['townshipCode'])) {}
 */
export function PartialInput<T>(base: Type<T>): Type<Partial<T>> {
  return withOpenApiOf(GraphQLPartialType(base, InputType), OpenApiPartialType(base));
}

/** `base` without `keys`, in both contracts. */
export function OmitInput<T, K extends keyof T>(base: Type<T>, keys: readonly K[]): Type<Omit<T, K>> {
  return withOpenApiOf(GraphQLOmitType(base, keys, InputType), OpenApiOmitType(base, keys));
}

/** Only `keys` of `base`, in both contracts. */
export function PickInput<T, K extends keyof T>(base: Type<T>, keys: readonly K[]): Type<Pick<T, K>> {
  return withOpenApiOf(GraphQLPickType(base, keys, InputType), OpenApiPickType(base, keys));
}

/** Copies @nestjs/swagger's metadata (its keys start with `swagger/`) from `openapi`'s prototype and properties onto `graphql`'s. */
function withOpenApiOf<T>(graphql: Type<T>, openapi: Type<unknown>): Type<T> {
  const from = openapi.prototype as object;
  const to = graphql.prototype as object;
  for (const key of Reflect.getOwnMetadataKeys(from)) {
    if (typeof key !== 'string' || !key.startsWith('swagger/')) continue;
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, from), to);
    const properties = Reflect.getOwnMetadata(key, from) as unknown;
    if (!Array.isArray(properties)) continue;
    for (const entry of properties as string[]) {
      const property = entry.replace(/^:/, '');
      for (const propertyKey of Reflect.getOwnMetadataKeys(from, property)) {
        if (typeof propertyKey === 'string' && propertyKey.startsWith('swagger/'))
          Reflect.defineMetadata(propertyKey, Reflect.getOwnMetadata(propertyKey, from, property), to, property);
      }
    }
  }
  return graphql;
}
