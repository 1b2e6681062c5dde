import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { alignToKeys, Loaders, type RequestLoaders } from '../../common/graphql/request-loaders.js';
import { DepartmentDto } from '../../reference/departments/dto/department.dto.js';
import { InstructorAssignmentDto } from '../instructors/dto/instructor.dto.js';
import { InstructorsService } from '../instructors/instructors.service.js';
import { LedgerService, type MemberCounts } from '../ledger/ledger.service.js';
import { MemberCountsDto, PartyOrganizationDto } from '../party-organizations/dto/party-organization.dto.js';
import { PartyOrganizationsService } from '../party-organizations/party-organizations.service.js';
import {
  CreateEnterpriseInput,
  EnterpriseConnection,
  EnterpriseDto,
  EnterprisesArgs,
  OverrideSupervisionInput,
  UpdateEnterpriseInput,
} from './dto/enterprise.dto.js';
import { EnterprisesService } from './enterprises.service.js';

/** 企业 Enterprises over GraphQL; relations load through per-request DataLoaders. */
@Resolver(() => EnterpriseDto)
export class EnterprisesResolver {
  constructor(
    private readonly enterprisesService: EnterprisesService,
    private readonly organizations: PartyOrganizationsService,
    private readonly instructors: InstructorsService,
    private readonly ledger: LedgerService,
  ) {}

  @RequirePermission(Permission.ENTERPRISE_READ)
  @Query(() => EnterpriseConnection, { description: '企业列表 / Enterprises in your scope' })
  async enterprises(@CurrentActor() actor: Actor, @Args() args: EnterprisesArgs): Promise<EnterpriseConnection> {
    const page = await this.enterprisesService.connection(actor, args, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: EnterpriseDto.from(e.node) })) };
  }

  @RequirePermission(Permission.ENTERPRISE_READ)
  @Query(() => EnterpriseDto, { description: '查看企业 / An enterprise' })
  async enterprise(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<EnterpriseDto> {
    return EnterpriseDto.from(await this.enterprisesService.get(actor, id));
  }

  @RequirePermission(Permission.ENTERPRISE_MANAGE)
  @Audit({ entity: 'Enterprise' })
  @Mutation(() => EnterpriseDto, { description: '新建企业（按规则推导主管单位）/ Register an enterprise (supervising department derived)' })
  async createEnterprise(@CurrentActor() actor: Actor, @Args('input') input: CreateEnterpriseInput): Promise<EnterpriseDto> {
    return EnterpriseDto.from(await this.enterprisesService.create(actor, input));
  }

  @RequirePermission(Permission.ENTERPRISE_MANAGE)
  @Audit({ entity: 'Enterprise' })
  @Mutation(() => EnterpriseDto, { description: '修改企业 / Edit an enterprise' })
  async updateEnterprise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdateEnterpriseInput,
  ): Promise<EnterpriseDto> {
    return EnterpriseDto.from(await this.enterprisesService.update(actor, id, input));
  }

  @RequirePermission(Permission.SUPERVISION_OVERRIDE)
  @Audit({ skip: true })
  @Mutation(() => EnterpriseDto, { description: '人工指定主管单位（需理由，记入审计）/ Override the supervising department (reason kept and audited)' })
  async overrideEnterpriseSupervision(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: OverrideSupervisionInput,
  ): Promise<EnterpriseDto> {
    return EnterpriseDto.from(await this.enterprisesService.overrideSupervision(actor, id, input));
  }

  @ResolveField(() => DepartmentDto, { nullable: true, description: '主管单位 / Supervising department' })
  async supervisingDepartment(@Parent() enterprise: EnterpriseDto, @Loaders() loaders: RequestLoaders): Promise<DepartmentDto | null> {
    if (!enterprise.supervisingDepartmentId) return null;
    return loaders
      .get<string, DepartmentDto | null>('enterprise.supervisingDepartment', async (ids) =>
        alignToKeys(ids, (await this.enterprisesService.departments(ids)).map(DepartmentDto.from), (d) => d.id),
      )
      .load(enterprise.supervisingDepartmentId);
  }

  @ResolveField(() => PartyOrganizationDto, { nullable: true, description: '覆盖本企业的党组织 / The party organisation covering it' })
  async partyOrganization(@Parent() enterprise: EnterpriseDto, @Loaders() loaders: RequestLoaders): Promise<PartyOrganizationDto | null> {
    return loaders
      .get<string, PartyOrganizationDto | null>('enterprise.partyOrganization', async (ids) => {
        const coverage = await this.organizations.coveringOrganizations(ids);
        return alignToKeys(ids, coverage, (c) => c.enterpriseId).map((c) => (c ? PartyOrganizationDto.from(c.organization) : null));
      })
      .load(enterprise.id);
  }

  @ResolveField(() => InstructorAssignmentDto, { nullable: true, description: '在岗指导员选派 / The active instructor assignment' })
  async activeInstructorAssignment(@Parent() enterprise: EnterpriseDto, @Loaders() loaders: RequestLoaders): Promise<InstructorAssignmentDto | null> {
    return loaders
      .get<string, InstructorAssignmentDto | null>('enterprise.activeInstructorAssignment', async (ids) =>
        alignToKeys(ids, (await this.instructors.activeAssignments(ids)).map(InstructorAssignmentDto.from), (a) => a.enterpriseId),
      )
      .load(enterprise.id);
  }

  @ResolveField(() => MemberCountsDto, { description: '台账中的党员人数 / Members counted from the ledger' })
  async memberCounts(@Parent() enterprise: EnterpriseDto, @Loaders() loaders: RequestLoaders): Promise<MemberCounts> {
    return loaders
      .get<string, MemberCounts>('enterprise.memberCounts', async (ids) => {
        const counts = await this.ledger.memberCountsByEnterprise(ids);
        return ids.map((id) => counts.get(id)!);
      })
      .load(enterprise.id);
  }
}
