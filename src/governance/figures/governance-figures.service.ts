import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { SHANGHAI_TIME_ZONE } from '../../common/clock/shanghai.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Region } from '../../reference/regions/region.entity.js';

/** Reported and resolved counts of one group (category, township or month). */
export interface IssueCounts {
  key: string;
  name: string;
  reported: number;
  resolved: number;
}

/** The governance figures of a region over a period. */
export interface GovernanceFigures {
  /** Problems reported in the period (merged duplicates included: each is a report). */
  reported: number;
  /** Problems resolved in the period that are RESOLVED or CLOSED (the dashboard's issuesResolved); a reopened one counts again only once resolved again. */
  resolved: number;
  /** Of the problems resolved in the period that had a deadline, the share resolved by their first deadline (before any reopen) (0–1); null when none. */
  onTimeRate: number | null;
  /** Median hours from report to resolution of the problems resolved in the period; null when none. */
  medianHoursToResolve: number | null;
  byCategory: IssueCounts[];
  byTownship: IssueCounts[];
  /** By calendar month (China Standard Time), `YYYY-MM`. */
  byPeriod: IssueCounts[];
  /** Teams of the region's townships formed before the period's end. */
  volunteerTeams: number;
  /**
   * Distinct workers mobilised: members of a team of the region at any time in the period, workers
   * with approved volunteer hours at an activity in the period, and workers with a confirmed grid
   * enrolment in the region overlapping the period.
   */
  workersMobilized: number;
  /** Distinct workers with a confirmed mobile-grid enrolment in the region overlapping the period. */
  gridEnrollees: number;
  /** Same as `resolved`, under the dashboard's name. */
  issuesResolved: number;
}

const RESOLVED = `i.status IN ('RESOLVED', 'CLOSED') AND i.resolved_at >= $2 AND i.resolved_at < $3`;
const REPORTED = `i.reported_at >= $2 AND i.reported_at < $3`;
const IN_REGION = `JOIN region t ON t.id = i.township_id AND t.path <@ $1::ltree`;
const LOCAL_DAY = (param: string) => `(${param}::timestamptz AT TIME ZONE '${SHANGHAI_TIME_ZONE}')::date`;

/**
 * 新星闪耀 figures for the dashboard, in explicit SQL: problems reported and resolved, on-time rate,
 * median hours to resolve, by category, township and month; teams, workers mobilised and grid
 * enrollees. Periods are half-open [from, to).
 */
@Injectable()
export class GovernanceFiguresService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Figures for the region subtree at `regionPath` (ltree) over [from, to). With `breakdowns: false`
   * (the dashboard's headline figures) the by-category, by-township and by-month lists are left
   * empty and their three statements are not run.
   */
  async figures(regionPath: string, from: Date, to: Date, options: { breakdowns?: boolean } = {}): Promise<GovernanceFigures> {
    if (from.getTime() >= to.getTime()) throw DomainError.badField('from', 'must be earlier than to');
    const params = [regionPath, from, to];
    const breakdowns = options.breakdowns ?? true;
    const q = <T>(sql: string) => this.dataSource.query(sql, params) as Promise<T[]>;
    const none = <T>(): Promise<T[]> => Promise.resolve([]);
    const [[totals], byCategory, byTownship, byPeriod, [people]] = await Promise.all([
      q<{ reported: number; resolved: number; on_time: number; with_deadline: number; median: number | null }>(
        `SELECT count(*) FILTER (WHERE ${REPORTED})::int AS reported,
                count(*) FILTER (WHERE ${RESOLVED})::int AS resolved,
                count(*) FILTER (WHERE ${RESOLVED} AND i.deadline_at IS NOT NULL AND i.resolved_at <= COALESCE(i.first_deadline_at, i.deadline_at))::int AS on_time,
                count(*) FILTER (WHERE ${RESOLVED} AND i.deadline_at IS NOT NULL)::int AS with_deadline,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.resolved_at - i.reported_at) / 3600) FILTER (WHERE ${RESOLVED}) AS median
         FROM governance_issue i ${IN_REGION}`),
      !breakdowns ? none<IssueCounts>() : q<IssueCounts>(
        `SELECT c.code AS key, c.name, count(*) FILTER (WHERE ${REPORTED})::int AS reported, count(*) FILTER (WHERE ${RESOLVED})::int AS resolved
         FROM governance_issue i ${IN_REGION} JOIN issue_category c ON c.id = i.category_id
         WHERE (${REPORTED}) OR (${RESOLVED}) GROUP BY c.code, c.name ORDER BY c.code`),
      !breakdowns ? none<IssueCounts>() : q<IssueCounts>(
        `SELECT t.code AS key, t.name, count(*) FILTER (WHERE ${REPORTED})::int AS reported, count(*) FILTER (WHERE ${RESOLVED})::int AS resolved
         FROM governance_issue i ${IN_REGION}
         WHERE (${REPORTED}) OR (${RESOLVED}) GROUP BY t.code, t.name ORDER BY t.code`),
      !breakdowns ? none<IssueCounts>() : q<IssueCounts>(
        `SELECT month AS key, month AS name, sum(reported)::int AS reported, sum(resolved)::int AS resolved FROM (
           SELECT to_char(i.reported_at AT TIME ZONE '${SHANGHAI_TIME_ZONE}', 'YYYY-MM') AS month, 1 AS reported, 0 AS resolved
           FROM governance_issue i ${IN_REGION} WHERE ${REPORTED}
           UNION ALL
           SELECT to_char(i.resolved_at AT TIME ZONE '${SHANGHAI_TIME_ZONE}', 'YYYY-MM'), 0, 1
           FROM governance_issue i ${IN_REGION} WHERE ${RESOLVED}
         ) months GROUP BY month ORDER BY month`),
      q<{ teams: number; mobilized: number; enrollees: number }>(
        `WITH members AS (
           SELECT m.worker_id FROM volunteer_team_member m
           JOIN volunteer_team vt ON vt.id = m.team_id JOIN region t ON t.id = vt.township_id AND t.path <@ $1::ltree
           WHERE m.joined_on < ${LOCAL_DAY('$3')} AND (m.left_on IS NULL OR m.left_on >= ${LOCAL_DAY('$2')})
         ), volunteers AS (
           SELECT h.worker_id FROM volunteer_hours h
           JOIN volunteer_activity a ON a.id = h.activity_id
           JOIN volunteer_team vt ON vt.id = a.team_id JOIN region t ON t.id = vt.township_id AND t.path <@ $1::ltree
           WHERE h.status = 'APPROVED' AND a.held_on >= ${LOCAL_DAY('$2')} AND a.held_on < ${LOCAL_DAY('$3')}
         ), enrollees AS (
           SELECT e.worker_id FROM grid_enrolment e
           JOIN grid g ON g.id = e.grid_id JOIN region c ON c.id = g.community_id AND c.path <@ $1::ltree
           WHERE e.confirmed_at IS NOT NULL AND e.confirmed_at < $3 AND (e.ended_at IS NULL OR e.ended_at >= $2)
         )
         SELECT (SELECT count(*)::int FROM volunteer_team vt JOIN region t ON t.id = vt.township_id AND t.path <@ $1::ltree WHERE vt.created_at < $3) AS teams,
                (SELECT count(DISTINCT worker_id)::int FROM (SELECT worker_id FROM members UNION SELECT worker_id FROM volunteers UNION SELECT worker_id FROM enrollees) w) AS mobilized,
                (SELECT count(DISTINCT worker_id)::int FROM enrollees) AS enrollees`),
    ]);
    return {
      reported: totals.reported,
      resolved: totals.resolved,
      onTimeRate: totals.with_deadline > 0 ? totals.on_time / totals.with_deadline : null,
      medianHoursToResolve: totals.median === null ? null : Number(totals.median),
      byCategory,
      byTownship,
      byPeriod,
      volunteerTeams: people.teams,
      workersMobilized: people.mobilized,
      gridEnrollees: people.enrollees,
      issuesResolved: totals.resolved,
    };
  }

  /** Figures for a region the caller may see (its code); outside the caller's scope → NOT_FOUND. */
  async forRegion(actor: Actor, regionCode: string, from: Date, to: Date): Promise<GovernanceFigures> {
    const region = await this.dataSource.getRepository(Region).findOneBy({ code: regionCode });
    if (!region || (actor.regionPath && !`${region.path}.`.startsWith(`${actor.regionPath}.`))) throw DomainError.notFound('Region', regionCode);
    return this.figures(region.path, from, to);
  }
}
