import { STATION_CERTIFICATION_SQL } from '../../care/station-inspections/station-inspections.sql.js';
import { asOfDay, BEGINNING, MAX_SERIES_MONTHS, resolvePeriod, seriesMonths, type OverviewPeriod } from './overview-period.js';
import { OVERVIEW_SERIES_SQL } from './overview.sql.js';

const NOW = new Date('2024-06-15T04:00:00Z'); // 12:00 in Shanghai

describe('overview period', () => {
  it('defaults to since records began up to now', () => {
    const period = resolvePeriod(undefined, undefined, NOW) as OverviewPeriod;
    expect(period).toEqual({ from: BEGINNING, to: NOW, fromGiven: false, asOfDay: '2024-06-15' });
  });

  it('refuses a period that does not start before it ends, naming from', () => {
    expect(resolvePeriod(new Date('2024-02-01'), new Date('2024-02-01'), NOW)).toEqual({ field: 'from', message: 'must be earlier than to' });
  });

  it('reads stocks on the Shanghai day just before `to`, never after today', () => {
    expect(asOfDay(new Date('2024-03-01T00:00:00+08:00'), NOW)).toBe('2024-02-29');
    expect(asOfDay(new Date('2024-03-01T00:00:01+08:00'), NOW)).toBe('2024-03-01');
    expect(asOfDay(new Date('2030-01-01T00:00:00Z'), NOW)).toBe('2024-06-15');
  });

  it('splits a period into Shanghai calendar months, clipped to the period', () => {
    const period = resolvePeriod(new Date('2024-01-15T00:00:00+08:00'), new Date('2024-03-10T00:00:00+08:00'), NOW) as OverviewPeriod;
    expect(seriesMonths(period, NOW).map((m) => [m.month, m.from.toISOString(), m.to.toISOString(), m.asOfDay])).toEqual([
      ['2024-01', '2024-01-14T16:00:00.000Z', '2024-01-31T16:00:00.000Z', '2024-01-31'],
      ['2024-02', '2024-01-31T16:00:00.000Z', '2024-02-29T16:00:00.000Z', '2024-02-29'],
      ['2024-03', '2024-02-29T16:00:00.000Z', '2024-03-09T16:00:00.000Z', '2024-03-09'],
    ]);
  });

  it('covers the 12 months ending with `to` when no from is given, and at most the latest 24 months', () => {
    const open = resolvePeriod(undefined, undefined, NOW) as OverviewPeriod;
    const months = seriesMonths(open, NOW);
    expect(months.map((m) => m.month)).toEqual([
      '2023-07',
      '2023-08',
      '2023-09',
      '2023-10',
      '2023-11',
      '2023-12',
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
    ]);
    expect(months.at(-1)!.to).toEqual(NOW);
    const long = resolvePeriod(new Date('2010-01-01T00:00:00+08:00'), new Date('2024-01-01T00:00:00+08:00'), NOW) as OverviewPeriod;
    const clipped = seriesMonths(long, NOW);
    expect(clipped).toHaveLength(MAX_SERIES_MONTHS);
    expect([clipped[0].month, clipped.at(-1)!.month]).toEqual(['2022-01', '2023-12']);
  });

  it("judges monthly certification with the care rule itself (its $2 day replaced by the month's day)", () => {
    expect(STATION_CERTIFICATION_SQL.split('$2::date')).toHaveLength(2);
    expect(OVERVIEW_SERIES_SQL).toContain('la.valid_until >= m.day');
  });
});
