import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { workerOf } from '../grids/grids.service.js';
import { ALL_COUNTIES, PointsRule, PointsRuleKind } from './points-rule.entity.js';
import { WORKER_POINTS_SQL } from './points.sql.js';

/** A county's (or the default) points per kind. */
export interface PointsRates {
  scope: string;
  enrolmentMonth: number;
  resolvedReport: number;
}

/** A worker's points, derived from their records at the county's current rates. */
export interface WorkerPoints {
  enrolmentMonths: number;
  resolvedReports: number;
  pointsPerEnrolmentMonth: number;
  pointsPerResolvedReport: number;
  points: number;
}

/**
 * 积分 Points for mobile-grid members: per full month of confirmed enrolment and per reported
 * problem that was resolved (RESOLVED or CLOSED; merged duplicates earn nothing). Computed from the
 * records, never stored, so they cannot drift; rates come from `governance_points_rule` (county row,
 * else the ALL default).
 */
@Injectable()
export class PointsService {
  constructor(
    @InjectRepository(PointsRule) private readonly rules: Repository<PointsRule>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The rates a county uses: its own rows, else the defaults. */
  async rates(countyCode: string | null): Promise<PointsRates> {
    const scopes = countyCode ? [countyCode, ALL_COUNTIES] : [ALL_COUNTIES];
    const rows = await this.rules.findBy({ scope: In(scopes) });
    const pick = (kind: PointsRuleKind) => (rows.find((r) => r.kind === kind && r.scope !== ALL_COUNTIES) ?? rows.find((r) => r.kind === kind))?.points ?? 0;
    const own = countyCode !== null && rows.some((r) => r.scope === countyCode);
    return {
      scope: own ? countyCode : ALL_COUNTIES,
      enrolmentMonth: pick(PointsRuleKind.ENROLMENT_MONTH),
      resolvedReport: pick(PointsRuleKind.RESOLVED_REPORT),
    };
  }

  /** Sets a county's rates (or, with scope ALL, the defaults). */
  async setRates(scope: string, input: { enrolmentMonth: number; resolvedReport: number }): Promise<PointsRates> {
    if (scope !== ALL_COUNTIES && !/^\d{6}$/.test(scope)) throw DomainError.badField('scope', 'must be a county code of 6 digits or ALL');
    await this.rules.upsert(
      [
        { scope, kind: PointsRuleKind.ENROLMENT_MONTH, points: input.enrolmentMonth },
        { scope, kind: PointsRuleKind.RESOLVED_REPORT, points: input.resolvedReport },
      ],
      ['scope', 'kind'],
    );
    return { scope, ...input };
  }

  /** The signed-in worker's points. */
  async mine(actor: Actor): Promise<WorkerPoints> {
    const workerId = workerOf(actor);
    const [row]: { months: number; resolved: number; county: string | null }[] = await this.dataSource.query(WORKER_POINTS_SQL, [workerId, this.clock.now()]);
    const rates = await this.rates(row.county);
    return {
      enrolmentMonths: row.months,
      resolvedReports: row.resolved,
      pointsPerEnrolmentMonth: rates.enrolmentMonth,
      pointsPerResolvedReport: rates.resolvedReport,
      points: row.months * rates.enrolmentMonth + row.resolved * rates.resolvedReport,
    };
  }
}
