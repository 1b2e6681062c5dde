import { isOpenAt, openingHoursErrors, shanghaiLocal, type OpeningHours } from './opening-hours.js';

// 2024-06-07 is a Friday. Instants are written in UTC; Shanghai is UTC+8.
const shanghai = (local: string) => new Date(`${local}+08:00`);

const overnightFriday: OpeningHours = {
  weekly: [
    {
      day: 'MON',
      ranges: [
        { start: '08:00', end: '12:00' },
        { start: '14:00', end: '18:00' },
      ],
    },
    { day: 'FRI', ranges: [{ start: '22:00', end: '02:00' }] },
    { day: 'SUN', ranges: [{ start: '00:00', end: '24:00' }] },
  ],
};

describe('opening hours (Asia/Shanghai)', () => {
  it('reads 23:30 UTC as 07:30 the next day in Shanghai', () => {
    expect(shanghaiLocal(new Date('2024-06-06T23:30:00Z'))).toEqual({ date: '2024-06-07', weekday: 'FRI', minute: 450 });
  });

  it('is open inside a range and closed in the lunch gap between two ranges', () => {
    expect(isOpenAt(overnightFriday, shanghai('2024-06-10T09:00:00'))).toBe(true);
    expect(isOpenAt(overnightFriday, shanghai('2024-06-10T13:00:00'))).toBe(false);
    expect(isOpenAt(overnightFriday, shanghai('2024-06-10T17:59:00'))).toBe(true);
    expect(isOpenAt(overnightFriday, shanghai('2024-06-10T18:00:00'))).toBe(false);
  });

  it('keeps an overnight Friday 22:00–02:00 range open at Saturday 01:00 and closed at 02:00', () => {
    expect(isOpenAt(overnightFriday, shanghai('2024-06-07T21:59:00'))).toBe(false);
    expect(isOpenAt(overnightFriday, shanghai('2024-06-07T22:00:00'))).toBe(true);
    expect(isOpenAt(overnightFriday, shanghai('2024-06-08T01:00:00'))).toBe(true);
    expect(isOpenAt(overnightFriday, shanghai('2024-06-08T02:00:00'))).toBe(false);
  });

  it('is open all day on a 00:00–24:00 day, including 23:59 and midnight', () => {
    expect(isOpenAt(overnightFriday, shanghai('2024-06-09T00:00:00'))).toBe(true);
    expect(isOpenAt(overnightFriday, shanghai('2024-06-09T23:59:00'))).toBe(true);
    expect(isOpenAt(overnightFriday, shanghai('2024-06-10T00:00:00'))).toBe(false);
  });

  it('evaluates in Shanghai time: 23:30 UTC Thursday is Friday 07:30 local, 14:30 UTC Friday is Friday 22:30 local', () => {
    const weekdayMornings: OpeningHours = { weekly: [{ day: 'FRI', ranges: [{ start: '07:00', end: '09:00' }] }] };
    expect(isOpenAt(weekdayMornings, new Date('2024-06-06T23:30:00Z'))).toBe(true);
    expect(isOpenAt(weekdayMornings, new Date('2024-06-07T07:30:00Z'))).toBe(false);
    expect(isOpenAt(overnightFriday, new Date('2024-06-07T14:30:00Z'))).toBe(true);
  });

  it('closes on a dated exception closure (a holiday) while the same weekday of other weeks stays open', () => {
    const hours: OpeningHours = { ...overnightFriday, exceptions: [{ date: '2024-06-10', closed: true, note: '端午节' }] };
    expect(isOpenAt(hours, shanghai('2024-06-10T09:00:00'))).toBe(false);
    expect(isOpenAt(hours, shanghai('2024-06-17T09:00:00'))).toBe(true);
  });

  it('uses special hours on an exception date instead of the weekly ranges', () => {
    const hours: OpeningHours = { ...overnightFriday, exceptions: [{ date: '2024-06-10', ranges: [{ start: '06:00', end: '08:00' }] }] };
    expect(isOpenAt(hours, shanghai('2024-06-10T07:00:00'))).toBe(true);
    expect(isOpenAt(hours, shanghai('2024-06-10T09:00:00'))).toBe(false);
    expect(isOpenAt(hours, shanghai('2024-06-11T07:00:00'))).toBe(false);
  });

  it('lets the previous day own its overnight part: closing Saturday keeps Friday night open until 02:00', () => {
    const hours: OpeningHours = { ...overnightFriday, exceptions: [{ date: '2024-06-08', closed: true }] };
    expect(isOpenAt(hours, shanghai('2024-06-08T01:00:00'))).toBe(true);
    const fridayClosed: OpeningHours = { ...overnightFriday, exceptions: [{ date: '2024-06-07', closed: true }] };
    expect(isOpenAt(fridayClosed, shanghai('2024-06-08T01:00:00'))).toBe(false);
  });

  it('treats a station without published hours as not open', () => {
    expect(isOpenAt(null, new Date())).toBe(false);
  });

  it('names every bad field: malformed times, empty ranges, duplicate days and dates', () => {
    const errors = openingHoursErrors({
      weekly: [
        {
          day: 'MON',
          ranges: [
            { start: '25:00', end: '08:00' },
            { start: '08:00', end: '08:00' },
          ],
        },
        { day: 'MON', ranges: [] },
      ],
      exceptions: [
        { date: '2024-02-30', closed: true },
        { date: '2024-06-10', closed: true, ranges: [{ start: '08:00', end: '09:00' }] },
        { date: '2024-06-10' },
      ],
    });
    expect(errors.map((e) => e.field)).toEqual([
      'openingHours.weekly.0.ranges.0.start',
      'openingHours.weekly.0.ranges.1.end',
      'openingHours.weekly.1.day',
      'openingHours.exceptions.0.date',
      'openingHours.exceptions.1.ranges',
      'openingHours.exceptions.2.date',
      'openingHours.exceptions.2.ranges',
    ]);
  });
});
