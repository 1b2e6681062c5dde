import { addDays, isoWeekdayOf, shanghaiDate, startOfShanghaiDay } from './shanghai.js';

const MINUTE_MS = 60_000;

/**
 * What the holiday calendar says of a day (`YYYY-MM-DD`): `true` a working day (a make-up working
 * weekend day, 调休上班), `false` a day off (a public holiday), `undefined` not listed (Monday to
 * Friday work, weekends are off).
 */
export type CalendarLookup = (date: string) => boolean | undefined;

/** `HH:MM` as minutes after midnight; `18:00` → 1080. */
export function minutesOfDay(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`${time} is not a time of day (HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whether a Shanghai calendar day is a working day by the calendar, else by the weekday. */
export function isWorkingDay(date: string, calendar: CalendarLookup): boolean {
  return calendar(date) ?? isoWeekdayOf(date) <= 5;
}

/**
 * The close of the `days`th working day after the day of `from` (Asia/Shanghai): dispatched on
 * Tuesday 30 September 2025 with 3 working days and the 1–8 October holiday, the deadline is the
 * close of Saturday 11 October (a make-up working day). The day of `from` itself never counts,
 * whether or not it is a working day. Also answers the calendar days it looked at.
 */
export function workingDaysDeadline(from: Date, days: number, calendar: CalendarLookup, closesAtMinutes: number): { deadline: Date; datesLookedAt: string[] } {
  if (!Number.isInteger(days) || days < 1) throw new Error(`working days must be a positive integer, not ${days}`);
  let date = shanghaiDate(from);
  const datesLookedAt: string[] = [];
  let counted = 0;
  while (counted < days) {
    date = addDays(date, 1);
    datesLookedAt.push(date);
    if (isWorkingDay(date, calendar)) counted += 1;
  }
  return { deadline: new Date(startOfShanghaiDay(date).getTime() + closesAtMinutes * MINUTE_MS), datesLookedAt };
}
