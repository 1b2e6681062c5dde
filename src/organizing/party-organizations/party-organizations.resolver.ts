import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { groupByKeys, Loaders, type RequestLoaders } from '../../common/graphql/request-loaders.js';
import { EnterpriseDto } from '../enterprises/dto/enterprise.dto.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { LedgerService, type MemberCounts } from '../ledger/ledger.service.js';
import { enterpriseLoader, partyOrganizationLoader } from '../organizing-loaders.js';
import {
  CreatePartyOrganizationInput,
  DissolvePartyOrganizationInput,
  MemberCountsDto,
  PartyOrganizationConnection,
  PartyOrganizationDto,
  PartyOrganizationsArgs,
  UpdatePartyOrganizationInput,
} from './dto/party-organization.dto.js';
import { PartyOrganizationsService } from './party-organizations.service.js';

/** 党组织 Party organisations over GraphQL. */
@Resolver(() => PartyOrganizationDto)
export class PartyOrganizationsResolver {
  constructor(
    private readonly organizations: PartyOrganizationsService,
    private readonly enterprisesService: EnterprisesService,
    private readonly ledger: LedgerService,
  ) {}

  @RequirePermission(Permission.PARTY_ORG_READ)
  @Query(() => PartyOrganizationConnection, { description: '党组织列表 / Party organisations in your scope' })
  async partyOrganizations(@CurrentActor() actor: Actor, @Args() args: PartyOrganizationsArgs): Promise<PartyOrganizationConnection> {
    const page = await this.organizations.connection(actor, args, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: PartyOrganizationDto.from(e.node) })) };
  }

  @RequirePermission(Permission.PARTY_ORG_READ)
  @Query(() => PartyOrganizationDto, { description: '查看党组织 / A party organisation' })
  async partyOrganization(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<PartyOrganizationDto> {
    return PartyOrganizationDto.from(await this.organizations.get(actor, id));
  }

  @RequirePermission(Permission.PARTY_ORG_MANAGE)
  @Audit({ entity: 'PartyOrganization' })
  @Mutation(() => PartyOrganizationDto, { description: '组建党组织 / Form a party organisation' })
  async createPartyOrganization(@CurrentActor() actor: Actor, @Args('input') input: CreatePartyOrganizationInput): Promise<PartyOrganizationDto> {
    return PartyOrganizationDto.from(await this.organizations.create(actor, input));
  }

  @RequirePermission(Permission.PARTY_ORG_MANAGE)
  @Audit({ entity: 'PartyOrganization' })
  @Mutation(() => PartyOrganizationDto, { description: '修改党组织 / Edit a party organisation' })
  async updatePartyOrganization(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdatePartyOrganizationInput,
  ): Promise<PartyOrganizationDto> {
    return PartyOrganizationDto.from(await this.organizations.update(actor, id, input));
  }

  @RequirePermission(Permission.PARTY_ORG_MANAGE)
  @Audit({ entity: 'PartyOrganization' })
  @Mutation(() => PartyOrganizationDto, { description: '撤销党组织 / Dissolve a party organisation' })
  async dissolvePartyOrganization(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input', { nullable: true }) input?: DissolvePartyOrganizationInput,
  ): Promise<PartyOrganizationDto> {
    return PartyOrganizationDto.from(await this.organizations.dissolve(actor, id, input ?? {}));
  }

  @ResolveField(() => [EnterpriseDto], { description: '覆盖企业 / Enterprises covered' })
  async enterprises(@Parent() organization: PartyOrganizationDto, @Loaders() loaders: RequestLoaders): Promise<EnterpriseDto[]> {
    const enterpriseIds = await loaders
      .get<string, string[]>('partyOrganization.enterpriseIds', async (ids) =>
        groupByKeys(ids, await this.organizations.coverage(ids), (c) => c.organizationId).map((group) => group.map((c) => c.enterpriseId)),
      )
      .load(organization.id);
    const enterprises = await enterpriseLoader(loaders, this.enterprisesService).loadMany(enterpriseIds);
    return enterprises.filter((e): e is EnterpriseDto => e !== null && !(e instanceof Error));
  }

  @ResolveField(() => MemberCountsDto, { description: '党员人数（由台账推导）/ Members, counted from the ledger' })
  async memberCounts(@Parent() organization: PartyOrganizationDto, @Loaders() loaders: RequestLoaders): Promise<MemberCounts> {
    return loaders
      .get<string, MemberCounts>('partyOrganization.memberCounts', async (ids) => {
        const counts = await this.ledger.memberCountsByOrganization(ids);
        return ids.map((id) => counts.get(id)!);
      })
      .load(organization.id);
  }

  @ResolveField(() => PartyOrganizationDto, { nullable: true, description: '上级党组织 / Parent organisation' })
  async parent(@Parent() organization: PartyOrganizationDto, @Loaders() loaders: RequestLoaders): Promise<PartyOrganizationDto | null> {
    return organization.parentId ? partyOrganizationLoader(loaders, this.organizations).load(organization.parentId) : null;
  }

  @ResolveField(() => String, { nullable: true, description: "书记姓名（脱敏）/ Secretary's name, masked" })
  async secretaryName(@Parent() organization: PartyOrganizationDto, @Loaders() loaders: RequestLoaders): Promise<string | null> {
    if (!organization.secretaryEntryId) return null;
    return loaders
      .get<string, string | null>('partyOrganization.secretaryName', async (ids) => {
        const names = await this.ledger.maskedNames(ids);
        return ids.map((id) => names.get(id) ?? null);
      })
      .load(organization.secretaryEntryId);
  }
}
