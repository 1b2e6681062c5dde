import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../errors/domain-error.js';

/** How deep a JSON request body may nest, how many members one of its objects or arrays may hold, and how many values it may hold in all. */
export interface JsonShapeLimits {
  maxDepth: number;
  maxMembers: number;
  maxValues: number;
}

/**
 * The limits on every buffered JSON body (REST and GraphQL alike). No input of this API nests
 * deeper than about ten levels (a GeoJSON import: collection → features → geometry → rings →
 * positions) or holds more than 5,000 items in one list. Values are bounded because each costs
 * Nest's pipe and class-transformer about 3.5 µs whatever the DTO expects: a megabyte of small
 * values took 1.8 s of CPU; 20,000 take about 70 ms.
 */
export const JSON_BODY_LIMITS: JsonShapeLimits = { maxDepth: 32, maxMembers: 10_000, maxValues: 20_000 };

/**
 * Route config for a bulk JSON upload open to staff only (a GeoJSON import), which may hold more
 * values: a megabyte of coordinates is about 150,000. `@RouteConfig(BULK_JSON_BODY_ROUTE)`.
 */
export const BULK_JSON_BODY_ROUTE = { jsonMaxValues: 250_000 } as const;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * Says why a JSON text is shaped beyond `limits`, or null when it is not. One pass over the bytes
 * that skips strings: a megabyte takes about a millisecond, where parsing a megabyte nested half a
 * million levels deep took a second and walking it (Nest's pipe, class-transformer) a second more.
 * Whether the text is valid JSON is left to the parser that runs after it.
 */
export function jsonShapeProblem(bytes: Uint8Array, limits: JsonShapeLimits = JSON_BODY_LIMITS): string | null {
  // Commas seen at each open level: an object or array has one member more than it has commas.
  const commas = new Int32Array(limits.maxDepth + 1);
  let depth = 0;
  // The top value, each object or array, and each value after a comma (an empty [] counts one too many).
  let values = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      for (i++; i < bytes.length && bytes[i] !== QUOTE; i++) if (bytes[i] === BACKSLASH) i++;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > limits.maxDepth) return `The JSON body is nested deeper than ${limits.maxDepth} levels`;
      if (++values > limits.maxValues) return tooManyValues(limits);
      commas[depth] = 0;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (depth > 0) depth--;
    } else if (byte === COMMA && depth > 0) {
      if (++commas[depth] >= limits.maxMembers) return `An object or array in the JSON body has more than ${limits.maxMembers} members`;
      if (++values > limits.maxValues) return tooManyValues(limits);
    }
  }
  return null;
}

function tooManyValues(limits: JsonShapeLimits): string {
  return `The JSON body holds more than ${limits.maxValues} values`;
}

type JsonParser = (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => void;

/**
 * The `application/json` parser of every buffered route: refuses a body shaped beyond
 * JSON_BODY_LIMITS (or a route's BULK_JSON_BODY_ROUTE) as MALFORMED_REQUEST (400) before anything
 * parses it, then parses it as Fastify does (empty and invalid bodies, `__proto__` and
 * `constructor` keys refused the same way).
 */
export function boundedJsonParser(fastify: FastifyInstance, defaults: JsonShapeLimits = JSON_BODY_LIMITS): JsonParser {
  const parse = fastify.getDefaultJsonParser('error', 'error') as unknown as JsonParser;
  const bulk: JsonShapeLimits = { ...defaults, maxValues: BULK_JSON_BODY_ROUTE.jsonMaxValues };
  return (request, body, done) => {
    const config = request.routeOptions?.config as { jsonMaxValues?: number } | undefined;
    const limits = config?.jsonMaxValues ? bulk : defaults;
    const problem = jsonShapeProblem(body, limits);
    if (problem) {
      done(new DomainError(ErrorCode.MALFORMED_REQUEST, problem, { limits }));
      return;
    }
    parse(request, body, done);
  };
}
