import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Clock } from '../../common/clock/clock.js';
import { DashboardScope } from '../dashboard-scope.js';
import { countyFilterOf } from '../overview/overview.service.js';
import type { StationCoverageDto } from './dto/station-coverage.dto.js';
import { STATION_COVERAGE_SQL, type StationCoverageRow } from './station-coverage.sql.js';

/** covered / total, or null when there is nothing to cover. */
function share(covered: number, total: number): number | null {
  return total > 0 ? covered / total : null;
}

/**
 * 驿站覆盖 Station coverage, which no existing system offers: of the active roster riders of a region
 * (within the caller's scope), the share whose delivery site has an open, certified station within
 * the radius; the uncovered sites ranked by riders affected with their nearest station (where to
 * build next); the same by township. One statement (STATION_COVERAGE_SQL).
 */
@Injectable()
export class StationCoverageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: DashboardScope,
    private readonly clock: Clock,
  ) {}

  /** `stationCoverage(regionCode, radiusMeters)`: region outside the caller's scope → NOT_FOUND. */
  async coverage(actor: Actor, regionCode: string, radiusMeters = 1000, uncoveredFirst = 20): Promise<StationCoverageDto> {
    const region = await this.scope.region(actor, regionCode);
    const today = this.clock.today();
    const [row] = (await this.dataSource.query(STATION_COVERAGE_SQL, [
      '', today, radiusMeters, region.path, countyFilterOf(region), uncoveredFirst,
    ])) as StationCoverageRow[];
    return {
      regionCode: region.code,
      radiusMeters,
      asOfDay: today,
      ...row.totals,
      share: share(row.totals.coveredRiders, row.totals.riders),
      uncoveredSites: row.uncovered.map((u) => ({
        siteName: u.siteName, lat: u.lat, lng: u.lng, riders: u.riders, townshipCode: u.townshipCode, townshipName: u.townshipName,
        nearestStation: u.stationId ? { id: u.stationId, code: u.stationCode!, name: u.stationName!, distanceMeters: u.distanceMeters! } : null,
      })),
      byTownship: row.by_township.map((t) => ({ ...t, share: share(t.coveredRiders, t.riders) })),
    };
  }
}
