// Streaming readers for a roster body: NDJSON, a JSON array, or CSV with a header row. Each yields
// the rows in batches with their line number (a JSON array: the element's position) and never
// holds more than one batch and one partial row in memory.
import { parse as parseCsv } from 'csv-parse';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { ROSTER_RECORD_FIELDS } from './roster-record.js';

/** The body formats a roster sync takes. */
export type RosterBodyFormat = 'ndjson' | 'json' | 'csv';

/** One row of the body: its parsed value, or why it could not be parsed. */
export interface BodyRow {
  line: number;
  value?: unknown;
  /** Set when the row itself is unreadable (bad JSON on one NDJSON line, a CSV row with too many cells). */
  malformed?: string;
}

/** The largest single row accepted; longer rows are rejected without being held whole. */
export const MAX_ROW_BYTES = 64 * 1024;
const BATCH = 500;

/** The roster format of a media type, or UNSUPPORTED_MEDIA_TYPE. */
export function rosterBodyFormat(mediaType: string | undefined): RosterBodyFormat {
  const type = (mediaType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/jsonlines') return 'ndjson';
  if (type === 'application/json') return 'json';
  if (type === 'text/csv') return 'csv';
  throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the roster as application/x-ndjson, application/json (an array) or text/csv', {
    supported: ['application/x-ndjson', 'application/json', 'text/csv'],
  });
}

/** Reads the decoded body in the given format, in batches of rows. */
export function readRosterBody(source: AsyncIterable<Buffer>, format: RosterBodyFormat): AsyncGenerator<BodyRow[]> {
  if (format === 'ndjson') return readNdjson(source);
  if (format === 'json') return readJsonArray(source);
  return readCsv(source);
}

function malformedBody(message: string): DomainError {
  return new DomainError(ErrorCode.MALFORMED_REQUEST, message, { fields: [{ field: 'body', message }] });
}

/** One JSON object per line; blank lines are skipped (but counted). */
export async function* readNdjson(source: AsyncIterable<Buffer>): AsyncGenerator<BodyRow[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let line = 0;
  let batch: BodyRow[] = [];
  const finishLine = (bytes: Buffer) => {
    line++;
    if (tooLong) {
      batch.push({ line, malformed: `The line is longer than ${MAX_ROW_BYTES} bytes` });
      return;
    }
    let text = bytes.toString('utf8');
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return;
    try {
      batch.push({ line, value: JSON.parse(text) });
    } catch {
      batch.push({ line, malformed: 'The line is not valid JSON' });
    }
  };
  for await (const chunk of source) {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      if (pendingBytes + piece.length > MAX_ROW_BYTES) tooLong = true;
      finishLine(pendingBytes > 0 ? Buffer.concat([...pending, piece]) : piece);
      pending = [];
      pendingBytes = 0;
      tooLong = false;
      start = newline + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (!tooLong) {
        pendingBytes += rest.length;
        if (pendingBytes > MAX_ROW_BYTES) {
          tooLong = true;
          pending = [];
        } else {
          pending.push(Buffer.from(rest));
        }
      }
    }
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (pendingBytes > 0 || tooLong) finishLine(Buffer.concat(pending));
  if (batch.length > 0) yield batch;
}

const enum Json {
  BeforeArray,
  BeforeElement,
  InElement,
  AfterElement,
  AfterArray,
}

/**
 * A top-level JSON array, split into its elements without a general streaming parser: a small
 * scanner tracks strings and nesting to find where each element ends, then `JSON.parse` reads it.
 * A broken array structure refuses the whole body; an element that is not an object is one rejected row.
 */
export async function* readJsonArray(source: AsyncIterable<Buffer>): AsyncGenerator<BodyRow[]> {
  let state: Json = Json.BeforeArray;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pieces: Buffer[] = [];
  let elementBytes = 0;
  let tooLong = false;
  let position = 0;
  let batch: BodyRow[] = [];
  let first = true;

  const finishElement = (piece: Buffer) => {
    position++;
    if (tooLong || elementBytes + piece.length > MAX_ROW_BYTES) {
      batch.push({ line: position, malformed: `The element is longer than ${MAX_ROW_BYTES} bytes` });
    } else {
      const text = (pieces.length > 0 ? Buffer.concat([...pieces, piece]) : piece).toString('utf8');
      try {
        batch.push({ line: position, value: JSON.parse(text) });
      } catch {
        throw malformedBody(`Element ${position} of the JSON array is not valid JSON`);
      }
    }
    pieces = [];
    elementBytes = 0;
    tooLong = false;
  };

  for await (const raw of source) {
    let chunk = raw;
    if (first) {
      first = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    let elementStart = state === Json.InElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (state === Json.InElement) {
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === 0x5c) escaped = true;
          else if (byte === 0x22) inString = false;
          continue;
        }
        if (byte === 0x22) inString = true;
        else if (byte === 0x7b || byte === 0x5b) depth++;
        else if (byte === 0x7d || byte === 0x5d) {
          if (depth === 0) {
            // A scalar element ended by the array's closing bracket.
            finishElement(chunk.subarray(elementStart, i));
            state = Json.AfterArray;
            continue;
          }
          depth--;
          if (depth === 0) {
            finishElement(chunk.subarray(elementStart, i + 1));
            state = Json.AfterElement;
          }
        } else if (byte === 0x2c && depth === 0) {
          finishElement(chunk.subarray(elementStart, i));
          state = Json.BeforeElement;
        }
        continue;
      }
      if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
      if (state === Json.BeforeArray) {
        if (byte !== 0x5b) throw malformedBody('A JSON body must be an array of roster records');
        state = Json.BeforeElement;
      } else if (state === Json.BeforeElement) {
        if (byte === 0x5d && position === 0) {
          state = Json.AfterArray;
          continue;
        }
        if (byte === 0x5d || byte === 0x2c) throw malformedBody(`Element ${position + 1} of the JSON array is missing`);
        state = Json.InElement;
        elementStart = i;
        depth = byte === 0x7b || byte === 0x5b ? 1 : 0;
        inString = byte === 0x22;
        escaped = false;
      } else if (state === Json.AfterElement) {
        if (byte === 0x2c) state = Json.BeforeElement;
        else if (byte === 0x5d) state = Json.AfterArray;
        else throw malformedBody(`Expected , or ] after element ${position} of the JSON array`);
      } else {
        throw malformedBody('Nothing may follow the JSON array');
      }
    }
    if (state === Json.InElement) {
      const rest = chunk.subarray(elementStart);
      elementBytes += rest.length;
      if (elementBytes > MAX_ROW_BYTES) {
        tooLong = true;
        pieces = [];
      } else if (!tooLong) {
        pieces.push(Buffer.from(rest));
      }
    }
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if ((state as Json) !== Json.AfterArray) throw malformedBody('The JSON array is not closed');
  if (batch.length > 0) yield batch;
}

const CSV_FIELDS: ReadonlySet<string> = new Set(ROSTER_RECORD_FIELDS);

/** CSV (RFC 4180) with a header row naming the contract's fields; empty cells count as absent. */
export async function* readCsv(source: AsyncIterable<Buffer>): AsyncGenerator<BodyRow[]> {
  const parser = parseCsv({
    bom: true,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: MAX_ROW_BYTES,
  });
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let header: string[] | null = null;
  let batch: BodyRow[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((name) => name.trim());
        const unknown = header.filter((name) => !CSV_FIELDS.has(name));
        if (unknown.length > 0) {
          throw new DomainError(ErrorCode.BAD_USER_INPUT, `Unknown CSV column(s): ${unknown.join(', ')}; send only the contract's fields`, {
            fields: unknown.map((name) => ({ field: name, message: 'is not a roster field' })),
          });
        }
        if (!header.includes('externalId')) throw malformedBody('The CSV header row must name the columns, externalId among them');
        continue;
      }
      if (record.length > header.length) {
        batch.push({ line: info.lines, malformed: `The row has ${record.length} cells; the header has ${header.length}` });
      } else {
        const value: Record<string, string> = {};
        for (let i = 0; i < record.length; i++) if (record[i] !== '') value[header[i]] = record[i];
        batch.push({ line: info.lines, value });
      }
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) throw malformedBody(`The CSV is malformed: ${(error as Error).message}`);
    throw error;
  } finally {
    parser.destroy();
    await feeding;
  }
  if (batch.length > 0) yield batch;
}
