// Time-ordered ids (UUIDv7 layout) for the rows one roster statement creates. Random (v4) ids land
// all over a primary key, and with a big roster nearly every insert then reads and dirties an index
// page that is not cached; ids that increase in the order the rows are inserted fill it from the
// right instead. PostgreSQL 15 has no uuidv7(), so the id is assembled in SQL:
//
//   48 bits  the statement's time in ms           (ids of a later sync sort after)
//    4 bits  version 7
//   12 bits  random, drawn once per statement
//    2 bits  variant 10
//   62 bits  from the row: its line in the sync (30 bits) and the first 32 bits of a blind index
//            (hex), the order the rows are inserted in
//
// Unique within a statement (line is), and across statements by time, the random bits and the
// blind index bits. The version bits keep them apart from gen_random_uuid()'s v4 ids. Should one
// still collide, the insert fails with a unique violation like any other (see the callers).
import { randomInt } from 'node:crypto';

/** The first 64 bits (16 hex digits) shared by the ids of one statement: time, version, random. */
export function timeOrderedIdPrefix(now: number = Date.now()): string {
  return now.toString(16).padStart(12, '0').slice(-12) + '7' + randomInt(0x1000).toString(16).padStart(3, '0');
}

const LINE_BITS = 1073741823; // 2^30 - 1

// Variant bits and 62 bits of the row, as 16 hex digits (the top bit is set, so to_hex gives all 16).
function idSql(prefix: string, low62: string): string {
  return `(${prefix}::text || to_hex(x'8000000000000000'::bigint | ${low62}))::uuid`;
}

const first32 = (hex: string) => `('x' || substr(${hex}, 1, 8))::bit(32)::bigint`;

/**
 * SQL for an id that increases with `line` (an integer unique in the statement), then with the blind
 * index `key` (hex text): `prefix` is the parameter holding `timeOrderedIdPrefix()`.
 */
export function lineOrderedIdSql(prefix: string, line: string, key: string): string {
  return idSql(prefix, `((${line}::bigint & ${LINE_BITS}) << 32) | ${first32(key)}`);
}
