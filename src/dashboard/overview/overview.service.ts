import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Clock } from '../../common/clock/clock.js';
import { FreshCoalescer } from '../../common/coalescing/fresh-coalescer.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { GovernanceFiguresService, type GovernanceFigures } from '../../governance/figures/governance-figures.service.js';
import { FormationMode } from '../../organizing/party-organizations/party-organization.enums.js';
import type { Region } from '../../reference/regions/region.entity.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { WelfareEventKind } from '../../care/events/event.enums.js';
import { DashboardScope } from '../dashboard-scope.js';
import { resolvePeriod, seriesMonths, type OverviewPeriod } from './overview-period.js';
import { OVERVIEW_SERIES_SQL, OVERVIEW_SQL, type OverviewRow, type OverviewSeriesRow } from './overview.sql.js';

/** Figures of one month of the series (each the headline figure over that month). */
export interface OverviewMonthFigures {
  month: string;
  partyMembersIdentified: number;
  partyOrganizations: number;
  instructors: number;
  stations: number;
  certifiedStations: number;
  eventsHeld: number;
  workersServed: number;
  workersMobilized: number;
  volunteerTeams: number;
  gridEnrollees: number;
  issuesResolved: number;
}

/** The county overview (docs/ARCHITECTURE.md §8 names). */
export interface Overview {
  regionCode: string;
  regionName: string;
  from: Date | null;
  to: Date;
  asOfDay: string;
  partyMembersIdentified: number;
  partyOrganizations: { total: number; byFormationMode: { mode: FormationMode; count: number }[] };
  instructors: number;
  stations: number;
  certifiedStations: number;
  eventsHeld: number;
  workersServed: number;
  workersMobilized: number;
  volunteerTeams: number;
  gridEnrollees: number;
  issuesResolved: number;
  issuesOnTimeRate: number | null;
  enterprises: { total: number; covered: number; withOrganization: number; withInstructorOnly: number; uncovered: number };
  eventsByKind: { kind: WelfareEventKind; held: number; workersServed: number }[];
  /** What the monthly series needs to be computed later (only when asked for). */
  seriesContext: { regionPath: string; countyCode: string | null; period: OverviewPeriod };
}

/** Governance figures per month are computed this many months at a time (each is two statements). */
const SERIES_GOVERNANCE_CONCURRENCY = 4;

/** The county code that narrows the large tables: the region's own when it is a county or below. */
export function countyFilterOf(region: Pick<Region, 'level' | 'countyCode'>): string | null {
  return region.level === RegionLevel.PROVINCE || region.level === RegionLevel.CITY ? null : region.countyCode;
}

/**
 * 总览 The overview a county secretary and a third-party dashboard look at: the article's figures of a
 * region (within the caller's scope) over a period, by aggregate SQL (OVERVIEW_SQL, one statement)
 * plus GovernanceFiguresService for the 新星闪耀 figures. Definitions are in overview.sql.ts.
 */
@Injectable()
export class OverviewService {
  private readonly shared = new FreshCoalescer<Overview>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: DashboardScope,
    private readonly governance: GovernanceFiguresService,
    private readonly clock: Clock,
  ) {}

  /** `overview(regionCode, from, to)`: `to` defaults to now, `from` to the beginning of records. Out of scope → NOT_FOUND. */
  async overview(actor: Actor, regionCode: string, from?: Date | null, to?: Date | null): Promise<Overview> {
    this.period(from, to); // a bad period is refused before anything is read
    const region = await this.scope.region(actor, regionCode);
    // Many dashboards open on one county ask for the same figures at once: they share one
    // computation, never one that began before they asked (the period ends when it starts).
    const key = `${region.id}|${from?.toISOString() ?? ''}|${to?.toISOString() ?? 'now'}`;
    return this.shared.run(key, () => this.figures(region, this.period(from, to)));
  }

  /** The overview of a region already checked against the caller's scope. */
  async figures(region: Region, period: OverviewPeriod): Promise<Overview> {
    const countyCode = countyFilterOf(region);
    const [[row], governance] = await Promise.all([
      this.dataSource.query(OVERVIEW_SQL, [region.path, period.asOfDay, period.from, period.to, countyCode]) as Promise<OverviewRow[]>,
      this.governance.figures(region.path, period.from, period.to, { breakdowns: false }),
    ]);
    const byMode = new Map(row.organizations.map((o) => [o.mode, o.count]));
    const eventsByKind = row.events.map((e) => ({ kind: e.kind as WelfareEventKind, held: e.held, workersServed: e.workersServed }));
    const covered = row.enterprises.withOrganization + row.enterprises.withInstructorOnly;
    return {
      regionCode: region.code,
      regionName: region.name,
      from: period.fromGiven ? period.from : null,
      to: period.to,
      asOfDay: period.asOfDay,
      partyMembersIdentified: row.party_members,
      partyOrganizations: {
        total: row.organizations.reduce((sum, o) => sum + o.count, 0),
        byFormationMode: Object.values(FormationMode).map((mode) => ({ mode, count: byMode.get(mode) ?? 0 })),
      },
      instructors: row.instructors,
      stations: row.stations,
      certifiedStations: row.certified_stations,
      eventsHeld: eventsByKind.reduce((sum, e) => sum + e.held, 0),
      workersServed: eventsByKind.reduce((sum, e) => sum + e.workersServed, 0),
      ...governancePart(governance),
      issuesOnTimeRate: governance.onTimeRate,
      enterprises: { ...row.enterprises, covered, uncovered: row.enterprises.total - covered },
      eventsByKind,
      seriesContext: { regionPath: region.path, countyCode, period },
    };
  }

  /**
   * The monthly series of an overview: one entry per calendar month (Asia/Shanghai) the period
   * touches (the latest 24 at most; the 12 months ending with `to` when no `from` was given). Each
   * entry is the headline figure over that month: flows within it, stocks as of its end.
   */
  async monthly(context: Overview['seriesContext']): Promise<OverviewMonthFigures[]> {
    const months = seriesMonths(context.period, this.clock.now());
    const rowsPromise = this.dataSource.query(OVERVIEW_SERIES_SQL, [
      context.regionPath,
      context.countyCode,
      months.map((m) => m.month),
      months.map((m) => m.from),
      months.map((m) => m.to),
      months.map((m) => m.asOfDay),
    ]) as Promise<OverviewSeriesRow[]>;
    const governance: GovernanceFigures[] = [];
    for (let i = 0; i < months.length; i += SERIES_GOVERNANCE_CONCURRENCY) {
      const chunk = months.slice(i, i + SERIES_GOVERNANCE_CONCURRENCY);
      governance.push(...(await Promise.all(chunk.map((m) => this.governance.figures(context.regionPath, m.from, m.to, { breakdowns: false })))));
    }
    const rows = await rowsPromise;
    return rows.map((row, i) => ({
      month: row.month,
      partyMembersIdentified: row.party_members,
      partyOrganizations: row.organizations,
      instructors: row.instructors,
      stations: row.stations,
      certifiedStations: row.certified_stations,
      eventsHeld: row.events_held,
      workersServed: row.workers_served,
      ...governancePart(governance[i]),
    }));
  }

  private period(from?: Date | null, to?: Date | null): OverviewPeriod {
    const period = resolvePeriod(from, to, this.clock.now());
    if ('field' in period) throw DomainError.badField(period.field, period.message);
    return period;
  }
}

function governancePart(figures: GovernanceFigures) {
  return {
    workersMobilized: figures.workersMobilized,
    volunteerTeams: figures.volunteerTeams,
    gridEnrollees: figures.gridEnrollees,
    issuesResolved: figures.issuesResolved,
  };
}
