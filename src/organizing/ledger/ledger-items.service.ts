import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { overlapsScope } from '../../access/scope.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { RegionService } from '../../reference/regions/region.service.js';
import type { CreateLedgerItemInput, UpdateLedgerItemInput } from './dto/ledger.dto.js';
import { LedgerItem } from './ledger-item.entity.js';
import { DEFAULT_LEDGER_ITEMS } from './ledger-rules.js';

/** 五个清 The per-county five-clear items: seeded with the defaults, then renamed, added or retired by admins. */
@Injectable()
export class LedgerItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionService,
  ) {}

  /** Writes the default items for a county that has none of their keys yet, inside the caller's transaction. */
  async seedDefaults(manager: EntityManager, countyCode: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(LedgerItem)
      .values(DEFAULT_LEDGER_ITEMS.map((item, index) => ({ countyCode, key: item.key, label: item.label, position: (index + 1) * 10, retiredAt: null })))
      .orIgnore()
      .execute();
  }

  /** A county's items in order (retired ones too, when asked); the defaults are seeded on first sight. */
  async list(actor: Actor, countyCode: string, options: { includeRetired?: boolean } = {}): Promise<LedgerItem[]> {
    await this.county(actor, countyCode);
    const manager = this.dataSource.manager;
    if (!(await manager.existsBy(LedgerItem, { countyCode }))) await this.seedDefaults(manager, countyCode);
    const items = await manager.find(LedgerItem, { where: { countyCode }, order: { position: 'ASC', key: 'ASC' } });
    return options.includeRetired ? items : items.filter((item) => item.retiredAt === null);
  }

  /** Adds an item to a county (CONFLICT when the key is taken). */
  async create(actor: Actor, input: CreateLedgerItemInput): Promise<LedgerItem> {
    const items = await this.list(actor, input.countyCode, { includeRetired: true });
    const taken = items.find((item) => item.key === input.key);
    if (taken) throw DomainError.conflict(`County ${input.countyCode} already has an item ${input.key}`, { existingItemId: taken.id, field: 'key' });
    const position = input.position ?? Math.max(0, ...items.map((item) => item.position)) + 10;
    return this.dataSource.manager.save(LedgerItem, { countyCode: input.countyCode, key: input.key, label: input.label.trim(), position, retiredAt: null });
  }

  /** Renames, reorders, retires or restores an item; its checks on entries are kept. */
  async update(actor: Actor, id: string, input: UpdateLedgerItemInput): Promise<LedgerItem> {
    const item = await this.dataSource.manager.findOneBy(LedgerItem, { id });
    if (!item) throw DomainError.notFound('LedgerItem', id);
    await this.county(actor, item.countyCode);
    if (input.label !== undefined) item.label = input.label.trim();
    if (input.position !== undefined) item.position = input.position;
    if (input.retired !== undefined) item.retiredAt = input.retired ? (item.retiredAt ?? new Date()) : null;
    return this.dataSource.manager.save(item);
  }

  private async county(actor: Actor, countyCode: string): Promise<void> {
    const county = await this.regions.findByCode(countyCode);
    if (!county || county.level !== RegionLevel.COUNTY) throw DomainError.badField('countyCode', `${countyCode} is not a county`);
    if (!overlapsScope(actor, county.path)) {
      throw DomainError.notFound('County', countyCode);
    }
  }
}
