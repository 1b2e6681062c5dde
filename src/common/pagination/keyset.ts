import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from '../errors/domain-error.js';

/** Which column orders a list; `id` breaks ties so the order is total and cursors stable. */
export interface KeysetOrder<T> {
  /**
   * SQL of the sort column, e.g. `station.created_at`. A time column must have millisecond
   * precision (timestamptz(3), as BaseEntity's are): cursors carry JavaScript Dates.
   */
  column: string;
  /** SQL of the unique tie-breaker, e.g. `station.id`. */
  idColumn: string;
  direction: 'ASC' | 'DESC';
  /** What the sort column holds, so a cursor's value is checked before it reaches SQL (default `time`). */
  sortType?: 'time' | 'integer' | 'text';
  /** Reads the sort value and id back from a loaded row, to build its cursor. */
  read(row: T): [string | number | Date | null, string];
}

export interface KeysetRequest {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}

export interface KeysetPage<T> {
  rows: { row: T; cursor: string }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * Runs the finished page query (filters, keyset bound, order, limit) and returns its rows in that
 * order. By default TypeORM loads entities; a hot list may run its own SQL around the query instead.
 */
export type PageLoader<T extends ObjectLiteral> = (page: SelectQueryBuilder<T>) => Promise<T[]>;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Opaque cursor: base64url of `[sortValue, id]`. */
export function encodeCursor(value: string | number | Date | null, id: string): string {
  const sort = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([sort, id])).toString('base64url');
}

function notACursor(argument: string): DomainError {
  return DomainError.badField(argument, 'is not a cursor returned by this list');
}

/** Reads a cursor back: `[sortValue, id]`; anything else is refused naming the argument. */
export function decodeCursor(cursor: string, argument: string): [string | number | null, string] {
  let parsed: unknown;
  try {
    parsed = cursor.length <= MAX_CURSOR_LENGTH ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    throw notACursor(argument);
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[1] === 'string' &&
    (parsed[0] === null || ['string', 'number'].includes(typeof parsed[0]))
  ) {
    return parsed as [string | number | null, string];
  }
  throw notACursor(argument);
}

const MAX_CURSOR_LENGTH = 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// An instant as encodeCursor writes one (toISOString), in the years 0001-9999 PostgreSQL reads.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

/** Whether a cursor's sort value is what the list's sort column holds (a cursor is the client's input like any other). */
function fitsSortColumn(value: string | number | null, type: NonNullable<KeysetOrder<never>['sortType']>): boolean {
  if (value === null) return true;
  if (type === 'integer') return Number.isSafeInteger(value) && (value as number) >= -2_147_483_648 && (value as number) <= 2_147_483_647;
  if (typeof value !== 'string') return false;
  return type === 'text' ? value.length <= 500 : ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Reads a cursor of a keyset list back and checks it against the list's order: the sort value of
 * the column's kind, the id a UUID. A forged cursor is refused naming the argument, where its values
 * used to reach PostgreSQL and fail there (500).
 */
export function decodeKeysetCursor(cursor: string, argument: string, order: Pick<KeysetOrder<never>, 'sortType'>): [string | number | null, string] {
  const [value, id] = decodeCursor(cursor, argument);
  if (!UUID.test(id) || !fitsSortColumn(value, order.sortType ?? 'time')) throw notACursor(argument);
  return [value, id];
}

/**
 * Fetches one page by keyset (`WHERE (sort, id) > (cursor)`), never OFFSET, so deep pages cost
 * the same as the first. Pass `first`/`after` to go forward, `last`/`before` to go back.
 */
export async function fetchKeysetPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
  request: KeysetRequest,
  load: PageLoader<T> = (page) => page.getMany(),
): Promise<KeysetPage<T>> {
  if (request.first !== undefined && request.last !== undefined) {
    throw DomainError.badField('last', 'cannot be combined with first');
  }
  const backward = request.last !== undefined || (request.before !== undefined && request.first === undefined);
  const size = Math.min(Math.max(backward ? (request.last ?? DEFAULT_PAGE_SIZE) : (request.first ?? DEFAULT_PAGE_SIZE), 0), MAX_PAGE_SIZE);
  const forwardAscending = order.direction === 'ASC';
  const ascending = backward ? !forwardAscending : forwardAscending;

  const page = query.clone();
  const bound = (cursor: string, argument: string, greater: boolean, name: string) => {
    const [value, id] = decodeKeysetCursor(cursor, argument, order);
    page.andWhere(`(${order.column}, ${order.idColumn}) ${greater ? '>' : '<'} (:${name}Value, :${name}Id)`, {
      [`${name}Value`]: value,
      [`${name}Id`]: id,
    });
  };
  if (request.after) bound(request.after, 'after', forwardAscending, 'after');
  if (request.before) bound(request.before, 'before', !forwardAscending, 'before');

  const direction = ascending ? 'ASC' : 'DESC';
  page
    .orderBy(order.column, direction)
    .addOrderBy(order.idColumn, direction)
    .take(undefined)
    .limit(size + 1);
  const loaded = size === 0 ? [] : await load(page);
  const extra = loaded.length > size;
  const rows = loaded.slice(0, size);
  if (backward) rows.reverse();
  return {
    rows: rows.map((row) => ({ row, cursor: encodeCursor(...order.read(row)) })),
    hasNextPage: backward ? request.before !== undefined : extra,
    hasPreviousPage: backward ? extra : request.after !== undefined,
  };
}
