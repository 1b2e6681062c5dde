import type { Readable } from 'node:stream';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../errors/domain-error.js';

/** The .xlsx (Office Open XML spreadsheet) media type. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Internal content type a JSON body is relabelled with on a route that streams its body (see
 * {@link streamJsonOnStreamedRoutes}), so Fastify hands it over as a stream instead of buffering it.
 */
export const STREAMED_JSON_CONTENT_TYPE = 'application/x-newforce-streamed-json';

/**
 * Content types whose bodies reach handlers as a stream (not parsed, not buffered), so large
 * uploads (roster syncs, imports) are read row by row. Registered on Fastify by the app factory.
 */
export const STREAMED_CONTENT_TYPES = ['text/csv', 'application/x-ndjson', STREAMED_JSON_CONTENT_TYPE, XLSX_CONTENT_TYPE] as const;

/**
 * Route config that streams `application/json` too on that route (a JSON array of a million roster
 * records must not be buffered under the 1 MB JSON limit): `@RouteConfig(STREAMED_BODY_ROUTE)`.
 * Every other route keeps Fastify's buffered, size-limited JSON parser.
 */
export const STREAMED_BODY_ROUTE = { streamedBody: true } as const;

const ORIGINAL_CONTENT_TYPE = Symbol('newforce.originalContentType');

type StreamableRequest = FastifyRequest & { [ORIGINAL_CONTENT_TYPE]?: string };

/**
 * Fastify `onRequest` hook (registered by the app factory): on a route marked
 * {@link STREAMED_BODY_ROUTE}, relabels an `application/json` body so the streamed parser takes it,
 * remembering the original type for {@link StreamedUpload}.
 */
export function streamJsonOnStreamedRoutes(request: FastifyRequest): void {
  const config = request.routeOptions?.config as { streamedBody?: boolean } | undefined;
  if (!config?.streamedBody) return;
  const type = request.headers['content-type'];
  if (typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type)) {
    (request as StreamableRequest)[ORIGINAL_CONTENT_TYPE] = type;
    request.headers['content-type'] = STREAMED_JSON_CONTENT_TYPE;
  }
}

/** A streamed request body with what the client said about it. */
export interface StreamedBody {
  stream: Readable;
  /** The Content-Type the client sent. */
  mediaType?: string;
  /** The Content-Encoding the client sent (e.g. gzip). */
  contentEncoding?: string;
}

/** The body of a streamed upload (a route with {@link STREAMED_BODY_ROUTE} or a streamed content type). */
export const StreamedUpload = createParamDecorator((_: unknown, context: ExecutionContext): StreamedBody => {
  const request = context.switchToHttp().getRequest<StreamableRequest>();
  const encoding = request.headers['content-encoding'];
  return {
    stream: request.body as Readable,
    mediaType: request[ORIGINAL_CONTENT_TYPE] ?? request.headers['content-type'],
    contentEncoding: typeof encoding === 'string' ? encoding : undefined,
  };
});

/** Reads a small streamed body (an import file) into text, refusing more than `limitBytes`. */
export async function readStreamedText(body: unknown, limitBytes: number): Promise<string> {
  if (typeof body === 'string') return body;
  return (await readStreamedBuffer(body, limitBytes)).toString('utf8').replace(/^\uFEFF/, '');
}

/** Reads a small streamed binary body (an .xlsx file) into memory, refusing more than `limitBytes`. */
export async function readStreamedBuffer(body: unknown, limitBytes: number): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  if (!body || typeof (body as Readable).on !== 'function') throw DomainError.badInput('The request has no body');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as Readable) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limitBytes) throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file is larger than ${limitBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
