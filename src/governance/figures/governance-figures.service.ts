import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { inScope } from '../../access/scope.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Region } from '../../reference/regions/region.entity.js';
import { ISSUES_BY_CATEGORY_SQL, ISSUES_BY_MONTH_SQL, ISSUES_BY_TOWNSHIP_SQL, ISSUE_TOTALS_SQL, PEOPLE_SQL } from './governance-figures.sql.js';

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

/**
 * 新星闪耀 figures for the dashboard, in explicit SQL (governance-figures.sql.ts): problems reported and resolved, on-time rate,
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
      q<{ reported: number; resolved: number; on_time: number; with_deadline: number; median: number | null }>(ISSUE_TOTALS_SQL),
      !breakdowns ? none<IssueCounts>() : q<IssueCounts>(ISSUES_BY_CATEGORY_SQL),
      !breakdowns ? none<IssueCounts>() : q<IssueCounts>(ISSUES_BY_TOWNSHIP_SQL),
      !breakdowns ? none<IssueCounts>() : q<IssueCounts>(ISSUES_BY_MONTH_SQL),
      q<{ teams: number; mobilized: number; enrollees: number }>(PEOPLE_SQL),
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
    if (!region || !inScope(actor, region.path)) throw DomainError.notFound('Region', regionCode);
    return this.figures(region.path, from, to);
  }
}
