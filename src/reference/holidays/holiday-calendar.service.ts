import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { isCalendarDate, isoWeekdayOf } from '../../common/clock/shanghai.js';
import { minutesOfDay, workingDaysDeadline } from '../../common/clock/working-days.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { HolidayCalendarDay, HolidayCalendarYear } from './holiday-calendar.entity.js';
import { CALENDAR_YEARS_SQL, UPSERT_CALENDAR_YEAR_SQL } from './holiday-calendar.sql.js';

/** One listed day of an import. */
export interface HolidayDayInput {
  date: string;
  working: boolean;
  name: string;
}

/** A working-day deadline and the years it was counted across without a schedule (weekends only there). */
export interface WorkingDaysDeadline {
  deadline: Date;
  missingYears: number[];
  /** A visible warning naming the missing years, or null when every year was known. */
  warning: string | null;
}

/** What the calendar holds, and the years the service needs but has no schedule for. */
export interface HolidayCalendarStatus {
  years: { year: number; source: string; importedAt: Date; holidays: number; workdays: number }[];
  /** This year and the next when missing (the next one is published in November). */
  missingYears: number[];
  warning: string | null;
}

const MAX_DAYS_PER_YEAR = 120;

/** The warning a deadline or the calendar shows for years with no schedule. */
export function missingYearsWarning(years: number[]): string | null {
  if (years.length === 0) return null;
  const list = years.join('、');
  return `${list} 年节假日安排未导入，仅按周末计算 / No holiday schedule for ${years.join(', ')}: weekends only`;
}

/**
 * 节假日安排 The State Council's holiday schedule as data: working-day deadlines count on it, admins
 * import each year's schedule (JSON or CSV) when it is published, and a year with none is a
 * warning wherever it is used, never a silent weekend-only count.
 */
@Injectable()
export class HolidayCalendarService {
  private readonly logger = new Logger(HolidayCalendarService.name);
  private readonly closesAtMinutes: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.closesAtMinutes = minutesOfDay(config.WORKING_DAY_CLOSES_AT);
  }

  /**
   * The close (WORKING_DAY_CLOSES_AT) of the `days`th working day after the Shanghai day of `from`.
   * Years the count passes through with no schedule are answered with a warning (and logged).
   */
  async deadline(from: Date, days: number, manager: EntityManager = this.dataSource.manager): Promise<WorkingDaysDeadline> {
    const startYear = Number(new Date(from.getTime()).toISOString().slice(0, 4)) - 1;
    // Generous: even 60 working days with two long holidays stay within 120 calendar days, so two years cover it.
    const known = new Set((await manager.getRepository(HolidayCalendarYear).find()).map((y) => y.year));
    const listed = await manager.getRepository(HolidayCalendarDay).find({ where: { year: Between(startYear, startYear + 3) } });
    const byDate = new Map(listed.map((d) => [d.date, d.working]));
    const { deadline, datesLookedAt } = workingDaysDeadline(from, days, (date) => byDate.get(date), this.closesAtMinutes);
    const missingYears = [...new Set(datesLookedAt.map((d) => Number(d.slice(0, 4))))].filter((y) => !known.has(y));
    const warning = missingYearsWarning(missingYears);
    if (warning) this.logger.warn(`A working-day deadline was counted without a holiday schedule: ${missingYears.join(', ')}`);
    return { deadline, missingYears, warning };
  }

  /** The years held, and this year or the next when missing. */
  async status(): Promise<HolidayCalendarStatus> {
    const rows: { year: number; source: string; imported_at: Date; holidays: number; workdays: number }[] = await this.dataSource.query(CALENDAR_YEARS_SQL);
    const thisYear = Number(this.clock.today().slice(0, 4));
    const missingYears = [thisYear, thisYear + 1].filter((y) => !rows.some((r) => r.year === y));
    return {
      years: rows.map((r) => ({ year: r.year, source: r.source, importedAt: r.imported_at, holidays: r.holidays, workdays: r.workdays })),
      missingYears,
      warning: missingYearsWarning(missingYears),
    };
  }

  /** The listed days of a year, by date; NOT_FOUND when the year has no schedule. */
  async year(year: number): Promise<{ calendar: HolidayCalendarYear; days: HolidayCalendarDay[] }> {
    const calendar = await this.dataSource.getRepository(HolidayCalendarYear).findOneBy({ year });
    if (!calendar) throw DomainError.notFound('HolidayCalendarYear', String(year));
    return { calendar, days: await this.dataSource.getRepository(HolidayCalendarDay).find({ where: { year }, order: { date: 'ASC' } }) };
  }

  /**
   * Replaces a year's schedule (the days listed; every other day follows the weekday rule). Every
   * date must lie in the year, appear once, and a make-up working day must be a weekend day.
   * Deadlines already set keep their value; problems dispatched from now on use the new schedule.
   */
  async import(year: number, source: string, days: HolidayDayInput[]): Promise<{ calendar: HolidayCalendarYear; days: HolidayCalendarDay[] }> {
    if (days.length === 0) throw DomainError.badField('days', 'list at least the public holidays');
    if (days.length > MAX_DAYS_PER_YEAR) throw DomainError.badField('days', `at most ${MAX_DAYS_PER_YEAR} days`);
    const seen = new Set<string>();
    for (const [i, day] of days.entries()) {
      if (!isCalendarDate(day.date) || !day.date.startsWith(`${year}-`)) throw DomainError.badField(`days[${i}].date`, `${day.date} is not a date of ${year}`);
      if (seen.has(day.date)) throw DomainError.badField(`days[${i}].date`, `${day.date} is listed twice`);
      seen.add(day.date);
      if (day.working && isoWeekdayOf(day.date) <= 5)
        throw DomainError.badField(`days[${i}].working`, `${day.date} is a weekday: only a weekend day can be a make-up working day`);
      if (!day.name.trim() || day.name.length > 50) throw DomainError.badField(`days[${i}].name`, 'must be 1-50 characters');
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(UPSERT_CALENDAR_YEAR_SQL, [year, source.trim()]);
      await manager.delete(HolidayCalendarDay, { year });
      await manager.getRepository(HolidayCalendarDay).insert(days.map((d) => ({ date: d.date, year, working: d.working, name: d.name.trim() })));
    });
    return this.year(year);
  }
}

/**
 * A schedule as CSV: a header `date,type,name`, then one row a day, type `holiday` (休) or
 * `workday` (班, a make-up working day). Bad rows are BAD_USER_INPUT naming `csv` and the line.
 */
export function parseHolidayCsv(csv: string): HolidayDayInput[] {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const header = lines.shift()?.toLowerCase().replace(/\s/g, '');
  if (header !== 'date,type,name') throw DomainError.badField('csv', 'the first line must be the header date,type,name');
  return lines.map((line, i) => {
    const [date, type, ...name] = line.split(',').map((c) => c.trim());
    const kind = type?.toLowerCase();
    const working = kind === 'workday' || kind === '班' ? true : kind === 'holiday' || kind === '休' ? false : null;
    if (working === null) throw DomainError.badField('csv', `line ${i + 2}: type must be holiday (休) or workday (班)`);
    return { date: date ?? '', working, name: name.join(',') };
  });
}
