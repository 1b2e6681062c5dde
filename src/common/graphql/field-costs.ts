// What the expensive GraphQL fields cost against GRAPHQL_MAX_COST (5,000 by default), the one place
// they are priced. A plain field costs 1 and a list its page size times its items; these fields
// each run aggregates over a whole region (tens to hundreds of statements' worth of work), so one
// is priced like a page of hundreds of rows. Resolvers declare `{ complexity: FIELD_COSTS.x }`.

export const FIELD_COSTS = {
  /** 数据总览: every campaign's figures for a region and period, with monthly series. */
  overview: 700,
  /** 驿站覆盖: every active rider's distance to the nearest open station. */
  stationCoverage: 500,
  /** 新星闪耀统计: problem, team and grid figures with breakdowns. */
  governanceFigures: 300,
  /** 组织覆盖缺口: member counts of every enterprise in a region. */
  organizingGaps: 300,
  /** 在册骑手统计: active riders by township and site. */
  rosterCounts: 200,
} as const;

/** A field priced at least this much may appear at most MAX_PRICED_REPEATS times in one operation (aliases). */
export const PRICED_FIELD_THRESHOLD = 100;
export const MAX_PRICED_REPEATS = 5;
