import { addDays, isCalendarDate, isoWeekdayOf, shanghaiParts } from '../../common/clock/shanghai.js';
import type { FieldError } from '../../common/errors/domain-error.js';

/** Days of the week, Monday first (ISO order). */
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM` to `HH:MM` local time. An end at or before the start runs past midnight (22:00–02:00); `00:00`–`24:00` is all day. */
export interface TimeRange {
  start: string;
  end: string;
}

/** The ranges a station keeps on one day of the week (several allowed: 07:00–11:00 and 17:00–21:00). */
export interface DayHours {
  day: Weekday;
  ranges: TimeRange[];
}

/** A dated exception: a holiday closure (`closed`), or special hours replacing that day's weekly ranges. */
export interface HoursException {
  date: string;
  closed?: boolean;
  ranges?: TimeRange[];
  note?: string;
}

/** 营业时间 A station's weekly schedule and dated exceptions, read in Asia/Shanghai. */
export interface OpeningHours {
  weekly: DayHours[];
  exceptions?: HoursException[];
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Every well-formed `HH:MM` read so far (there are 1,441), so a search over many stations parses each once. */
const minutesByTime = new Map<string, number>();

/** Minutes after local midnight of `HH:MM` (`24:00` = 1440). */
export function minutesOf(time: string): number {
  const known = minutesByTime.get(time);
  if (known !== undefined) return known;
  const match = TIME.exec(time);
  if (!match) throw new Error(`not a time: ${time}`);
  const minutes = Number(match[1] ?? match[3]) * 60 + Number(match[2] ?? match[4]);
  minutesByTime.set(time, minutes);
  return minutes;
}

/** The local (Asia/Shanghai) calendar date, weekday and minute of the day of an instant. */
export function shanghaiLocal(at: Date): { date: string; weekday: Weekday; minute: number } {
  const local = shanghaiParts(at);
  return { date: local.date, weekday: WEEKDAYS[local.isoWeekday - 1], minute: local.minuteOfDay };
}

/** The calendar date before `date` (`YYYY-MM-DD`) and its weekday. */
function dayBefore(date: string): { date: string; weekday: Weekday } {
  const previous = addDays(date, -1);
  return { date: previous, weekday: WEEKDAYS[isoWeekdayOf(previous) - 1] };
}

/** The ranges that apply on a date: its exception's (none if closed), else the weekly ones for its weekday. */
export function rangesOn(hours: OpeningHours, date: string, weekday: Weekday): TimeRange[] {
  const exception = hours.exceptions?.find((e) => e.date === date);
  if (exception) return exception.closed ? [] : (exception.ranges ?? []);
  return hours.weekly.filter((d) => d.day === weekday).flatMap((d) => d.ranges);
}

/** An instant as Asia/Shanghai reads it, with the day before (whose overnight ranges may still run). */
export interface ShanghaiMoment {
  date: string;
  weekday: Weekday;
  minute: number;
  yesterday: { date: string; weekday: Weekday };
}

let lastMoment: { minute: number; moment: ShanghaiMoment } | undefined;

/**
 * The local reading of an instant, worked out once when many stations are checked against it (and
 * once a minute, since nothing in it changes within a minute). Read-only.
 */
export function shanghaiMoment(at: Date): ShanghaiMoment {
  const minute = Math.floor(at.getTime() / 60_000);
  if (lastMoment?.minute === minute) return lastMoment.moment;
  const now = shanghaiLocal(at);
  const moment = { ...now, yesterday: dayBefore(now.date) };
  lastMoment = { minute, moment };
  return moment;
}

/**
 * Whether a station with these hours is open at an instant. A day's ranges own their overnight
 * part: Friday 22:00–02:00 is open at Saturday 01:00 even when Saturday itself is closed by an
 * exception (the exception closes Saturday's own opening). No published hours = not open.
 */
export function isOpenAt(hours: OpeningHours | null | undefined, at: Date): boolean {
  return isOpenAtMoment(hours, shanghaiMoment(at));
}

/** `isOpenAt` for an instant already read in Asia/Shanghai (`shanghaiMoment`). */
export function isOpenAtMoment(hours: OpeningHours | null | undefined, now: ShanghaiMoment): boolean {
  if (!hours) return false;
  return (
    anyRangeOn(hours, now.date, now.weekday, (start, end) => (end > start ? now.minute >= start && now.minute < end : now.minute >= start)) ||
    anyRangeOn(hours, now.yesterday.date, now.yesterday.weekday, (start, end) => end <= start && now.minute < end)
  );
}

/** Whether one of the ranges that apply on a date (as `rangesOn` picks them) passes `test`, without building the list. */
function anyRangeOn(hours: OpeningHours, date: string, weekday: Weekday, test: (start: number, end: number) => boolean): boolean {
  const exception = hours.exceptions?.find((e) => e.date === date);
  if (exception) {
    if (exception.closed) return false;
    for (const range of exception.ranges ?? []) if (test(minutesOf(range.start), minutesOf(range.end))) return true;
    return false;
  }
  for (const day of hours.weekly) {
    if (day.day !== weekday) continue;
    for (const range of day.ranges) if (test(minutesOf(range.start), minutesOf(range.end))) return true;
  }
  return false;
}

/** Problems with a schedule, each naming its field (`openingHours.weekly.0.ranges.1.end`); empty when it is sound. */
export function openingHoursErrors(hours: OpeningHours, field = 'openingHours'): FieldError[] {
  const errors: FieldError[] = [];
  const checkRanges = (ranges: TimeRange[], at: string) =>
    ranges.forEach((range, i) => {
      if (!TIME.test(range.start) || range.start === '24:00') errors.push({ field: `${at}.${i}.start`, message: 'must be a time HH:MM from 00:00 to 23:59' });
      if (!TIME.test(range.end)) errors.push({ field: `${at}.${i}.end`, message: 'must be a time HH:MM from 00:00 to 24:00' });
      else if (TIME.test(range.start) && minutesOf(range.start) === minutesOf(range.end)) {
        errors.push({ field: `${at}.${i}.end`, message: 'must differ from start (use 00:00–24:00 for all day)' });
      }
    });
  const days = new Set<string>();
  hours.weekly.forEach((day, i) => {
    if (days.has(day.day)) errors.push({ field: `${field}.weekly.${i}.day`, message: `${day.day} is listed twice` });
    days.add(day.day);
    checkRanges(day.ranges, `${field}.weekly.${i}.ranges`);
  });
  const dates = new Set<string>();
  (hours.exceptions ?? []).forEach((exception, i) => {
    const at = `${field}.exceptions.${i}`;
    if (!isCalendarDate(exception.date)) {
      errors.push({ field: `${at}.date`, message: 'must be a date YYYY-MM-DD' });
    } else if (dates.has(exception.date)) {
      errors.push({ field: `${at}.date`, message: `${exception.date} is listed twice` });
    }
    dates.add(exception.date);
    if (exception.closed && exception.ranges?.length) errors.push({ field: `${at}.ranges`, message: 'must be empty on a closed day' });
    if (!exception.closed && !exception.ranges?.length)
      errors.push({ field: `${at}.ranges`, message: 'special hours need at least one range (or set closed)' });
    checkRanges(exception.ranges ?? [], `${at}.ranges`);
  });
  return errors;
}
