import type { Readable } from 'node:stream';
import { DomainError, ErrorCode } from '../errors/domain-error.js';

/** The .xlsx (Office Open XML spreadsheet) media type. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Content types whose bodies reach handlers as a stream (not parsed, not buffered), so large
 * uploads (roster syncs, imports) are read row by row. Registered on Fastify by the app factory.
 */
export const STREAMED_CONTENT_TYPES = ['text/csv', 'application/x-ndjson', XLSX_CONTENT_TYPE] as const;

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
