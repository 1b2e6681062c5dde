import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../common/pagination/connection.types.js';
import type { KeysetOrder } from '../common/pagination/keyset.js';
import { Enterprise } from '../organizing/enterprises/enterprise.entity.js';
import { Region } from '../reference/regions/region.entity.js';
import { withinRegion } from '../access/scope.js';
import type { RosterCountsArgs, RosterCountsDto } from './dto/roster-counts.dto.js';
import type { RosterSyncFilterArgs } from './dto/roster-sync.dto.js';
import { REGION_EXISTS_SQL } from './roster-overview.sql.js';
import { RosterRider } from './roster-rider.entity.js';
import { RosterSync } from './roster-sync.entity.js';

const newestFirst: KeysetOrder<RosterSync> = { column: 'sync.created_at', idColumn: 'sync.id', direction: 'DESC', read: (s) => [s.createdAt, s.id] };

/**
 * What staff see of the roster (ROSTER_READ), always within their region scope: platforms' sync
 * history (platforms registered in the scope) and rider counts by township and site (sites in the scope).
 */
@Injectable()
export class RosterOverviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(RosterSync) private readonly syncs: Repository<RosterSync>,
  ) {}

  /** Sync history of the platforms registered within the caller's region, newest first. */
  syncHistory(actor: Actor, filter: RosterSyncFilterArgs, args: ConnectionArgs): Promise<ConnectionShape<RosterSync>> {
    const scope = withinRegion(actor, 'township');
    const list = this.syncs
      .createQueryBuilder('sync')
      .innerJoin(Enterprise, 'platform', 'platform.id = sync.enterprise_id')
      .innerJoin(Region, 'township', 'township.id = platform.township_id')
      .where(scope.sql, scope.params);
    if (filter.platformId) list.andWhere('sync.enterprise_id = :platformId', { platformId: filter.platformId });
    if (filter.status) list.andWhere('sync.status = :status', { status: filter.status });
    return toConnection(list, newestFirst, args);
  }

  /** Active riders within the caller's scope (narrowed to a region or a platform), by township and by site. */
  async counts(actor: Actor, args: RosterCountsArgs): Promise<RosterCountsDto> {
    const base = () => {
      const scope = withinRegion(actor, 'region');
      const query = this.dataSource
        .createQueryBuilder()
        .from(RosterRider, 'rider')
        .innerJoin(Region, 'region', 'region.id = rider.region_id')
        .where('rider.active')
        .andWhere(scope.sql, scope.params);
      // Large tables are partitioned by county: say which one when the caller's scope is one.
      if (actor.countyCode) query.andWhere('rider.county_code = :county', { county: actor.countyCode });
      if (args.platformId) query.andWhere('rider.enterprise_id = :platformId', { platformId: args.platformId });
      if (args.regionCode) query.andWhere('region.path <@ (SELECT path FROM region WHERE code = :regionCode)', { regionCode: args.regionCode });
      return query;
    };
    if (args.regionCode) {
      const [known] = await this.dataSource.query<unknown[]>(REGION_EXISTS_SQL, [args.regionCode]);
      if (!known) throw DomainError.badField('regionCode', 'is not a known region code');
    }
    const [totals, byTownship, bySite] = await Promise.all([
      base().select('count(*)::int', 'riders').addSelect('count(DISTINCT rider.worker_id)::int', 'workers').getRawOne<{ riders: number; workers: number }>(),
      base()
        .leftJoin(Region, 'township', 'township.id = rider.township_id')
        .select('township.code', 'regionCode')
        .addSelect('township.name', 'regionName')
        .addSelect('count(*)::int', 'riders')
        .groupBy('township.code')
        .addGroupBy('township.name')
        .orderBy('riders', 'DESC')
        .addOrderBy('township.code')
        .getRawMany<{ regionCode: string | null; regionName: string | null; riders: number }>(),
      base()
        .select('rider.site_name', 'siteName')
        .addSelect('rider.site_lat', 'siteLat')
        .addSelect('rider.site_lng', 'siteLng')
        .addSelect('count(DISTINCT rider.enterprise_id)::int', 'platforms')
        .addSelect('count(*)::int', 'riders')
        .groupBy('rider.site_name')
        .addGroupBy('rider.site_lat')
        .addGroupBy('rider.site_lng')
        .orderBy('riders', 'DESC')
        .addOrderBy('rider.site_name')
        .limit(args.topSites ?? 20)
        .getRawMany<{ siteName: string; siteLat: number; siteLng: number; platforms: number; riders: number }>(),
    ]);
    return { activeRiders: totals?.riders ?? 0, workers: totals?.workers ?? 0, byTownship, bySite };
  }

  /** Platforms by id (one query for a page of syncs). */
  platforms(ids: readonly string[]): Promise<{ id: string; name: string }[]> {
    return this.dataSource.getRepository(Enterprise).createQueryBuilder('e').select(['e.id', 'e.name']).where('e.id IN (:...ids)', { ids }).getMany();
  }
}
