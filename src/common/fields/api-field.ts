import { applyDecorators } from '@nestjs/common';
import { Field, Float, GraphQLISODateTime, ID, Int, type FieldOptions, type ReturnTypeFunc } from '@nestjs/graphql';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** What `ApiField` says about a property once, for both contracts (docs/ARCHITECTURE.md §10). */
export interface ApiFieldOptions {
  /** 中文 / English, as GraphQL and OpenAPI both show it. */
  description?: string;
  /** The value may be null: GraphQL nullable, and in OpenAPI `nullable` and not required (an `openapi` entry may say otherwise). */
  nullable?: boolean | 'items' | 'itemsAndList';
  /** An input the caller may leave out: GraphQL nullable, OpenAPI not required, validation skipped when absent. */
  optional?: boolean;
  /** A string input of at most this many characters: validated (string, length) and shown in both contracts' bounds. */
  maxLength?: number;
  /** OpenAPI's example value (Swagger UI builds request bodies from these). */
  example?: unknown;
  /** Marks the field deprecated in both contracts, with this reason in GraphQL. */
  deprecationReason?: string;
  /** GraphQL default value of an input field. */
  defaultValue?: unknown;
  /** The rest of the OpenAPI property (type, format, enum, nullable…); a `description` here overrides the shared one in OpenAPI only. */
  openapi?: ApiPropertyOptions;
}

/**
 * One property in both contracts at once: its GraphQL field and its OpenAPI property share one
 * description, and `optional` / `maxLength` add the validation that goes with them. Properties only
 * GraphQL has keep `@Field`; properties only REST has keep `@ApiProperty` (with a description).
 */
export function ApiField(options?: ApiFieldOptions): PropertyDecorator;
export function ApiField(type: ReturnTypeFunc, options?: ApiFieldOptions): PropertyDecorator;
export function ApiField(typeOrOptions: ReturnTypeFunc | ApiFieldOptions = {}, maybeOptions: ApiFieldOptions = {}): PropertyDecorator {
  const type = typeof typeOrOptions === 'function' ? typeOrOptions : undefined;
  const options = typeof typeOrOptions === 'function' ? maybeOptions : typeOrOptions;
  const { description, optional, maxLength, example, deprecationReason, defaultValue, openapi = {} } = options;
  const nullable = options.nullable ?? (optional ? true : undefined);
  const graphql: FieldOptions = {
    ...(nullable !== undefined && { nullable }),
    ...(description !== undefined && { description }),
    ...(deprecationReason !== undefined && { deprecationReason }),
    ...(defaultValue !== undefined && { defaultValue }),
  } as FieldOptions;
  const decorators: PropertyDecorator[] = [
    type ? Field(type, graphql) : Field(graphql),
    ApiProperty({
      ...(description !== undefined && { description }),
      ...(example !== undefined && { example }),
      ...(deprecationReason !== undefined && { deprecated: true }),
      ...((optional || options.nullable === true) && { required: false }),
      ...(options.nullable === true && { nullable: true, ...openApiTypeOf(type) }),
      ...openapi,
    } as ApiPropertyOptions),
  ];
  if (optional) decorators.push(IsOptional());
  if (maxLength !== undefined) decorators.push(IsString(), MaxLength(maxLength));
  return applyDecorators(...decorators);
}

/**
 * The OpenAPI type of a nullable scalar, from its GraphQL type: TypeScript reports `string | null` and
 * the like as Object, which @nestjs/swagger would otherwise publish as `type: object`.
 */
function openApiTypeOf(type: ReturnTypeFunc | undefined): { type?: unknown; format?: string } {
  const graphql = type?.() as unknown;
  if (graphql === String || graphql === ID) return { type: String };
  if (graphql === Date || graphql === GraphQLISODateTime) return { type: Date };
  if (graphql === Int) return { type: 'integer', format: 'int32' };
  if (graphql === Float || graphql === Number) return { type: Number };
  if (graphql === Boolean) return { type: Boolean };
  return {};
}
