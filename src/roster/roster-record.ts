// The roster record contract (docs/ARCHITECTURE.md §8) and its per-row rules. Pure functions: no keys, no storage.
import { isMainlandMobile, isValidIdNumber, normaliseIdNumber, normalisePhone } from '../common/personal-data/personal-data-format.js';
import { RosterSyncMode } from './roster-sync.entity.js';

/** Every field a platform may send; anything else is refused (PIPL: platforms send only what the contract lists). */
export const ROSTER_RECORD_FIELDS = [
  'externalId',
  'name',
  'phone',
  'idNumber',
  'gender',
  'siteName',
  'siteLat',
  'siteLng',
  'regionCode',
  'partyMember',
  'op',
] as const;
const KNOWN_FIELDS: ReadonlySet<string> = new Set(ROSTER_RECORD_FIELDS);

/** Most rows one sync may carry (a county's platform has far fewer riders); past it the upload is refused whole (413). */
export const ROSTER_MAX_ROWS = 5_000_000;

/** Stable codes of why a row was rejected. */
export enum RosterRejectionCode {
  MALFORMED_ROW = 'MALFORMED_ROW',
  UNKNOWN_FIELD = 'UNKNOWN_FIELD',
  MISSING_FIELD = 'MISSING_FIELD',
  INVALID_FIELD = 'INVALID_FIELD',
  INVALID_PHONE = 'INVALID_PHONE',
  INVALID_ID_NUMBER = 'INVALID_ID_NUMBER',
  INVALID_COORDINATES = 'INVALID_COORDINATES',
  UNKNOWN_REGION = 'UNKNOWN_REGION',
  DUPLICATE_EXTERNAL_ID = 'DUPLICATE_EXTERNAL_ID',
  UNKNOWN_RIDER = 'UNKNOWN_RIDER',
}

/** One problem of a row: its code, the field at fault (if one) and the reason in words (never the value). */
export interface RosterProblem {
  code: RosterRejectionCode;
  field: string | null;
  reason: string;
}

/**
 * One rejected row: its first problem (code, field, reason) and every problem it has, so a platform
 * fixes a row once rather than once per field.
 */
export interface RosterRejection extends RosterProblem {
  /** The row's externalId when it had a usable one: a rejected rider is never deactivated. */
  externalId: string | null;
  /** Every problem of the row, the first one included, in field order. */
  problems: RosterProblem[];
}

/** A valid rider record, normalised (phone digits only, ID check character upper-case, names trimmed). */
export interface RosterRider {
  externalId: string;
  name: string;
  phone: string;
  idNumber: string | null;
  gender: 'MALE' | 'FEMALE' | null;
  siteName: string;
  siteLat: number;
  siteLng: number;
  regionCode: string;
  partyMember: boolean;
}

/** What one row asks for. */
export type RosterRow = { kind: 'upsert'; rider: RosterRider } | { kind: 'deactivate'; externalId: string } | { kind: 'reject'; rejection: RosterRejection };

// Delivery sites lie in China: mainland, Hainan and the islands of the South China Sea.
const LATITUDE = { min: 3, max: 54 };
const LONGITUDE = { min: 73, max: 136 };
/** The contract's genders: nothing else (M, 男, …) is guessed at. */
export const ROSTER_GENDERS = ['MALE', 'FEMALE'] as const;

class RowError extends Error {
  constructor(
    readonly code: RosterRejectionCode,
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks one record against the contract: required fields, mainland mobile, GB 11643 ID checksum,
 * coordinates within China, a known region (`isKnownRegion`), and `op` in delta mode. CSV cells
 * arrive as strings; an empty cell counts as absent. Every field is checked, so a rejected row lists
 * all its problems. Duplicates across rows are found later, over the whole sync.
 */
export function validateRosterRecord(value: unknown, mode: RosterSyncMode, isKnownRegion: (code: string) => boolean, today: Date = new Date()): RosterRow {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return reject([{ code: RosterRejectionCode.MALFORMED_ROW, field: null, reason: 'The row is not an object' }], null);
  }
  const record = value as Record<string, unknown>;
  const problems: RosterProblem[] = [];
  const check = checker(problems);
  const externalId = check(() => requiredText(record, 'externalId', 64)) ?? null;
  for (const key of Object.keys(record)) {
    if (!KNOWN_FIELDS.has(key)) {
      problems.push({
        code: RosterRejectionCode.UNKNOWN_FIELD,
        field: key.slice(0, 40),
        reason: `${key.slice(0, 40)} is not a roster field; send only the contract's fields (${ROSTER_RECORD_FIELDS.join(', ')})`,
      });
    }
  }
  const op = check(() => optionalText(record, 'op', 12)?.toLowerCase() ?? null) ?? null;
  if (mode === RosterSyncMode.DELTA) {
    if (op === null && !problems.some((p) => p.field === 'op'))
      problems.push({ code: RosterRejectionCode.MISSING_FIELD, field: 'op', reason: 'op is required in a delta sync (upsert or deactivate)' });
    else if (op !== null && op !== 'upsert' && op !== 'deactivate')
      problems.push({ code: RosterRejectionCode.INVALID_FIELD, field: 'op', reason: 'op must be one of: upsert, deactivate' });
    if (op === 'deactivate') return problems.length > 0 || externalId === null ? reject(problems, externalId) : { kind: 'deactivate', externalId };
  } else if (op !== null && op !== 'upsert') {
    problems.push({
      code: RosterRejectionCode.INVALID_FIELD,
      field: 'op',
      reason: 'A snapshot lists active riders only; op deactivate belongs in a delta sync',
    });
  }
  const rider = riderOf(record, check, isKnownRegion, today);
  if (problems.length > 0 || externalId === null || rider === null) return reject(problems, externalId);
  return { kind: 'upsert', rider: { externalId, ...rider } };
}

/** Runs one field's check, keeping its problem (and answering undefined) instead of stopping there. */
function checker(problems: RosterProblem[]): <T>(read: () => T) => T | undefined {
  return (read) => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      problems.push({ code: error.code, field: error.field, reason: error.message });
      return undefined;
    }
  };
}

function riderOf(
  record: Record<string, unknown>,
  check: <T>(read: () => T) => T | undefined,
  isKnownRegion: (code: string) => boolean,
  today: Date,
): Omit<RosterRider, 'externalId'> | null {
  const name = check(() => requiredText(record, 'name', 50));
  const phone = check(() => {
    const digits = normalisePhone(requiredText(record, 'phone', 20));
    if (!isMainlandMobile(digits)) throw new RowError(RosterRejectionCode.INVALID_PHONE, 'phone', 'phone must be an 11-digit mainland China mobile number');
    return digits;
  });
  const idNumber = check(() => {
    const raw = optionalText(record, 'idNumber', 20);
    const normalised = raw === null ? null : normaliseIdNumber(raw);
    if (normalised !== null && !isValidIdNumber(normalised, today)) {
      throw new RowError(
        RosterRejectionCode.INVALID_ID_NUMBER,
        'idNumber',
        'idNumber must be 18 characters with a valid check character and birth date (GB 11643-1999)',
      );
    }
    return normalised;
  });
  const gender = check(() => {
    const raw = optionalText(record, 'gender', 10);
    if (raw === null) return null;
    const found = ROSTER_GENDERS.find((allowed) => allowed === raw.toUpperCase());
    if (!found) throw new RowError(RosterRejectionCode.INVALID_FIELD, 'gender', `gender must be one of: ${ROSTER_GENDERS.join(', ')} (or absent)`);
    return found;
  });
  const siteName = check(() => requiredText(record, 'siteName', 200));
  const siteLat = check(() => coordinate(record, 'siteLat', LATITUDE));
  const siteLng = check(() => coordinate(record, 'siteLng', LONGITUDE));
  const regionCode = check(() => {
    const code = requiredText(record, 'regionCode', 12);
    if (!/^\d{6}(\d{3}){0,2}$/.test(code) || !isKnownRegion(code)) {
      throw new RowError(
        RosterRejectionCode.UNKNOWN_REGION,
        'regionCode',
        'regionCode is not a known county, township or community code (GET /api/v1/regions lists them)',
      );
    }
    return code;
  });
  const partyMember = check(() => flag(record, 'partyMember'));
  if (
    name === undefined ||
    phone === undefined ||
    idNumber === undefined ||
    gender === undefined ||
    siteName === undefined ||
    siteLat === undefined ||
    siteLng === undefined ||
    regionCode === undefined ||
    partyMember === undefined
  ) {
    return null;
  }
  return { name, phone, idNumber, gender, siteName, siteLat, siteLng, regionCode, partyMember };
}

/**
 * The canonical text of a rider that the row hash is computed over: every field, normalised, in a
 * fixed order, so equal riders hash equal whatever the body's format or key order.
 */
export function rosterRowHashInput(rider: RosterRider): string {
  return JSON.stringify([
    rider.externalId,
    rider.name,
    rider.phone,
    rider.idNumber,
    rider.gender,
    rider.siteName,
    rider.siteLat,
    rider.siteLng,
    rider.regionCode,
    rider.partyMember,
  ]);
}

function reject(problems: RosterProblem[], externalId: string | null): RosterRow {
  const [first] = problems;
  return { kind: 'reject', rejection: { ...first, externalId, problems } };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function requiredText(record: Record<string, unknown>, field: string, maxLength: number): string {
  const text = optionalText(record, field, maxLength);
  if (text === null) throw new RowError(RosterRejectionCode.MISSING_FIELD, field, `${field} is required`);
  return text;
}

function optionalText(record: Record<string, unknown>, field: string, maxLength: number): string | null {
  const value = record[field];
  if (!present(value)) return null;
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    throw new RowError(RosterRejectionCode.INVALID_FIELD, field, `${field} must be text`);
  }
  const trimmed = String(value).trim();
  // Runs of whitespace become one space; most values have none to collapse (checked first, as
  // this runs for every field of every roster row).
  const text = COLLAPSIBLE_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
  if (text === '') return null;
  if (hasControlCharacter(text)) throw new RowError(RosterRejectionCode.INVALID_FIELD, field, `${field} contains control characters`);
  // Characters, not UTF-16 units; a text no longer in units than the limit is within it in characters.
  if (text.length > maxLength && [...text].length > maxLength) {
    throw new RowError(RosterRejectionCode.INVALID_FIELD, field, `${field} is longer than ${maxLength} characters`);
  }
  return text;
}

// Two whitespace characters in a row, or one that is not a plain space.
const COLLAPSIBLE_SPACE = /\s\s|[^\S ]/;

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function coordinate(record: Record<string, unknown>, field: string, range: { min: number; max: number }): number {
  const value = record[field];
  if (!present(value)) throw new RowError(RosterRejectionCode.MISSING_FIELD, field, `${field} is required`);
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(number)) throw new RowError(RosterRejectionCode.INVALID_COORDINATES, field, `${field} must be a number`);
  if (number < range.min || number > range.max) {
    throw new RowError(RosterRejectionCode.INVALID_COORDINATES, field, `${field} must be between ${range.min} and ${range.max} (a site in China)`);
  }
  return number;
}

function flag(record: Record<string, unknown>, field: string): boolean {
  const value = record[field];
  if (!present(value)) return false;
  if (value === true || value === 1 || value === 'true' || value === '1' || value === 'TRUE') return true;
  if (value === false || value === 0 || value === 'false' || value === '0' || value === 'FALSE') return false;
  throw new RowError(RosterRejectionCode.INVALID_FIELD, field, `${field} must be true or false`);
}
