// The period an overview covers and its calendar months (China Standard Time). Pure.

import { shanghaiDate, shanghaiMonthStart, shanghaiParts, startOfShanghaiDay } from '../../common/clock/shanghai.js';

/** Most months a monthly series holds (the latest ones of the period). */
export const MAX_SERIES_MONTHS = 24;
/** Months in the series when no `from` is given (ending with the month of `to`). */
export const DEFAULT_SERIES_MONTHS = 12;
/** `from` when none is given: flow figures then count since records began. */
export const BEGINNING = startOfShanghaiDay('2000-01-01');

/** The resolved period: flows count in [from, to); stocks are read as of `asOfDay` (the last day, capped at today). */
export interface OverviewPeriod {
  from: Date;
  to: Date;
  /** Whether `from` was given (else the series covers the last 12 months). */
  fromGiven: boolean;
  /** `YYYY-MM-DD` in Asia/Shanghai: the day of the instant just before `to`, or today if `to` is later. */
  asOfDay: string;
}

/** One calendar month of the series, clipped to the period. */
export interface SeriesMonth {
  /** `YYYY-MM` */
  month: string;
  from: Date;
  to: Date;
  asOfDay: string;
}

/** The as-of day of stock figures for a period ending (exclusive) at `to`, never after `now`. */
export function asOfDay(to: Date, now: Date): string {
  const end = Math.min(to.getTime(), now.getTime() + 1);
  return shanghaiDate(new Date(end - 1));
}

/** Resolves optional `from`/`to` (`to` defaults to now; `from` to the beginning of records). `null` = refused, naming the field. */
export function resolvePeriod(from: Date | undefined | null, to: Date | undefined | null, now: Date): OverviewPeriod | { field: string; message: string } {
  const end = to ?? now;
  const start = from ?? BEGINNING;
  if (start.getTime() >= end.getTime()) return { field: 'from', message: 'must be earlier than to' };
  return { from: start, to: end, fromGiven: !!from, asOfDay: asOfDay(end, now) };
}

/**
 * The calendar months of the series: every month the period touches (at most the latest 24), or,
 * when no `from` was given, the 12 months ending with the month of `to`. Each is clipped to the period.
 */
export function seriesMonths(period: OverviewPeriod, now: Date): SeriesMonth[] {
  const last = shanghaiParts(new Date(period.to.getTime() - 1));
  const lastYear = last.year;
  const lastMonth = last.month;
  let count: number;
  if (period.fromGiven) {
    const first = shanghaiParts(period.from);
    count = (lastYear - first.year) * 12 + (lastMonth - first.month) + 1;
    count = Math.min(count, MAX_SERIES_MONTHS);
  } else {
    count = DEFAULT_SERIES_MONTHS;
  }
  const months: SeriesMonth[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = shanghaiMonthStart(lastYear, lastMonth - i);
    const end = shanghaiMonthStart(lastYear, lastMonth - i + 1);
    const from = new Date(Math.max(start.getTime(), period.fromGiven ? period.from.getTime() : start.getTime()));
    const to = new Date(Math.min(end.getTime(), period.to.getTime()));
    months.push({ month: shanghaiDate(start).slice(0, 7), from, to, asOfDay: asOfDay(to, now) });
  }
  return months;
}
