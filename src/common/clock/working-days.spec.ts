import { isWorkingDay, minutesOfDay, workingDaysDeadline, type CalendarLookup } from './working-days.js';

// 2025 National Day and Mid-Autumn: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
const listed: Record<string, boolean> = { '2025-09-28': true, '2025-10-11': true };
for (let d = 1; d <= 8; d++) listed[`2025-10-0${d}`] = false;
const calendar: CalendarLookup = (date) => listed[date];
const CLOSE = minutesOfDay('18:00');

describe('working days', () => {
  it('reads HH:MM and refuses anything else', () => {
    expect(minutesOfDay('18:00')).toBe(1080);
    expect(minutesOfDay('08:30')).toBe(510);
    expect(() => minutesOfDay('24:00')).toThrow();
    expect(() => minutesOfDay('6pm')).toThrow();
  });

  it('follows the calendar first, then the weekday', () => {
    expect(isWorkingDay('2025-09-28', calendar)).toBe(true); // a Sunday worked
    expect(isWorkingDay('2025-10-01', calendar)).toBe(false); // a Wednesday off
    expect(isWorkingDay('2025-09-27', calendar)).toBe(false); // an ordinary Saturday
    expect(isWorkingDay('2025-09-26', calendar)).toBe(true); // an ordinary Friday
  });

  it('ends 3 working days across National Day at the close of the make-up Saturday', () => {
    // Dispatched Tuesday 30 September, 10:00 Shanghai: 9, 10 and 11 October.
    const { deadline, datesLookedAt } = workingDaysDeadline(new Date('2025-09-30T10:00:00+08:00'), 3, calendar, CLOSE);
    expect(deadline.toISOString()).toBe(new Date('2025-10-11T18:00:00+08:00').toISOString());
    expect(datesLookedAt[0]).toBe('2025-10-01');
    expect(datesLookedAt.at(-1)).toBe('2025-10-11');
  });

  it('counts a make-up Sunday and never the dispatch day itself, even dispatched after the close', () => {
    // Friday 26 September 23:30: 28 (worked Sunday), 29 and 30 September.
    expect(workingDaysDeadline(new Date('2025-09-26T23:30:00+08:00'), 3, calendar, CLOSE).deadline.toISOString()).toBe(
      new Date('2025-09-30T18:00:00+08:00').toISOString(),
    );
    // 00:30 Shanghai on Saturday 27 September is still Friday 16:30 UTC: the Shanghai day decides.
    expect(workingDaysDeadline(new Date('2025-09-26T16:30:00Z'), 1, calendar, CLOSE).deadline.toISOString()).toBe(
      new Date('2025-09-28T18:00:00+08:00').toISOString(),
    );
  });

  it('uses the closing time given and refuses a count that is not a positive integer', () => {
    expect(workingDaysDeadline(new Date('2025-09-29T09:00:00+08:00'), 1, calendar, minutesOfDay('17:30')).deadline.toISOString()).toBe(
      new Date('2025-09-30T17:30:00+08:00').toISOString(),
    );
    expect(() => workingDaysDeadline(new Date(), 0, calendar, CLOSE)).toThrow();
    expect(() => workingDaysDeadline(new Date(), 1.5, calendar, CLOSE)).toThrow();
  });
});
