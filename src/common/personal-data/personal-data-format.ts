// Normalising, validating and masking of personal data: phone numbers, 居民身份证号码
// national ID numbers and names. Pure functions; nothing here touches keys or storage.

import { shanghaiDate } from '../clock/shanghai.js';

/** Thrown when a personal-data value is malformed; `field` names the input, the message never echoes the value. */
export class PersonalDataFormatError extends Error {
  readonly code = 'PERSONAL_DATA_INVALID_FORMAT';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PersonalDataFormatError';
  }
}

/** Strips whitespace, dashes and a leading +86 / 0086 / 86 country code; returns the remaining (normally 11) digits. */
export function normalisePhone(raw: string): string {
  const compact = raw.replace(/[\s\-\u2010-\u2015]/g, '');
  if (compact.startsWith('+86')) return compact.slice(3);
  // Without a '+', only strip a prefix that leaves exactly an 11-digit number,
  // so a short or odd value is not silently mangled.
  if (compact.length === 15 && compact.startsWith('0086')) return compact.slice(4);
  if (compact.length === 13 && compact.startsWith('86')) return compact.slice(2);
  return compact;
}

/** True for an 11-digit mainland China mobile number (1[3-9] followed by nine digits). */
export function isMainlandMobile(normalised: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalised);
}

/** Trims the ID number and upper-cases a final check character x to X. */
export function normaliseIdNumber(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.endsWith('x') ? `${trimmed.slice(0, -1)}X` : trimmed;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643-1999 check character ('0'-'9' or 'X') for the first 17 digits of an ID number. */
export function idNumberChecksum(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new PersonalDataFormatError('idNumber', 'ID number checksum needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

/** True for an 18-character GB 11643-1999 ID number with a correct check character and a real birth date from 1900-01-01 to today (China time). */
export function isValidIdNumber(normalised: string, today: Date = new Date()): boolean {
  if (!/^\d{17}[\dX]$/.test(normalised)) return false;
  if (idNumberChecksum(normalised.slice(0, 17)) !== normalised[17]) return false;

  const year = Number(normalised.slice(6, 10));
  const month = Number(normalised.slice(10, 12));
  const day = Number(normalised.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 02-30 over to 03-02; a real date survives the round trip.
  if (birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return false;
  }
  const birthKey = normalised.slice(6, 14);
  return birthKey >= '19000101' && birthKey <= chinaDateKey(today);
}

// YYYYMMDD of the given instant in China Standard Time, so "born today" is judged by the
// calendar the ID was issued under, not the server's zone.
function chinaDateKey(instant: Date): string {
  return shanghaiDate(instant).replaceAll('-', '');
}

/** Masks a name to its first and last character (张*三, 欧**明); a two-character name keeps only the first (张*). */
export function maskName(name: string): string {
  const chars = characters(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Masks a phone number to its first 3 and last 4 digits (138****1234). */
export function maskPhone(normalised: string): string {
  return keepEnds(normalised, 3, 4);
}

/** Masks an ID number to its first 3 and last 4 characters (430***********123X). */
export function maskIdNumber(normalised: string): string {
  return keepEnds(normalised, 3, 4);
}

// A text by code point (as Array.from splits it), so rare characters outside the BMP (e.g. 𠮷)
// count as one; a text without surrogate pairs (almost every one) is used as it is, without
// building an array of one-character strings.
function characters(text: string): string | string[] {
  return /[\ud800-\udfff]/.test(text) ? Array.from(text) : text;
}

const joined = (part: string | string[]) => (typeof part === 'string' ? part : part.join(''));

// Keeps `head` and `tail` characters and stars the rest; a value too short to
// keep both ends with something hidden is starred completely.
function keepEnds(value: string, head: number, tail: number): string {
  const chars = characters(value);
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return `${joined(chars.slice(0, head))}${'*'.repeat(chars.length - head - tail)}${joined(chars.slice(-tail))}`;
}
