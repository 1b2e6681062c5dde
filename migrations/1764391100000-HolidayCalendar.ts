import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A holiday or a run of holidays (both ends included), and the make-up working days (调休上班) that go with it. */
interface Holiday {
  name: string;
  from: string;
  to: string;
  workdays: string[];
}

/**
 * The State Council's schedules for the years the service runs. 2025: 国办发明电〔2024〕12号
 * (12 November 2024). 2026: 国办发明电〔2025〕7号 (November 2025). Later years are imported by
 * an admin (`PUT /api/v1/reference/holiday-calendar/{year}`) when the State Council publishes them.
 */
const SCHEDULES: { year: number; source: string; holidays: Holiday[] }[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01', workdays: [] },
      { name: '春节', from: '2025-01-28', to: '2025-02-04', workdays: ['2025-01-26', '2025-02-08'] },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06', workdays: [] },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05', workdays: ['2025-04-27'] },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02', workdays: [] },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', workdays: ['2025-09-28', '2025-10-11'] },
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03', workdays: ['2026-01-04'] },
      { name: '春节', from: '2026-02-15', to: '2026-02-23', workdays: ['2026-02-14', '2026-02-28'] },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06', workdays: [] },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05', workdays: ['2026-05-09'] },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21', workdays: [] },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27', workdays: [] },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07', workdays: ['2026-09-20', '2026-10-10'] },
    ],
  },
];

function days(holiday: Holiday): { date: string; working: boolean; name: string }[] {
  const out: { date: string; working: boolean; name: string }[] = [];
  for (let at = Date.parse(`${holiday.from}T00:00:00Z`); at <= Date.parse(`${holiday.to}T00:00:00Z`); at += 86_400_000) {
    out.push({ date: new Date(at).toISOString().slice(0, 10), working: false, name: holiday.name });
  }
  return [...out, ...holiday.workdays.map((date) => ({ date, working: true, name: `${holiday.name}调休上班` }))];
}

/**
 * 工作日时限 Working-day deadlines: the holiday calendar as data (years and their listed days,
 * seeded with 2025 and 2026), categories whose deadline is counted in working days, and the
 * warning a problem carries when its deadline was counted across a year with no schedule.
 */
export class HolidayCalendar1764391100000 implements MigrationInterface {
  name = 'HolidayCalendar1764391100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE holiday_calendar_year (
        year smallint NOT NULL,
        source varchar(200) NOT NULL,
        imported_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_holiday_calendar_year PRIMARY KEY (year)
      )`);
    await q.query(`
      CREATE TABLE holiday_calendar_day (
        date date NOT NULL,
        year smallint NOT NULL,
        working boolean NOT NULL,
        name varchar(50) NOT NULL,
        CONSTRAINT pk_holiday_calendar_day PRIMARY KEY (date),
        CONSTRAINT fk_holiday_calendar_day_year FOREIGN KEY (year) REFERENCES holiday_calendar_year (year) ON DELETE CASCADE,
        CONSTRAINT ck_holiday_calendar_day_year CHECK (extract(year FROM date) = year)
      )`);
    await q.query('CREATE INDEX ix_holiday_calendar_day_year ON holiday_calendar_day (year)');
    for (const schedule of SCHEDULES) {
      await q.query('INSERT INTO holiday_calendar_year (year, source) VALUES ($1, $2)', [schedule.year, schedule.source]);
      const rows = schedule.holidays.flatMap(days);
      await q.query(
        `INSERT INTO holiday_calendar_day (date, year, working, name)
         SELECT d, $1, w, n FROM unnest($2::date[], $3::boolean[], $4::varchar[]) AS t(d, w, n)`,
        [schedule.year, rows.map((r) => r.date), rows.map((r) => r.working), rows.map((r) => r.name)],
      );
    }

    await q.query(`ALTER TABLE issue_category ADD COLUMN deadline_unit varchar(12) NOT NULL DEFAULT 'HOURS'`);
    await q.query('ALTER TABLE issue_category ADD COLUMN deadline_working_days integer');
    await q.query(`ALTER TABLE issue_category ADD CONSTRAINT ck_issue_category_deadline_unit CHECK (
      (deadline_unit = 'HOURS' AND deadline_working_days IS NULL) OR (deadline_unit = 'WORKING_DAYS' AND deadline_working_days BETWEEN 1 AND 60))`);
    await q.query('ALTER TABLE governance_issue ADD COLUMN deadline_warning varchar(200)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE governance_issue DROP COLUMN deadline_warning');
    await q.query('ALTER TABLE issue_category DROP CONSTRAINT ck_issue_category_deadline_unit');
    await q.query('ALTER TABLE issue_category DROP COLUMN deadline_working_days');
    await q.query('ALTER TABLE issue_category DROP COLUMN deadline_unit');
    await q.query('DROP TABLE holiday_calendar_day');
    await q.query('DROP TABLE holiday_calendar_year');
  }
}
