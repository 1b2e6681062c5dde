// What an audit entry may keep of a request's input: secrets dropped, personal data masked
// (PIPL, docs/ARCHITECTURE.md §5), sizes capped. Pure; the audit log and anything else may use it.
import { maskIdNumber, maskName, maskPhone, normaliseIdNumber, normalisePhone } from '../common/personal-data/personal-data-format.js';

/** Limits on what one audit entry stores of an input. */
export interface MaskLimits {
  /** Longer strings are cut and marked with how much was left off. */
  maxStringLength: number;
  /** Longer arrays keep their first items and a marker with the count left off. */
  maxArrayLength: number;
  /** Objects beyond this many keys keep the first ones. */
  maxKeys: number;
  /** Deeper values are replaced by a marker. */
  maxDepth: number;
}

export const DEFAULT_MASK_LIMITS: MaskLimits = { maxStringLength: 500, maxArrayLength: 50, maxKeys: 100, maxDepth: 8 };

/** Keys whose values are credentials: they never reach the audit log, not even masked. */
const SECRET_KEYS = new Set(
  [
    'password',
    'newPassword',
    'currentPassword',
    'oldPassword',
    'refreshToken',
    'accessToken',
    'token',
    'apiKey',
    'key',
    'secret',
    'authorization',
    'verificationCode',
    'loginCode',
    // Open311 form fields: the client's key, and reporter identifiers that have no mask (dropped).
    'api_key',
    'email',
    'device_id',
    'account_id',
  ].map((k) => k.toLowerCase()),
);
const SECRET_PATTERN = /password|secret|token$|apikey$/i;
const LOGIN_CODE = /^\d{6}$/;

const PHONE_KEYS = new Set(['phone', 'phonenumber', 'mobile', 'mobilephone', 'phones']);
const ID_NUMBER_KEYS = new Set(['idnumber', 'idcardnumber', 'idnumbers']);
/** Keys that always hold a person's name. */
const PERSON_NAME_KEYS = new Set(['workername', 'realname', 'contactname', 'reportername', 'personname', 'membername', 'first_name', 'last_name']);

function isPhoneKey(key: string): boolean {
  const k = key.toLowerCase();
  return PHONE_KEYS.has(k) || k.endsWith('phone') || k.endsWith('phonenumber');
}

function isIdNumberKey(key: string): boolean {
  const k = key.toLowerCase();
  return ID_NUMBER_KEYS.has(k) || k.endsWith('idnumber');
}

function isSecret(key: string, value: unknown, siblings: readonly string[]): boolean {
  const k = key.toLowerCase();
  if (SECRET_KEYS.has(k) || SECRET_PATTERN.test(key)) return true;
  // A 6-digit `code` beside a phone is a login code; elsewhere (a region `code` such as 431126) it is data.
  return k === 'code' && LOGIN_CODE.test(String(value)) && siblings.some(isPhoneKey);
}

type Masker = (value: string) => string;
const phoneMasker: Masker = (v) => maskPhone(normalisePhone(v));
const idNumberMasker: Masker = (v) => maskIdNumber(normaliseIdNumber(v));
const nameMasker: Masker = (v) => maskName(v);

/** The masker a key calls for, given the keys beside it; undefined when the value is not personal data. */
function maskerFor(key: string, siblings: readonly string[]): Masker | undefined {
  if (isPhoneKey(key)) return phoneMasker;
  if (isIdNumberKey(key)) return idNumberMasker;
  const k = key.toLowerCase();
  if (PERSON_NAME_KEYS.has(k)) return nameMasker;
  // A bare `name` is a person's only beside a phone or ID number (an enterprise's or a station's name is not personal data).
  if (k === 'name' && siblings.some((s) => isPhoneKey(s) || isIdNumberKey(s))) return nameMasker;
  return undefined;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns a JSON-safe copy of `input` fit for the append-only audit log: credential fields dropped
 * (password, tokens, API keys, a 6-digit login `code` beside a phone), personal data masked by key
 * name (phone → 138****1234, ID number → 430***********123X, a person's name → 张*三), long strings and
 * arrays capped, streams and binary replaced by a marker. The input is never modified.
 */
export function maskChanges(input: unknown, limits: MaskLimits = DEFAULT_MASK_LIMITS): unknown {
  return walk(input, undefined, 0, limits, new WeakSet());
}

function walk(value: unknown, masker: Masker | undefined, depth: number, limits: MaskLimits, ancestors: WeakSet<object>): unknown {
  if (value === null || value === undefined) return value ?? null;
  switch (typeof value) {
    case 'string':
      return capString(masker ? masker(value) : value, limits);
    case 'number':
      if (masker) return masker(String(value));
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return masker ? masker(value.toString()) : value.toString();
    case 'function':
    case 'symbol':
      return undefined;
  }
  const object = value as object;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
  if (object instanceof Uint8Array) return `[binary ${object.byteLength} bytes]`;
  if (typeof (object as { pipe?: unknown }).pipe === 'function') return '[stream]';
  if (depth >= limits.maxDepth) return '[too deep]';
  if (ancestors.has(object)) return '[circular]';
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      const kept = object.slice(0, limits.maxArrayLength).map((item) => walk(item, masker, depth + 1, limits, ancestors) ?? null);
      if (object.length > limits.maxArrayLength) kept.push(`[+${object.length - limits.maxArrayLength} more]`);
      return kept;
    }
    if (object instanceof Map || object instanceof Set) return walk([...object.values()], masker, depth, limits, ancestors);
    // Plain objects, GraphQL's null-prototype argument objects and DTO class instances alike: own enumerable keys.
    const source = isPlainObject(object) ? object : (object as Record<string, unknown>);
    const keys = Object.keys(source).filter((k) => k !== '__proto__');
    const out: Record<string, unknown> = {};
    for (const key of keys.slice(0, limits.maxKeys)) {
      const field = source[key];
      if (isSecret(key, field, keys)) continue;
      const masked = walk(field, maskerFor(key, keys) ?? masker, depth + 1, limits, ancestors);
      if (masked !== undefined) out[key] = masked;
    }
    if (keys.length > limits.maxKeys) out['…'] = `[+${keys.length - limits.maxKeys} more keys]`;
    return out;
  } finally {
    ancestors.delete(object);
  }
}

function capString(value: string, limits: MaskLimits): string {
  if (value.length <= limits.maxStringLength) return value;
  return `${value.slice(0, limits.maxStringLength)}…[+${value.length - limits.maxStringLength} chars]`;
}
