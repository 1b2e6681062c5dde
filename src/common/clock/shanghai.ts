// China Standard Time, the one home for "which day and time is it in Asia/Shanghai". Pure.
//
// Asia/Shanghai has kept UTC+8 all year since 1992 (no daylight saving), so a fixed offset is exact
// for every instant this service stores or reads. Calendar dates are `YYYY-MM-DD` strings: they
// compare as strings and never carry a zone.

/** The IANA zone name, for SQL (`AT TIME ZONE '${SHANGHAI_TIME_ZONE}'`) and job schedules. */
export const SHANGHAI_TIME_ZONE = 'Asia/Shanghai';
/** UTC+8 in milliseconds. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** One calendar day in milliseconds (every Shanghai day is 24 hours long). */
export const DAY_MS = 86_400_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An instant as a Shanghai wall clock reads it. */
export interface ShanghaiParts {
  /** `YYYY-MM-DD` */
  date: string;
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  /** Minutes after local midnight, 0–1439. */
  minuteOfDay: number;
}

/** The Shanghai wall-clock reading of an instant. */
export function shanghaiParts(at: Date): ShanghaiParts {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return {
    date: local.toISOString().slice(0, 10),
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    isoWeekday: ((local.getUTCDay() + 6) % 7) + 1,
    minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/** `YYYY-MM-DD`: the Shanghai calendar date of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm`: an instant to the minute in Shanghai (a `timestamptz` string from SQL is read too). */
export function shanghaiDateTime(at: Date | string): string {
  const local = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** The instant a Shanghai calendar day (`YYYY-MM-DD`) starts: its midnight, 16:00 UTC the day before. */
export function startOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The instant the Shanghai day holding `at` started. */
export function shanghaiMidnight(at: Date): Date {
  return new Date(Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** The instant a Shanghai calendar month starts (year, month 1–12; months past 12 or below 1 roll over). */
export function shanghaiMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - SHANGHAI_OFFSET_MS);
}

/** Whether `YYYY-MM-DD` names a real calendar day (2024-02-30 does not). */
export function isCalendarDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/** A calendar date (`YYYY-MM-DD`) plus whole days (negative for earlier). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A calendar date (`YYYY-MM-DD`) plus whole months, clamped to the month's end (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date (`YYYY-MM-DD`): 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** An instant as W3C/ISO 8601 in Shanghai time with its offset: `2025-10-11T18:00:00+08:00` (Open311 datetimes). */
export function shanghaiIsoDateTime(at: Date): string {
  return `${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}
