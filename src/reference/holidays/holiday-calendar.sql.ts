// The SQL of the holiday calendar (HolidayCalendarService): the years held and importing a year.

/** Every year held, oldest first, with its source, import time and counts of holidays and make-up working days. No parameters. */
export const CALENDAR_YEARS_SQL = `SELECT y.year, y.source, y.imported_at,
              count(d.date) FILTER (WHERE NOT d.working)::int AS holidays, count(d.date) FILTER (WHERE d.working)::int AS workdays
       FROM holiday_calendar_year y LEFT JOIN holiday_calendar_day d ON d.year = y.year
       GROUP BY y.year ORDER BY y.year`;

/** Creates a year, or updates its source and import time when it is already held. $1 year, $2 source. */
export const UPSERT_CALENDAR_YEAR_SQL = `INSERT INTO holiday_calendar_year (year, source) VALUES ($1, $2)
         ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, imported_at = now()`;
