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

/** Reads a cursor back; a cursor this service did not issue is refused naming the argument. */
export function decodeCursor(cursor: string, argument: string): [string | number | null, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      return parsed as [string | number | null, string];
    }
  } catch {
    // fall through to the refusal below
  }
  throw DomainError.badField(argument, 'is not a cursor returned by this list');
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
  const size = Math.min(Math.max(backward ? request.last ?? DEFAULT_PAGE_SIZE : request.first ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
  const forwardAscending = order.direction === 'ASC';
  const ascending = backward ? !forwardAscending : forwardAscending;

  const page = query.clone();
  const bound = (cursor: string, argument: string, greater: boolean, name: string) => {
    const [value, id] = decodeCursor(cursor, argument);
    page.andWhere(`(${order.column}, ${order.idColumn}) ${greater ? '>' : '<'} (:${name}Value, :${name}Id)`, {
      [`${name}Value`]: value,
      [`${name}Id`]: id,
    });
  };
  if (request.after) bound(request.after, 'after', forwardAscending, 'after');
  if (request.before) bound(request.before, 'before', !forwardAscending, 'before');

  const direction = ascending ? 'ASC' : 'DESC';
  page.orderBy(order.column, direction).addOrderBy(order.idColumn, direction).take(undefined).limit(size + 1);
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
