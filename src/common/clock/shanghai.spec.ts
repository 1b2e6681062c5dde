import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addDays,
  addMonths,
  isCalendarDate,
  isoWeekdayOf,
  shanghaiDate,
  shanghaiDateTime,
  shanghaiMidnight,
  shanghaiMonthStart,
  shanghaiParts,
  startOfShanghaiDay,
} from './shanghai.js';
import { Clock } from './clock.js';

describe('Shanghai dates and instants', () => {
  it('turns the date at 16:00 UTC, Shanghai midnight', () => {
    expect(shanghaiDate(new Date('2024-06-06T15:59:59.999Z'))).toBe('2024-06-06');
    expect(shanghaiDate(new Date('2024-06-06T16:00:00.000Z'))).toBe('2024-06-07');
    expect(shanghaiDate(new Date('2024-06-07T00:00:00+08:00'))).toBe('2024-06-07');
    expect(shanghaiDate(new Date('2024-06-06T23:59:59+08:00'))).toBe('2024-06-06');
  });

  it('reads the same calendar day before and after UTC midnight when both fall between Shanghai 08:00 and midnight', () => {
    expect(shanghaiDate(new Date('2024-06-06T23:59:00Z'))).toBe('2024-06-07');
    expect(shanghaiDate(new Date('2024-06-07T00:01:00Z'))).toBe('2024-06-07');
  });

  it('crosses years and leap days at Shanghai midnight', () => {
    expect(shanghaiDate(new Date('2023-12-31T16:00:00Z'))).toBe('2024-01-01');
    expect(shanghaiDate(new Date('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
    expect(shanghaiDate(new Date('2024-02-29T16:00:00Z'))).toBe('2024-03-01');
  });

  it('keeps UTC+8 in summer and winter alike (no daylight saving)', () => {
    expect(shanghaiDateTime(new Date('2024-01-15T04:30:00Z'))).toBe('2024-01-15 12:30');
    expect(shanghaiDateTime(new Date('2024-07-15T04:30:00Z'))).toBe('2024-07-15 12:30');
    expect(startOfShanghaiDay('2024-01-15').toISOString()).toBe('2024-01-14T16:00:00.000Z');
    expect(startOfShanghaiDay('2024-07-15').toISOString()).toBe('2024-07-14T16:00:00.000Z');
  });

  it('agrees with the time-zone database for every hour-and-a-bit across 1992–2040', () => {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const start = Date.parse('1992-01-01T00:00:00Z');
    const end = Date.parse('2040-12-31T00:00:00Z');
    // A step of 3h 7m lands on every minute-of-day residue class over the years, midnight included.
    for (let t = start; t < end; t += 187 * 60_000) {
      const parts = Object.fromEntries(format.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
      const expected = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
      if (shanghaiDateTime(new Date(t)) !== expected) throw new Error(`${new Date(t).toISOString()}: ${shanghaiDateTime(new Date(t))} ≠ ${expected}`);
    }
  });

  it('reads an instant as its Shanghai wall clock: date, weekday and minute of the day', () => {
    // 2024-06-06T23:30Z is Friday 2024-06-07 07:30 in Shanghai.
    expect(shanghaiParts(new Date('2024-06-06T23:30:00Z'))).toEqual({ date: '2024-06-07', year: 2024, month: 6, day: 7, isoWeekday: 5, minuteOfDay: 450 });
    expect(shanghaiParts(new Date('2024-06-09T15:59:00Z'))).toMatchObject({ date: '2024-06-09', isoWeekday: 7, minuteOfDay: 1439 });
    expect(shanghaiParts(new Date('2024-06-09T16:00:00Z'))).toMatchObject({ date: '2024-06-10', isoWeekday: 1, minuteOfDay: 0 });
  });

  it('formats an instant to the minute, reading timestamptz text too', () => {
    expect(shanghaiDateTime('2024-02-01 00:00:00+08')).toBe('2024-02-01 00:00');
    expect(shanghaiDateTime(new Date('2024-02-01T15:59:59Z'))).toBe('2024-02-01 23:59');
  });

  it('finds the midnight that began the Shanghai day of an instant', () => {
    expect(shanghaiMidnight(new Date('2024-06-06T23:30:00Z')).toISOString()).toBe('2024-06-06T16:00:00.000Z');
    expect(shanghaiMidnight(new Date('2024-06-06T16:00:00Z')).toISOString()).toBe('2024-06-06T16:00:00.000Z');
    expect(shanghaiMidnight(new Date('2024-06-06T15:59:59Z')).toISOString()).toBe('2024-06-05T16:00:00.000Z');
  });

  it('starts months at Shanghai midnight of the 1st, rolling months over the year', () => {
    expect(shanghaiMonthStart(2024, 3).toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(shanghaiMonthStart(2024, 13).toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(shanghaiMonthStart(2024, 0).toISOString()).toBe('2023-11-30T16:00:00.000Z');
  });

  it('checks and adds calendar dates without a zone', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-2-9')).toBe(false);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(isoWeekdayOf('2024-06-07')).toBe(5);
    expect(isoWeekdayOf('2024-06-09')).toBe(7);
  });

  it("gives the clock's today in Shanghai, not in UTC or the server's zone", () => {
    const clock = new Clock();
    clock.set(new Date('2024-06-06T17:00:00Z'));
    expect(clock.today()).toBe('2024-06-07');
    clock.set(new Date('2024-06-06T15:00:00Z'));
    expect(clock.today()).toBe('2024-06-06');
  });
});

describe('the clock is the one home for Shanghai time', () => {
  // Any of these outside src/common/clock is a second way of working out Shanghai dates or times
  // (a time written out in UTC, as in a webhook's disabled reason, is not).
  const patterns = [
    /['"`]Asia\/Shanghai['"`]/,
    /AT TIME ZONE '(?!\$\{SHANGHAI_TIME_ZONE\}|UTC')/i,
    /\b8 \* (?:3600|3_600|60 \* 60)/,
    /timeZone:/,
    /toLocaleDateString|toLocaleTimeString/,
  ];
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
    );

  it('has no other code in src/ that names the zone or adds eight hours', () => {
    const clockDir = join('src', 'common', 'clock');
    const offenders = files('src')
      .filter((file) => !file.startsWith(clockDir) && !file.endsWith('.spec.ts'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ file, line: index + 1, text: line })),
      )
      .filter(({ text }) => patterns.some((pattern) => pattern.test(text)))
      .map(({ file, line, text }) => `${file}:${line}: ${text.trim()}`);
    expect(offenders).toEqual([]);
  });
});
