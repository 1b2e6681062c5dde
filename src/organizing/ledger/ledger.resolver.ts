import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { Loaders, type RequestLoaders } from '../../common/graphql/request-loaders.js';
import { WorkerDto } from '../../workers/dto/worker.dto.js';
import { WorkersService } from '../../workers/workers.service.js';
import { withPrefetched } from '../../common/graphql/prefetched-fields.js';
import { EnterpriseDto } from '../enterprises/dto/enterprise.dto.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { enterpriseLoader, partyOrganizationLoader, workerLoader } from '../organizing-loaders.js';
import { PartyOrganizationDto } from '../party-organizations/dto/party-organization.dto.js';
import { PartyOrganizationsService } from '../party-organizations/party-organizations.service.js';
import {
  CompletenessDto,
  CreateLedgerEntryInput,
  CreateLedgerItemInput,
  LedgerEntriesArgs,
  LedgerEntryConnection,
  LedgerEntryDto,
  LedgerEntryItemDto,
  LedgerItemDto,
  SelfReportInput,
  SetLedgerEntryItemInput,
  UpdateLedgerEntryInput,
  UpdateLedgerItemInput,
  VerifyLedgerEntryInput,
} from './dto/ledger.dto.js';
import { LedgerItemsService } from './ledger-items.service.js';
import { completenessOf } from './ledger-rules.js';
import { LedgerService } from './ledger.service.js';

/** 五个清台账 The ledger over GraphQL: staff with LEDGER_READ see entries (worker masked); workers report themselves. */
@Resolver(() => LedgerEntryDto)
export class LedgerResolver {
  constructor(
    private readonly ledger: LedgerService,
    private readonly itemsService: LedgerItemsService,
    private readonly workers: WorkersService,
    private readonly enterprises: EnterprisesService,
    private readonly organizations: PartyOrganizationsService,
  ) {}

  @RequirePermission(Permission.LEDGER_READ)
  @Query(() => LedgerEntryConnection, { description: '五个清台账 / Ledger entries in your scope' })
  async ledgerEntries(@CurrentActor() actor: Actor, @Args() args: LedgerEntriesArgs): Promise<LedgerEntryConnection> {
    const page = await this.ledger.connection(actor, args, args);
    // Each entry came with its enterprise: the field answers from it (no resolver call).
    return {
      ...page,
      edges: page.edges.map((e) => ({
        cursor: e.cursor,
        node: withPrefetched(LedgerEntryDto.from(e.node), { enterprise: e.node.enterprise && EnterpriseDto.from(e.node.enterprise) }),
      })),
    };
  }

  @RequirePermission(Permission.LEDGER_READ)
  @Query(() => LedgerEntryDto, { description: '查看台账条目 / A ledger entry' })
  async ledgerEntry(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<LedgerEntryDto> {
    return LedgerEntryDto.from(await this.ledger.get(actor, id));
  }

  @RequirePermission(Permission.LEDGER_READ)
  @Query(() => [LedgerItemDto], { description: "本县五个清事项 / A county's five-clear items" })
  async ledgerItems(
    @CurrentActor() actor: Actor,
    @Args('countyCode', { description: '县代码 / County code' }) countyCode: string,
    @Args('includeRetired', { nullable: true, description: '包含已停用 / Include retired items' }) includeRetired?: boolean,
  ): Promise<LedgerItemDto[]> {
    return (await this.itemsService.list(actor, countyCode, { includeRetired: includeRetired ?? false })).map(LedgerItemDto.from);
  }

  @RequirePermission(Permission.LEDGER_SELF_REPORT)
  @Query(() => LedgerEntryDto, { nullable: true, description: '我的党员报到（劳动者）/ My own ledger entry (workers)' })
  async myLedgerEntry(@CurrentActor() actor: Actor): Promise<LedgerEntryDto | null> {
    const entry = await this.ledger.mine(actor);
    return entry ? LedgerEntryDto.from(entry) : null;
  }

  @RequirePermission(Permission.LEDGER_SELF_REPORT)
  @Audit({ entity: 'LedgerEntry' })
  @Mutation(() => LedgerEntryDto, { description: '党员自主报到（待核实）/ Report your own party membership (unverified until checked)' })
  async reportMyPartyMembership(@CurrentActor() actor: Actor, @Args('input') input: SelfReportInput): Promise<LedgerEntryDto> {
    return LedgerEntryDto.from(await this.ledger.reportSelf(actor, input));
  }

  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ entity: 'LedgerEntry' })
  @Mutation(() => LedgerEntryDto, { description: '新增台账条目 / Add a ledger entry' })
  async createLedgerEntry(@CurrentActor() actor: Actor, @Args('input') input: CreateLedgerEntryInput): Promise<LedgerEntryDto> {
    return LedgerEntryDto.from(await this.ledger.create(actor, input));
  }

  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ entity: 'LedgerEntry' })
  @Mutation(() => LedgerEntryDto, { description: '修改台账条目 / Edit a ledger entry' })
  async updateLedgerEntry(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdateLedgerEntryInput,
  ): Promise<LedgerEntryDto> {
    return LedgerEntryDto.from(await this.ledger.update(actor, id, input));
  }

  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ entity: 'LedgerEntry' })
  @Mutation(() => LedgerEntryDto, { description: '更新一个五个清事项 / Set one five-clear item on an entry' })
  async setLedgerEntryItem(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('key', { description: '事项键 / Item key' }) key: string,
    @Args('input') input: SetLedgerEntryItemInput,
  ): Promise<LedgerEntryDto> {
    return LedgerEntryDto.from(await this.ledger.setItem(actor, id, key, input));
  }

  @RequirePermission(Permission.LEDGER_VERIFY)
  @Audit({ entity: 'LedgerEntry' })
  @Mutation(() => LedgerEntryDto, { description: '核实或否定台账条目 / Verify or reject an entry' })
  async verifyLedgerEntry(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: VerifyLedgerEntryInput,
  ): Promise<LedgerEntryDto> {
    return LedgerEntryDto.from(await this.ledger.verify(actor, id, input));
  }

  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ entity: 'LedgerEntry' })
  @Mutation(() => LedgerEntryDto, { description: '删除台账条目 / Delete a ledger entry' })
  async deleteLedgerEntry(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<LedgerEntryDto> {
    return LedgerEntryDto.from(await this.ledger.remove(actor, id));
  }

  @RequirePermission(Permission.LEDGER_CONFIGURE)
  @Audit({ entity: 'LedgerItem' })
  @Mutation(() => LedgerItemDto, { description: '新增五个清事项 / Add a five-clear item' })
  async createLedgerItem(@CurrentActor() actor: Actor, @Args('input') input: CreateLedgerItemInput): Promise<LedgerItemDto> {
    return LedgerItemDto.from(await this.itemsService.create(actor, input));
  }

  @RequirePermission(Permission.LEDGER_CONFIGURE)
  @Audit({ entity: 'LedgerItem' })
  @Mutation(() => LedgerItemDto, { description: '修改、停用五个清事项 / Rename, reorder or retire a five-clear item' })
  async updateLedgerItem(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdateLedgerItemInput,
  ): Promise<LedgerItemDto> {
    return LedgerItemDto.from(await this.itemsService.update(actor, id, input));
  }

  @ResolveField(() => WorkerDto, { description: '劳动者（脱敏）/ The worker, masked' })
  async worker(@Parent() entry: LedgerEntryDto, @Loaders() loaders: RequestLoaders): Promise<WorkerDto | null> {
    return workerLoader(loaders, this.workers).load(entry.workerId);
  }

  @ResolveField(() => EnterpriseDto, { nullable: true, description: '所在企业 / Enterprise the member works for' })
  async enterprise(@Parent() entry: LedgerEntryDto, @Loaders() loaders: RequestLoaders): Promise<EnterpriseDto | null> {
    return entry.enterpriseId ? enterpriseLoader(loaders, this.enterprises).load(entry.enterpriseId) : null;
  }

  @ResolveField(() => PartyOrganizationDto, { nullable: true, description: '所在党组织 / Attached organisation' })
  async attachedOrganization(@Parent() entry: LedgerEntryDto, @Loaders() loaders: RequestLoaders): Promise<PartyOrganizationDto | null> {
    return entry.attachedOrganizationId ? partyOrganizationLoader(loaders, this.organizations).load(entry.attachedOrganizationId) : null;
  }

  @ResolveField(() => [LedgerEntryItemDto], { description: '五个清事项状态 / Five-clear item states' })
  async items(@Parent() entry: LedgerEntryDto, @Loaders() loaders: RequestLoaders): Promise<LedgerEntryItemDto[]> {
    return this.itemStates(loaders).load(entry.id);
  }

  @ResolveField(() => CompletenessDto, { description: '完成度 / Completeness (derived)' })
  async completeness(@Parent() entry: LedgerEntryDto, @Loaders() loaders: RequestLoaders): Promise<CompletenessDto> {
    return completenessOf(await this.itemStates(loaders).load(entry.id));
  }

  private itemStates(loaders: RequestLoaders) {
    return loaders.get<string, LedgerEntryItemDto[]>('ledgerEntry.items', async (ids) => {
      const states = await this.ledger.itemStates(ids);
      return ids.map((id) => states.get(id) ?? []);
    });
  }
}
