import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { inScope, scopeFilter } from '../access/scope.js';
import { RATE_LIMITS, RateLimiter } from '../rate-limit/rate-limiter.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../common/pagination/keyset.js';
import { normalisePhone } from '../common/personal-data/personal-data-format.js';
import { PersonalDataService, type ProtectedValue } from '../common/personal-data/personal-data.service.js';
import type { Industry } from '../reference/industries/industry.enum.js';
import type { Region } from '../reference/regions/region.entity.js';
import { RegionLevel } from '../reference/regions/region-level.enum.js';
import { RegionService } from '../reference/regions/region.service.js';
import type { RevealField } from './dto/reveal.dto.js';
import type { CreateWorkerInput, WorkerFilter } from './dto/worker.dto.js';
import type { UpdateMyProfileInput } from './dto/worker-profile.dto.js';
import { Worker } from './worker.entity.js';
import { moveReferenceSql, WORKER_REFERENCES_SQL } from './workers.sql.js';

const byCreated: KeysetOrder<Worker> = { column: 'worker.created_at', idColumn: 'worker.id', direction: 'ASC', read: (w) => [w.createdAt, w.id] };

/** A worker's personal data, protected and ready to store (from an officer's form or an import row). */
export interface ProtectedWorkerData {
  name?: ProtectedValue;
  phone?: ProtectedValue;
  idNumber?: ProtectedValue;
  gender?: string | null;
  industry?: string | null;
  townshipId?: string | null;
  countyCode?: string | null;
}

/** One person record per worker; personal data only ever stored protected. */
@Injectable()
export class WorkersService {
  constructor(
    @InjectRepository(Worker) private readonly workers: Repository<Worker>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly personalData: PersonalDataService,
    private readonly audit: AuditService,
    private readonly regions: RegionService,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * An officer records a worker. A live record with the same ID number (or, lacking one, the same phone)
   * → CONFLICT, naming that record (`existingWorkerId`) only when the officer may read it: otherwise a
   * phone number alone would lead an officer of another region to a person's record.
   */
  async create(actor: Actor, input: CreateWorkerInput): Promise<Worker> {
    if (!input.phone && !input.idNumber) throw DomainError.badField('phone', 'give a phone number or an ID number');
    const data: ProtectedWorkerData = {
      name: this.personalData.protectName(input.name),
      phone: input.phone ? this.personalData.protectPhone(input.phone) : undefined,
      idNumber: input.idNumber ? this.personalData.protectIdNumber(input.idNumber) : undefined,
      gender: input.gender ?? null,
      industry: input.industry ?? null,
    };
    let township: Region | null = null;
    if (input.townshipCode) {
      township = await this.regions.getByCode(input.townshipCode);
      if (township.level !== RegionLevel.TOWNSHIP) throw DomainError.badField('townshipCode', `${input.townshipCode} is not a township`);
      if (!inScope(actor, township.path)) {
        throw DomainError.badField('townshipCode', `${input.townshipCode} is outside your region`);
      }
      data.townshipId = township.id;
      data.countyCode = township.countyCode;
    } else {
      data.countyCode = actor.countyCode ?? null;
    }
    const worker = await this.dataSource.transaction(async (manager) => {
      const existing = await this.findDuplicate(manager, data);
      if (existing) throw duplicateOf(existing, data, await this.mayRead(actor, existing.id));
      return this.insertProtected(manager, data);
    });
    worker.township = township;
    return worker;
  }

  /**
   * The live record this person already has: by ID number, else by phone (the one-person rule).
   * Callers refuse a second record (`CONFLICT` with `existingWorkerId`) or reuse this one (imports).
   */
  async findDuplicate(manager: EntityManager, data: Pick<ProtectedWorkerData, 'phone' | 'idNumber'>): Promise<Worker | null> {
    const repository = manager.getRepository(Worker);
    if (data.idNumber) {
      const byId = await repository.findOneBy({ idNumberIndex: data.idNumber.blindIndex, mergedIntoId: IsNull() });
      if (byId) return byId;
    }
    if (data.phone) return repository.findOneBy({ phoneIndex: data.phone.blindIndex, mergedIntoId: IsNull() });
    return null;
  }

  /** Inserts a worker from protected values inside the caller's transaction. */
  async insertProtected(manager: EntityManager, data: ProtectedWorkerData): Promise<Worker> {
    const repository = manager.getRepository(Worker);
    return repository.save(
      repository.create({
        nameCipher: data.name?.ciphertext ?? null,
        nameMasked: data.name?.masked ?? null,
        phoneCipher: data.phone?.ciphertext ?? null,
        phoneIndex: data.phone?.blindIndex ?? null,
        phoneMasked: data.phone?.masked ?? null,
        idNumberCipher: data.idNumber?.ciphertext ?? null,
        idNumberIndex: data.idNumber?.blindIndex ?? null,
        idNumberMasked: data.idNumber?.masked ?? null,
        gender: data.gender ?? null,
        industry: data.industry ?? null,
        townshipId: data.townshipId ?? null,
        countyCode: data.countyCode ?? null,
      }),
    );
  }

  /** A worker in the caller's region (a merged record too, showing where it went); NOT_FOUND otherwise. */
  async getScoped(actor: Actor, id: string): Promise<Worker> {
    const worker = await this.scoped(actor).andWhere('worker.id = :id', { id }).getOne();
    if (!worker) throw DomainError.notFound('Worker', id);
    return worker;
  }

  /** Whether the caller may read this worker record: the same scope as `getScoped`. */
  async mayRead(actor: Actor, id: string): Promise<boolean> {
    return this.scoped(actor).andWhere('worker.id = :id', { id }).getExists();
  }

  /** GraphQL: live workers in scope matching the filter, oldest first. */
  async connection(actor: Actor, filter: WorkerFilter, args: ConnectionArgs): Promise<ConnectionShape<Worker>> {
    return toConnection(await this.filtered(actor, filter), byCreated, args);
  }

  /** REST: one page of live workers in scope matching the filter. */
  async page(actor: Actor, filter: WorkerFilter, query: CursorQuery): Promise<CursorPageShape<Worker>> {
    return toCursorPage(await this.filtered(actor, filter), byCreated, query);
  }

  /** Workers by id, for DataLoaders (no scope: callers load only what they already may see). */
  async byIds(ids: readonly string[]): Promise<Worker[]> {
    if (ids.length === 0) return [];
    return this.workers
      .createQueryBuilder('worker')
      .leftJoinAndSelect('worker.township', 'township')
      .where('worker.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /**
   * 合并 Folds `sourceId` into `targetId` in one transaction: every row of every table that references
   * the source (ledger entries, registrations, roster riders…) now references the target, the target
   * gains the personal data it lacked, and the source only redirects. Records holding different ID
   * numbers are different people (CONFLICT); a reference that cannot move because the target already
   * has one of its kind (a second ledger entry) → CONFLICT naming the table, and nothing changes.
   */
  async merge(actor: Actor, sourceId: string, targetId: string): Promise<Worker> {
    if (sourceId === targetId) throw DomainError.badField('sourceId', 'must differ from targetId');
    await this.getScoped(actor, sourceId);
    await this.getScoped(actor, targetId);
    const merged = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(Worker);
      const locked = await repository
        .createQueryBuilder('worker')
        .setLock('pessimistic_write')
        .where('worker.id IN (:...ids)', { ids: [sourceId, targetId] })
        .getMany();
      const source = locked.find((w) => w.id === sourceId)!;
      const target = locked.find((w) => w.id === targetId)!;
      for (const [field, worker] of [
        ['sourceId', source],
        ['targetId', target],
      ] as const) {
        if (worker.mergedIntoId) {
          // Named only to a caller who may read the record it went into.
          const visible = await this.mayRead(actor, worker.mergedIntoId);
          throw DomainError.conflict(`Worker ${worker.id} was already merged${visible ? ` into ${worker.mergedIntoId}` : ''}`, {
            field,
            ...(visible ? { mergedIntoId: worker.mergedIntoId } : {}),
          });
        }
      }
      if (source.idNumberIndex && target.idNumberIndex && source.idNumberIndex !== target.idNumberIndex) {
        throw DomainError.conflict('The two records hold different ID numbers: they are different people', { sourceId, targetId });
      }
      await repository.update(source.id, { mergedIntoId: target.id });
      const moved = await this.moveReferences(manager, source.id, target.id);
      const filled: Partial<Worker> = {};
      const fill = <K extends keyof Worker>(...keys: K[]) => {
        if (target[keys[0]] == null && source[keys[0]] != null) for (const key of keys) (filled as Worker)[key] = source[key];
      };
      fill('nameCipher', 'nameMasked');
      fill('phoneCipher', 'phoneIndex', 'phoneMasked');
      fill('idNumberCipher', 'idNumberIndex', 'idNumberMasked');
      fill('gender');
      fill('industry');
      fill('townshipId', 'countyCode');
      if (Object.keys(filled).length > 0) await repository.update(target.id, filled);
      await this.audit.record({
        action: 'worker.merge',
        actor,
        entityType: 'Worker',
        entityId: target.id,
        changes: { sourceId, targetId, moved, filled: Object.keys(filled).filter((k) => !k.endsWith('Cipher') && !k.endsWith('Index')) },
        manager,
      });
      return target.id;
    });
    return this.getScoped(actor, merged);
  }

  // Every single-column foreign key onto worker(id), found in the catalogue so tables added by other
  // features are moved too. A unique violation (the target already has such a row) aborts the merge.
  private async moveReferences(manager: EntityManager, sourceId: string, targetId: string): Promise<Record<string, number>> {
    const references: { table_name: string; column_name: string }[] = await manager.query(WORKER_REFERENCES_SQL);
    const moved: Record<string, number> = {};
    for (const { table_name, column_name } of references) {
      try {
        const [, count] = (await manager.query(moveReferenceSql(table_name, column_name), [targetId, sourceId])) as [unknown, number];
        if (count > 0) moved[`${table_name}.${column_name}`] = count;
      } catch (error) {
        const pg = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
        if (pg?.code === '23505') {
          throw DomainError.conflict(`Both records have a ${table_name} row that cannot be combined; resolve one of them first`, {
            table: table_name,
            constraint: pg.constraint,
          });
        }
        throw error;
      }
    }
    return moved;
  }

  // Workers the caller may see: township (or county) in the caller's region subtree.
  private scoped(actor: Actor): SelectQueryBuilder<Worker> {
    const scope = scopeFilter(actor, 'COALESCE(township.path, county.path)');
    return this.workers
      .createQueryBuilder('worker')
      .leftJoinAndSelect('worker.township', 'township')
      .leftJoin('region', 'county', 'county.code = worker.county_code')
      .where(scope.sql, scope.params);
  }

  private async filtered(actor: Actor, filter: WorkerFilter): Promise<SelectQueryBuilder<Worker>> {
    const query = this.scoped(actor).andWhere('worker.merged_into_id IS NULL');
    if (filter.regionCode) {
      const region = await this.regions.getByCode(filter.regionCode);
      query.andWhere('COALESCE(township.path, county.path) <@ :filterPath', { filterPath: region.path });
    }
    if (filter.industry) query.andWhere('worker.industry = :industry', { industry: filter.industry as Industry });
    if (filter.phone) query.andWhere('worker.phone_index = :phoneIndex', { phoneIndex: this.personalData.protectPhone(filter.phone).blindIndex });
    if (filter.idNumber) query.andWhere('worker.id_number_index = :idIndex', { idIndex: this.personalData.protectIdNumber(filter.idNumber).blindIndex });
    return query;
  }

  /** The live (not merged) worker with this phone, created on first sight (worker login). */
  async findOrCreateByPhone(rawPhone: string): Promise<Worker> {
    const phone = this.personalData.protectPhone(rawPhone);
    const live = { phoneIndex: phone.blindIndex, mergedIntoId: IsNull() };
    const existing = await this.workers.findOneBy(live);
    if (existing) return existing;
    await this.workers
      .createQueryBuilder()
      .insert()
      .values({ phoneCipher: phone.ciphertext, phoneIndex: phone.blindIndex, phoneMasked: phone.masked })
      .orIgnore()
      .execute();
    return this.workers.findOneByOrFail(live);
  }

  /** A worker by id, or NOT_FOUND. */
  async get(id: string): Promise<Worker> {
    const worker = await this.workers.findOneBy({ id });
    if (!worker) throw DomainError.notFound('Worker', id);
    return worker;
  }

  /** The signed-in worker's own record; other callers have no profile. */
  async mine(actor: Actor): Promise<Worker> {
    if (actor.kind !== 'worker' || !actor.workerId) throw DomainError.forbidden('Only a signed-in worker has a profile');
    return this.get(actor.workerId);
  }

  /**
   * A worker completes their own profile (name, ID number, gender). An ID number already on another
   * record is refused without saying whose it is (CONFLICT on `idNumber`, the refusal audited), and a
   * worker may try only `RATE_LIMITS.workerIdNumber` new ID numbers a day, whatever the answers: each
   * answer tells whether a number is registered, so the limit keeps a worker from probing a list.
   */
  async updateMyProfile(actor: Actor, input: UpdateMyProfileInput): Promise<Worker> {
    const worker = await this.mine(actor);
    if (input.name !== undefined) {
      const name = this.personalData.protectName(input.name);
      worker.nameCipher = name.ciphertext;
      worker.nameMasked = name.masked;
    }
    if (input.idNumber !== undefined) {
      const id = this.personalData.protectIdNumber(input.idNumber);
      if (id.blindIndex !== worker.idNumberIndex) await this.limiter.hit(`id-number:${worker.id}`, RATE_LIMITS.workerIdNumber);
      // The live holder only: a record merged away may keep the same ID number (and is not indexed).
      const holder = await this.workers.findOneBy({ idNumberIndex: id.blindIndex, mergedIntoId: IsNull() });
      if (holder && holder.id !== worker.id) {
        throw DomainError.conflict(
          'This ID number cannot be added to your profile. If it is yours, ask your station or the party-building office to check your records.',
          { field: 'idNumber' },
        );
      }
      worker.idNumberCipher = id.ciphertext;
      worker.idNumberIndex = id.blindIndex;
      worker.idNumberMasked = id.masked;
    }
    if (input.gender !== undefined) worker.gender = input.gender;
    return this.workers.save(worker);
  }

  /**
   * The full value of one protected field, for an officer with a stated reason; the reveal is audited.
   * Only of a worker the officer may read (`getScoped`): any other is NOT_FOUND, as reading it would be.
   */
  async reveal(actor: Actor, workerId: string, field: RevealField, reason: string, ip?: string): Promise<string> {
    const worker = await this.getScoped(actor, workerId);
    const cipher = { NAME: worker.nameCipher, PHONE: worker.phoneCipher, ID_NUMBER: worker.idNumberCipher }[field];
    if (!cipher) throw DomainError.notFound(`Worker ${workerId} has no ${field.toLowerCase()}`);
    const value = this.personalData.decrypt(cipher);
    await this.audit.record({
      action: 'personal_data.reveal',
      actor,
      entityType: 'Worker',
      entityId: workerId,
      changes: { field },
      reason,
      ip,
    });
    return value;
  }

  /** Blind index of a phone as stored (for matching). */
  phoneIndex(rawPhone: string): string {
    return this.personalData.blindIndex('phone', normalisePhone(rawPhone));
  }
}

// The one-person refusal; the existing record's id only for a caller who may read it.
function duplicateOf(existing: Worker, data: Pick<ProtectedWorkerData, 'idNumber'>, callerMayRead: boolean): DomainError {
  const by = data.idNumber && existing.idNumberIndex === data.idNumber.blindIndex ? 'ID number' : 'phone number';
  const field = by === 'ID number' ? 'idNumber' : 'phone';
  if (!callerMayRead) return DomainError.conflict(`A worker with this ${by} is already on record outside your region`, { field });
  return DomainError.conflict(`A worker with this ${by} already exists`, { existingWorkerId: existing.id, field });
}
