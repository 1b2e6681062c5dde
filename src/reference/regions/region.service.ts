import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type SelectQueryBuilder } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { seedDefaultRules } from '../supervision/supervision-defaults.js';
import type { RegionFilter } from './dto/region.dto.js';
import { countyCodeOf } from './region-code.js';
import { Region } from './region.entity.js';
import { countOutcomes, ImportOutcome, parseRegionCsv, planRegionImport, type KnownRegion, type PlannedRow } from './region-import.js';
import { RegionLevel } from './region-level.enum.js';
import { RENAME_REGIONS_SQL } from './region.sql.js';

/** The most rows one import file may hold (a province's communities fit comfortably). */
export const MAX_IMPORT_ROWS = 100_000;
const INSERT_CHUNK = 1000;

const byCode: KeysetOrder<Region> = { column: 'region.code', idColumn: 'region.id', direction: 'ASC', sortType: 'text', read: (r) => [r.code, r.id] };

/** A region import's outcome: the per-row report, totals, and whether anything was stored. */
export interface RegionImportReport {
  dryRun: boolean;
  written: boolean;
  message: string;
  totals: ReturnType<typeof countOutcomes>;
  rows: { line: number; code: string; outcome: ImportOutcome; reason?: string }[];
}

/** The code of a region's parent, read from its path (null for a province). */
function parentCodeOf(path: string): string | null {
  const labels = path.split('.');
  return labels.length > 1 ? labels[labels.length - 2] : null;
}

/** 行政区划 Regions: lookups along the ltree path and the CSV import. */
@Injectable()
export class RegionService {
  constructor(
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The region with this code, or null. */
  findByCode(code: string): Promise<Region | null> {
    return this.regions.findOneBy({ code });
  }

  /** The region with this code; NOT_FOUND naming the code otherwise. */
  async getByCode(code: string): Promise<Region> {
    const region = await this.findByCode(code);
    if (!region) throw DomainError.notFound('Region', code);
    return region;
  }

  /** The direct children of a region, by code. */
  async children(parentCode: string): Promise<Region[]> {
    const parent = await this.getByCode(parentCode);
    return this.regions.find({ where: { parentId: parent.id }, order: { code: 'ASC' } });
  }

  /** The regions above this one, province first (the region itself excluded). */
  async ancestors(code: string): Promise<Region[]> {
    const region = await this.getByCode(code);
    const found = await this.regions
      .createQueryBuilder('region')
      .where('region.path @> :path', { path: region.path })
      .andWhere('region.id <> :id', { id: region.id })
      .getMany();
    return found.sort((a, b) => a.path.length - b.path.length);
  }

  /** The county a county, township or community lies in; BAD_USER_INPUT for a province or city. */
  async countyOf(code: string): Promise<Region> {
    const region = await this.getByCode(code);
    if (!region.countyCode) throw DomainError.badField('code', `${code} is a ${region.level}, above county level`);
    return region.level === RegionLevel.COUNTY ? region : this.getByCode(region.countyCode);
  }

  /** One GraphQL page of regions matching the filter, by code. */
  async connection(filter: RegionFilter, args: ConnectionArgs): Promise<ConnectionShape<Region>> {
    return toConnection(await this.filtered(filter), byCode, args);
  }

  /** One REST page of regions matching the filter, by code. */
  async page(filter: RegionFilter, query: CursorQuery): Promise<CursorPageShape<Region>> {
    return toCursorPage(await this.filtered(filter), byCode, query);
  }

  private async filtered(filter: RegionFilter): Promise<SelectQueryBuilder<Region>> {
    const query = this.regions.createQueryBuilder('region');
    if (filter.parentCode) query.andWhere('region.parent_id = :parentId', { parentId: (await this.getByCode(filter.parentCode)).id });
    if (filter.within) query.andWhere('region.path <@ :within', { within: (await this.getByCode(filter.within)).path });
    if (filter.level) query.andWhere('region.level = :level', { level: filter.level });
    return query;
  }

  /**
   * Imports `code,name,parentCode` CSV: validates every row first and reports each one. If any row
   * is rejected, or on a dry run, nothing is written; otherwise all rows are written in one
   * transaction, and each new county gets the default supervision rules.
   */
  async importCsv(text: string, options: { dryRun: boolean }): Promise<RegionImportReport> {
    const lines = parseRegionCsv(text);
    if (lines.length > MAX_IMPORT_ROWS) throw DomainError.badField('csv', `has more than ${MAX_IMPORT_ROWS} rows`);
    const mentioned = new Set<string>();
    for (const { fields } of lines) for (const f of fields.slice(0, 3)) if (f.trim()) mentioned.add(f.trim());
    const stored = await this.regions
      .createQueryBuilder('region')
      .where('region.code = ANY(:codes)', { codes: [...mentioned] })
      .getMany();
    const known = new Map<string, KnownRegion & { id: string; path: string }>(
      stored.map((r) => [r.code, { code: r.code, name: r.name, parentCode: parentCodeOf(r.path), id: r.id, path: r.path }]),
    );
    const planned = planRegionImport(lines, known);
    const totals = countOutcomes(planned);
    const rows = planned.map(({ line, code, outcome, reason }) => ({ line, code, outcome, ...(reason ? { reason } : {}) }));
    const report = (written: boolean, message: string): RegionImportReport => ({ dryRun: options.dryRun, written, message, totals, rows });

    if (totals.rejected > 0) {
      return report(false, `Nothing was written: ${totals.rejected} of ${planned.length} rows were rejected; fix them and import the file again`);
    }
    if (options.dryRun) return report(false, `Dry run: nothing was written; ${totals.created} rows would be created and ${totals.updated} updated`);
    await this.write(planned, known);
    return report(true, `${totals.created} created, ${totals.updated} updated, ${totals.unchanged} unchanged`);
  }

  /** Stores an accepted import plan in one transaction. */
  private async write(planned: PlannedRow[], known: ReadonlyMap<string, { id: string; path: string }>): Promise<void> {
    const placed = new Map(known);
    const created: Partial<Region>[] = [];
    for (const row of planned.filter((r) => r.outcome === ImportOutcome.CREATED)) {
      const parent = row.parentCode ? placed.get(row.parentCode)! : null;
      const region = {
        id: randomUUID(),
        code: row.code,
        name: row.name,
        level: row.level!,
        parentId: parent?.id ?? null,
        path: parent ? `${parent.path}.${row.code}` : row.code,
        countyCode: countyCodeOf(row.code),
      };
      placed.set(row.code, region);
      created.push(region);
    }
    const renamed = planned.filter((r) => r.outcome === ImportOutcome.UPDATED);

    await this.dataSource.transaction(async (manager) => {
      for (let i = 0; i < created.length; i += INSERT_CHUNK) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(Region)
          .values(created.slice(i, i + INSERT_CHUNK))
          .execute();
      }
      if (renamed.length > 0) {
        await manager.query(RENAME_REGIONS_SQL, [renamed.map((r) => r.code), renamed.map((r) => r.name)]);
      }
      for (const county of created.filter((r) => r.level === RegionLevel.COUNTY)) {
        await seedDefaultRules(manager, { id: county.id!, code: county.code! });
      }
    });
  }
}
