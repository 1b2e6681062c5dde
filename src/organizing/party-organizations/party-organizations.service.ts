import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { readReferences } from '../../common/references/references.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { inScope, withinRegion } from '../../access/scope.js';
import { RegionService } from '../../reference/regions/region.service.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { LedgerEntry } from '../ledger/ledger-entry.entity.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { Verification } from '../ledger/ledger.enums.js';
import { coverageProblem, CoverageRule } from './coverage-rules.js';
import {
  PartyOrganizationDto,
  type CreatePartyOrganizationInput,
  type DissolvePartyOrganizationInput,
  type PartyOrganizationFilter,
  type PartyOrganizationViewDto,
  type UpdatePartyOrganizationInput,
} from './dto/party-organization.dto.js';
import { PartyOrganizationEnterprise } from './party-organization-enterprise.entity.js';
import { PartyOrganization } from './party-organization.entity.js';
import type { FormationMode } from './party-organization.enums.js';
import { ANCESTOR_CYCLE_SQL, PARTY_ORGANIZATION_REFERENCES_SQL, type PartyOrganizationReferences } from './party-organizations.sql.js';

const byCreated: KeysetOrder<PartyOrganization> = {
  column: 'organization.created_at',
  idColumn: 'organization.id',
  direction: 'ASC',
  read: (o) => [o.createdAt, o.id],
};

/**
 * 党组织 Party organisations: forming them under the coverage rules (standalone: exactly one
 * enterprise with ≥3 full members in the ledger; industry-joint: two or more enterprises; an
 * enterprise covered at most once), editing and dissolving them. Member counts come from the ledger.
 */
@Injectable()
export class PartyOrganizationsService {
  constructor(
    @InjectRepository(PartyOrganization) private readonly organizations: Repository<PartyOrganization>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly ledger: LedgerService,
    private readonly regions: RegionService,
    private readonly clock: Clock,
  ) {}

  /** Forms an organisation and its coverage in one transaction; a broken rule → BAD_USER_INPUT naming it. */
  async create(actor: Actor, input: CreatePartyOrganizationInput): Promise<PartyOrganization> {
    const region = await this.regions.findByCode(input.regionCode);
    if (!region || (region.level !== RegionLevel.COUNTY && region.level !== RegionLevel.TOWNSHIP)) {
      throw DomainError.badField('regionCode', `${input.regionCode} is not a county or township`);
    }
    if (!inScope(actor, region.path)) {
      throw DomainError.badField('regionCode', `${input.regionCode} is outside your region`);
    }
    const id = await this.dataSource.transaction(async (manager) => {
      const organization = manager.create(PartyOrganization, {
        name: input.name.trim(),
        kind: input.kind,
        formationMode: input.formationMode,
        establishedOn: input.establishedOn,
        regionId: region.id,
        countyCode: region.countyCode!,
        parentId: null,
        secretaryEntryId: null,
        dissolvedOn: null,
      });
      organization.parentId = await this.parent(manager, input.parentId, organization);
      organization.secretaryEntryId = await this.secretary(manager, input.secretaryEntryId, organization.countyCode);
      const saved = await manager.save(PartyOrganization, organization);
      await this.cover(actor, manager, saved, input.enterpriseIds);
      return saved.id;
    });
    return this.get(actor, id);
  }

  /** Edits an organisation; a new formation mode or enterprise list is checked against the rules again. */
  async update(actor: Actor, id: string, input: UpdatePartyOrganizationInput): Promise<PartyOrganization> {
    const organization = await this.get(actor, id);
    if (organization.dissolvedOn)
      throw DomainError.conflict(`Party organisation ${id} was dissolved on ${organization.dissolvedOn}`, { dissolvedOn: organization.dissolvedOn });
    await this.dataSource.transaction(async (manager) => {
      if (input.name !== undefined) organization.name = input.name.trim();
      if (input.kind !== undefined) organization.kind = input.kind;
      if (input.establishedOn !== undefined) organization.establishedOn = input.establishedOn;
      if (input.parentId !== undefined) organization.parentId = await this.parent(manager, input.parentId, organization);
      if (input.secretaryEntryId !== undefined) organization.secretaryEntryId = await this.secretary(manager, input.secretaryEntryId, organization.countyCode);
      const modeChanged = input.formationMode !== undefined && input.formationMode !== organization.formationMode;
      if (input.formationMode !== undefined) organization.formationMode = input.formationMode;
      delete organization.region;
      await manager.save(PartyOrganization, organization);
      if (input.enterpriseIds !== undefined || modeChanged) {
        const current = await manager.find(PartyOrganizationEnterprise, { where: { organizationId: id } });
        await manager.delete(PartyOrganizationEnterprise, { organizationId: id });
        await this.cover(actor, manager, organization, input.enterpriseIds ?? current.map((c) => c.enterpriseId));
      }
    });
    return this.get(actor, id);
  }

  /** 撤销 Dissolves an organisation: it covers nothing from then on, members are detached, the record stays. */
  async dissolve(actor: Actor, id: string, input: DissolvePartyOrganizationInput): Promise<PartyOrganization> {
    const organization = await this.get(actor, id);
    if (organization.dissolvedOn)
      throw DomainError.conflict(`Party organisation ${id} was already dissolved on ${organization.dissolvedOn}`, { dissolvedOn: organization.dissolvedOn });
    const dissolvedOn = input.dissolvedOn ?? this.clock.today();
    if (dissolvedOn < organization.establishedOn)
      throw DomainError.badField('dissolvedOn', `must not be before it was established (${organization.establishedOn})`);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(PartyOrganizationEnterprise, { organizationId: id });
      await manager.update(LedgerEntry, { attachedOrganizationId: id }, { attachedOrganizationId: null });
      await manager.update(PartyOrganization, id, { dissolvedOn });
    });
    return this.get(actor, id);
  }

  /** An organisation the caller may see; NOT_FOUND otherwise. */
  async get(actor: Actor, id: string): Promise<PartyOrganization> {
    const organization = await this.scoped(actor).andWhere('organization.id = :id', { id }).getOne();
    if (!organization) throw DomainError.notFound('PartyOrganization', id);
    return organization;
  }

  /** GraphQL: organisations in scope matching the filter. */
  async connection(actor: Actor, filter: PartyOrganizationFilter, args: ConnectionArgs): Promise<ConnectionShape<PartyOrganization>> {
    return toConnection(await this.filtered(actor, filter), byCreated, args);
  }

  /** REST: one page of organisations in scope. */
  async page(actor: Actor, filter: PartyOrganizationFilter, query: CursorQuery): Promise<CursorPageShape<PartyOrganization>> {
    return toCursorPage(await this.filtered(actor, filter), byCreated, query);
  }

  /** REST's views: each organisation with the enterprises it covers, its member counts and its region named, in three queries. */
  async views(organizations: PartyOrganization[]): Promise<PartyOrganizationViewDto[]> {
    const ids = organizations.map((o) => o.id);
    const [coverage, counts, references] = await Promise.all([
      this.coverage(ids),
      this.ledger.memberCountsByOrganization(ids),
      readReferences<PartyOrganizationReferences>(this.dataSource, PARTY_ORGANIZATION_REFERENCES_SQL, ids),
    ]);
    return organizations.map((organization) => ({
      ...PartyOrganizationDto.from(organization),
      ...references.get(organization.id)!,
      enterpriseIds: coverage.filter((c) => c.organizationId === organization.id).map((c) => c.enterpriseId),
      memberCounts: counts.get(organization.id)!,
    }));
  }

  /** Organisations by id, for loaders. */
  async byIds(ids: readonly string[]): Promise<PartyOrganization[]> {
    if (ids.length === 0) return [];
    return this.organizations
      .createQueryBuilder('organization')
      .leftJoinAndSelect('organization.region', 'region')
      .where('organization.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** The enterprise ids each organisation covers, for loaders and views. */
  async coverage(organizationIds: readonly string[]): Promise<PartyOrganizationEnterprise[]> {
    if (organizationIds.length === 0) return [];
    return this.dataSource.manager
      .createQueryBuilder(PartyOrganizationEnterprise, 'poe')
      .where('poe.organization_id = ANY(:ids)', { ids: [...organizationIds] })
      .orderBy('poe.created_at')
      .getMany();
  }

  /** The organisation covering each enterprise, for loaders. */
  async coveringOrganizations(enterpriseIds: readonly string[]): Promise<(PartyOrganizationEnterprise & { organization: PartyOrganization })[]> {
    if (enterpriseIds.length === 0) return [];
    return this.dataSource.manager
      .createQueryBuilder(PartyOrganizationEnterprise, 'poe')
      .innerJoinAndSelect('poe.organization', 'organization')
      .leftJoinAndSelect('organization.region', 'region')
      .where('poe.enterprise_id = ANY(:ids)', { ids: [...enterpriseIds] })
      .getMany() as Promise<(PartyOrganizationEnterprise & { organization: PartyOrganization })[]>;
  }

  /**
   * The caller's organisations (alias `organization`, region joined): department officers see those
   * covering an enterprise their department supervises, instructors those covering an enterprise
   * assigned to them, everyone else those sitting in their region subtree.
   */
  private scoped(actor: Actor): SelectQueryBuilder<PartyOrganization> {
    const query = this.organizations.createQueryBuilder('organization').leftJoinAndSelect('organization.region', 'region');
    if (actor.role === Role.DEPARTMENT_OFFICER) {
      return query.where(
        `EXISTS (SELECT 1 FROM party_organization_enterprise s_poe JOIN enterprise s_e ON s_e.id = s_poe.enterprise_id
                 WHERE s_poe.organization_id = organization.id AND s_e.supervising_department_id = :scopeDepartmentId)`,
        { scopeDepartmentId: actor.departmentId ?? '00000000-0000-0000-0000-000000000000' },
      );
    }
    if (actor.role === Role.INSTRUCTOR) {
      return query.where(
        `EXISTS (SELECT 1 FROM party_organization_enterprise s_poe JOIN instructor_assignment s_a ON s_a.enterprise_id = s_poe.enterprise_id
                 WHERE s_poe.organization_id = organization.id AND s_a.instructor_id = :scopeInstructorId AND s_a.ended_on IS NULL)`,
        { scopeInstructorId: actor.id },
      );
    }
    const scope = withinRegion(actor, 'region');
    return query.where(scope.sql, scope.params);
  }

  private async filtered(actor: Actor, filter: PartyOrganizationFilter): Promise<SelectQueryBuilder<PartyOrganization>> {
    const query = this.scoped(actor);
    if (filter.regionCode) {
      const region = await this.regions.getByCode(filter.regionCode);
      query.andWhere('region.path <@ :filterPath', { filterPath: region.path });
    }
    if (filter.formationMode) query.andWhere('organization.formation_mode = :mode', { mode: filter.formationMode });
    if (filter.kind) query.andWhere('organization.kind = :kind', { kind: filter.kind });
    if (!filter.includeDissolved) query.andWhere('organization.dissolved_on IS NULL');
    return query;
  }

  // Writes the coverage of an organisation after checking every rule (within the transaction, so counts and coverage are current).
  private async cover(actor: Actor, manager: EntityManager, organization: PartyOrganization, enterpriseIds: string[]): Promise<void> {
    if (new Set(enterpriseIds).size !== enterpriseIds.length) throw DomainError.badField('enterpriseIds', 'lists an enterprise twice');
    const enterprises = [];
    for (const [index, enterpriseId] of enterpriseIds.entries()) {
      const enterprise = await this.enterprises.referenced(actor, enterpriseId, `enterpriseIds.${index}`);
      if (enterprise.countyCode !== organization.countyCode) {
        throw DomainError.badField(`enterpriseIds.${index}`, `${enterprise.name} is not in county ${organization.countyCode}`);
      }
      enterprises.push(enterprise);
    }
    const counts = await this.ledger.memberCountsByEnterprise(enterpriseIds, manager);
    const problem = coverageProblem(
      organization.formationMode as FormationMode,
      enterprises.map((e) => ({ id: e.id, name: e.name, fullMembers: counts.get(e.id)?.full ?? 0 })),
    );
    if (problem) throw ruleBroken(problem.rule, problem.message);
    if (enterpriseIds.length === 0) return;
    const taken = await manager
      .createQueryBuilder(PartyOrganizationEnterprise, 'poe')
      .where('poe.enterprise_id = ANY(:ids)', { ids: enterpriseIds })
      .andWhere('poe.organization_id <> :id', { id: organization.id })
      .getOne();
    if (taken) {
      const name = enterprises.find((e) => e.id === taken.enterpriseId)!.name;
      throw ruleBroken(CoverageRule.ENTERPRISE_COVERED_ONCE, `${name} is already covered by party organisation ${taken.organizationId}`, {
        enterpriseId: taken.enterpriseId,
        coveringOrganizationId: taken.organizationId,
      });
    }
    await manager.insert(
      PartyOrganizationEnterprise,
      enterpriseIds.map((enterpriseId) => ({ organizationId: organization.id, enterpriseId })),
    );
  }

  private async parent(manager: EntityManager, parentId: string | null | undefined, organization: PartyOrganization): Promise<string | null> {
    if (!parentId) return null;
    if (parentId === organization.id) throw DomainError.badField('parentId', 'an organisation cannot be its own parent');
    const parent = await manager.findOneBy(PartyOrganization, { id: parentId });
    if (!parent || parent.dissolvedOn) throw DomainError.badField('parentId', `no active party organisation ${parentId}`);
    if (organization.id) {
      // Walk up from the parent: meeting this organisation would make a cycle.
      const [{ cycle }]: { cycle: boolean }[] = await manager.query(ANCESTOR_CYCLE_SQL, [parentId, organization.id]);
      if (cycle) throw DomainError.badField('parentId', 'would make the organisation its own ancestor');
    }
    return parent.id;
  }

  private async secretary(manager: EntityManager, entryId: string | null | undefined, countyCode: string): Promise<string | null> {
    if (!entryId) return null;
    const entry = await manager.findOneBy(LedgerEntry, { id: entryId });
    if (!entry || entry.countyCode !== countyCode || entry.verification === Verification.REJECTED) {
      throw DomainError.badField('secretaryEntryId', `no ledger member ${entryId} in county ${countyCode}`);
    }
    return entry.id;
  }
}

function ruleBroken(rule: CoverageRule, message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError(ErrorCode.BAD_USER_INPUT, `${rule}: ${message}`, { fields: [{ field: 'enterpriseIds', message }], rule, ...details });
}
