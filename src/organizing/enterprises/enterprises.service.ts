import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type SelectQueryBuilder } from 'typeorm';
import { assignedToInstructor } from '../instructors/instructor-scope.js';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { AuditService } from '../../audit/audit.service.js';
import { isValidSocialCreditCode, normaliseSocialCreditCode } from '../../common/checksums/social-credit-code.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { readReferences } from '../../common/references/references.js';
import { PersonalDataService } from '../../common/personal-data/personal-data.service.js';
import { Department } from '../../reference/departments/department.entity.js';
import type { Industry } from '../../reference/industries/industry.enum.js';
import type { Region } from '../../reference/regions/region.entity.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { inScope, withinRegion } from '../../access/scope.js';
import { RegionService } from '../../reference/regions/region.service.js';
import { SupervisionService } from '../../reference/supervision/supervision.service.js';
import type { CreateEnterpriseInput, EnterpriseFilter, OverrideSupervisionInput, UpdateEnterpriseInput } from './dto/enterprise.dto.js';
import { Enterprise } from './enterprise.entity.js';
import { ENTERPRISE_REFERENCES_SQL, type EnterpriseReferences } from './enterprises.sql.js';

const byCreated: KeysetOrder<Enterprise> = { column: 'enterprise.created_at', idColumn: 'enterprise.id', direction: 'ASC', read: (e) => [e.createdAt, e.id] };

/**
 * 企业 Enterprises: registration with a checked social credit code, the supervising department
 * (主管单位) derived from the county's rules or overridden with a reason, and the caller's scope:
 * a DEPARTMENT_OFFICER sees the enterprises its department supervises, an INSTRUCTOR those
 * assigned to them, everyone else their region subtree.
 */
@Injectable()
export class EnterprisesService {
  constructor(
    @InjectRepository(Enterprise) private readonly enterprises: Repository<Enterprise>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionService,
    private readonly supervision: SupervisionService,
    private readonly personalData: PersonalDataService,
    private readonly audit: AuditService,
  ) {}

  /** Registers an enterprise; the supervising department follows from its industry and township. */
  async create(actor: Actor, input: CreateEnterpriseInput): Promise<Enterprise> {
    const code = normaliseSocialCreditCode(input.socialCreditCode);
    if (!isValidSocialCreditCode(code)) {
      throw DomainError.badField('socialCreditCode', 'is not a valid unified social credit code (GB 32100 check character)');
    }
    const existing = await this.enterprises.findOneBy({ socialCreditCode: code });
    if (existing)
      throw DomainError.conflict(`An enterprise with social credit code ${code} already exists`, {
        existingEnterpriseId: existing.id,
        field: 'socialCreditCode',
      });
    const township = await this.townshipInScope(actor, input.townshipCode);
    const department = await this.supervision.resolveDepartment(input.industry, township.code);
    if (actor.role === Role.DEPARTMENT_OFFICER && department.id !== actor.departmentId) {
      throw DomainError.forbidden(`An enterprise in ${input.industry} at ${township.code} is supervised by ${department.name}, not your department`);
    }
    const enterprise = this.enterprises.create({
      name: input.name.trim(),
      socialCreditCode: code,
      industry: input.industry,
      townshipId: township.id,
      countyCode: township.countyCode!,
      isPlatform: input.isPlatform ?? false,
      address: input.address?.trim() || null,
      workerHeadcount: input.workerHeadcount ?? null,
      supervisingDepartmentId: department.id,
      supervisionOverrideReason: null,
      supervisionOverriddenById: null,
      supervisionOverriddenAt: null,
    });
    this.applyContact(enterprise, input);
    const saved = await this.enterprises.save(enterprise);
    return this.get(actor, saved.id);
  }

  /** Edits an enterprise in scope; a new industry or township re-derives the department (and drops an override). */
  async update(actor: Actor, id: string, input: UpdateEnterpriseInput): Promise<Enterprise> {
    const enterprise = await this.get(actor, id);
    if (input.name !== undefined) enterprise.name = input.name.trim();
    if (input.address !== undefined) enterprise.address = input.address.trim() || null;
    if (input.isPlatform !== undefined) enterprise.isPlatform = input.isPlatform;
    if (input.workerHeadcount !== undefined) enterprise.workerHeadcount = input.workerHeadcount;
    this.applyContact(enterprise, input);
    const relocated = input.townshipCode !== undefined && input.townshipCode !== enterprise.township!.code;
    const reclassified = input.industry !== undefined && input.industry !== enterprise.industry;
    if (relocated || reclassified) {
      const township = relocated ? await this.townshipInScope(actor, input.townshipCode!) : enterprise.township!;
      const industry = (input.industry ?? enterprise.industry) as Industry;
      const department = await this.supervision.resolveDepartment(industry, township.code);
      enterprise.industry = industry;
      enterprise.townshipId = township.id;
      enterprise.township = township;
      enterprise.countyCode = township.countyCode!;
      enterprise.supervisingDepartmentId = department.id;
      enterprise.supervisionOverrideReason = null;
      enterprise.supervisionOverriddenById = null;
      enterprise.supervisionOverriddenAt = null;
    }
    await this.enterprises.save(enterprise);
    return this.get(actor, id, { unscopedFor: enterprise });
  }

  /**
   * An officer sets the supervising department by hand, with a reason kept on the record and in the
   * audit log (written in the same transaction); without a department the county rule applies again.
   */
  async overrideSupervision(actor: Actor, id: string, input: OverrideSupervisionInput): Promise<Enterprise> {
    const enterprise = await this.get(actor, id);
    const before = enterprise.supervisingDepartmentId;
    await this.dataSource.transaction(async (manager) => {
      if (input.departmentId) {
        const department = await manager.findOneBy(Department, { id: input.departmentId });
        if (!department || department.countyCode !== enterprise.countyCode) {
          throw DomainError.badField('departmentId', `no department ${input.departmentId} in county ${enterprise.countyCode}`);
        }
        await manager.update(Enterprise, id, {
          supervisingDepartmentId: department.id,
          supervisionOverrideReason: input.reason,
          supervisionOverriddenById: actor.id,
          supervisionOverriddenAt: new Date(),
        });
      } else {
        const derived = await this.supervision.resolveDepartment(enterprise.industry as Industry, enterprise.township!.code);
        await manager.update(Enterprise, id, {
          supervisingDepartmentId: derived.id,
          supervisionOverrideReason: null,
          supervisionOverriddenById: null,
          supervisionOverriddenAt: null,
        });
      }
      const after = (await manager.findOneByOrFail(Enterprise, { id })).supervisingDepartmentId;
      await this.audit.record({
        action: 'enterprise.supervision.override',
        actor,
        entityType: 'Enterprise',
        entityId: id,
        changes: { supervisingDepartmentId: { from: before, to: after }, overridden: Boolean(input.departmentId) },
        reason: input.reason,
        manager,
      });
    });
    return this.enterprises.findOneOrFail({ where: { id }, relations: { township: true } });
  }

  /** An enterprise the caller may see; NOT_FOUND otherwise (existence is not leaked). */
  async get(actor: Actor, id: string, options: { unscopedFor?: Enterprise } = {}): Promise<Enterprise> {
    // After an edit moved an enterprise out of a department officer's scope, they still get the result of their own edit.
    const query = options.unscopedFor
      ? this.enterprises.createQueryBuilder('enterprise').leftJoinAndSelect('enterprise.township', 'township')
      : this.scoped(actor);
    const enterprise = await query.andWhere('enterprise.id = :id', { id }).getOne();
    if (!enterprise) throw DomainError.notFound('Enterprise', id);
    return enterprise;
  }

  /** An enterprise another record points at (`field`): must exist and be visible to the caller, else BAD_USER_INPUT naming the field. */
  async referenced(actor: Actor, id: string, field: string): Promise<Enterprise> {
    const enterprise = await this.scoped(actor).andWhere('enterprise.id = :id', { id }).getOne();
    if (!enterprise) throw DomainError.badField(field, `no enterprise ${id} in your scope`);
    return enterprise;
  }

  /** GraphQL: enterprises in scope matching the filter, oldest first. */
  async connection(actor: Actor, filter: EnterpriseFilter, args: ConnectionArgs): Promise<ConnectionShape<Enterprise>> {
    return toConnection(await this.filtered(actor, filter), byCreated, args);
  }

  /** REST: one page of enterprises in scope matching the filter. */
  async page(actor: Actor, filter: EnterpriseFilter, query: CursorQuery): Promise<CursorPageShape<Enterprise>> {
    return toCursorPage(await this.filtered(actor, filter), byCreated, query);
  }

  /** REST: what each enterprise references (township, supervising department), named; one statement for them all. */
  references(ids: readonly string[]): Promise<Map<string, EnterpriseReferences>> {
    return readReferences(this.dataSource, ENTERPRISE_REFERENCES_SQL, ids);
  }

  /** Enterprises by id with their township, for DataLoaders (callers load only what they may already see). */
  async byIds(ids: readonly string[]): Promise<Enterprise[]> {
    if (ids.length === 0) return [];
    return this.enterprises
      .createQueryBuilder('enterprise')
      .leftJoinAndSelect('enterprise.township', 'township')
      .where('enterprise.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** Departments by id with their region, for loaders of `supervisingDepartment`. */
  async departments(ids: readonly string[]): Promise<(Department & { region: Region })[]> {
    if (ids.length === 0) return [];
    return this.dataSource.manager
      .createQueryBuilder(Department, 'department')
      .innerJoinAndSelect('department.region', 'region')
      .where('department.id = ANY(:ids)', { ids: [...ids] })
      .getMany() as Promise<(Department & { region: Region })[]>;
  }

  /**
   * The caller's enterprises as a query (alias `enterprise`, township joined as `township`):
   * department officers → their department's; instructors → actively assigned to them; others → region subtree.
   */
  scoped(actor: Actor): SelectQueryBuilder<Enterprise> {
    const query = this.enterprises.createQueryBuilder('enterprise').leftJoinAndSelect('enterprise.township', 'township');
    if (actor.role === Role.DEPARTMENT_OFFICER) {
      if (!actor.departmentId) return query.where('FALSE');
      return query.where('enterprise.supervising_department_id = :scopeDepartmentId', { scopeDepartmentId: actor.departmentId });
    }
    if (actor.role === Role.INSTRUCTOR) {
      const assigned = assignedToInstructor(actor, 'enterprise.id');
      return query.where(assigned.sql, assigned.params);
    }
    const scope = withinRegion(actor, 'township');
    return query.where(scope.sql, scope.params);
  }

  private async filtered(actor: Actor, filter: EnterpriseFilter): Promise<SelectQueryBuilder<Enterprise>> {
    const query = this.scoped(actor);
    if (filter.regionCode) {
      const region = await this.regions.getByCode(filter.regionCode);
      query.andWhere('township.path <@ :filterPath', { filterPath: region.path });
    }
    if (filter.industry) query.andWhere('enterprise.industry = :industry', { industry: filter.industry });
    if (filter.supervisingDepartmentId)
      query.andWhere('enterprise.supervising_department_id = :departmentId', { departmentId: filter.supervisingDepartmentId });
    const covered = `EXISTS (SELECT 1 FROM party_organization_enterprise poe WHERE poe.enterprise_id = enterprise.id)`;
    if (filter.hasOrganization !== undefined) query.andWhere(filter.hasOrganization ? covered : `NOT ${covered}`);
    const instructed = `EXISTS (SELECT 1 FROM instructor_assignment ia WHERE ia.enterprise_id = enterprise.id AND ia.ended_on IS NULL)`;
    if (filter.hasInstructor !== undefined) query.andWhere(filter.hasInstructor ? instructed : `NOT ${instructed}`);
    if (filter.search) {
      // ILIKE and % (similarity) both use the GIN trigram index.
      query.andWhere('(enterprise.name ILIKE :pattern OR enterprise.name % :search)', {
        pattern: `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        search: filter.search,
      });
    }
    return query;
  }

  // The township an enterprise is placed in: must be a township inside the caller's region.
  private async townshipInScope(actor: Actor, code: string): Promise<Region> {
    const township = await this.regions.findByCode(code);
    if (!township) throw DomainError.badField('townshipCode', `no region has code ${code}`);
    if (township.level !== RegionLevel.TOWNSHIP) throw DomainError.badField('townshipCode', `${code} is a ${township.level}, not a township`);
    if (!inScope(actor, township.path)) {
      throw DomainError.badField('townshipCode', `${code} is outside your region`);
    }
    return township;
  }

  private applyContact(enterprise: Enterprise, input: { contactName?: string; contactPhone?: string }): void {
    if (input.contactName !== undefined) {
      const name = this.personalData.protectName(input.contactName, 'contactName');
      enterprise.contactNameCipher = name.ciphertext;
      enterprise.contactNameMasked = name.masked;
    }
    if (input.contactPhone !== undefined) {
      let phone;
      try {
        phone = this.personalData.protectPhone(input.contactPhone);
      } catch {
        throw DomainError.badField('contactPhone', 'must be an 11-digit mainland China mobile number');
      }
      enterprise.contactPhoneCipher = phone.ciphertext;
      enterprise.contactPhoneMasked = phone.masked;
    }
  }
}
