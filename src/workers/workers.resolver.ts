import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Audit } from '../audit/audit.decorator.js';
import type { Actor } from '../access/actor.js';
import { ClientIp, CurrentActor, RequirePermission } from '../access/access.decorators.js';
import { Permission } from '../access/permission.enum.js';
import { RevealedPersonalDataDto, RevealPersonalDataDto } from './dto/reveal.dto.js';
import { UpdateMyProfileInput, WorkerProfileDto } from './dto/worker-profile.dto.js';
import { CreateWorkerInput, MergeWorkersInput, WorkerConnection, WorkerDto, WorkersArgs } from './dto/worker.dto.js';
import { WorkersService } from './workers.service.js';

/** Workers over GraphQL: a worker's own profile; person records for officers. */
@Resolver(() => WorkerProfileDto)
export class WorkersResolver {
  constructor(private readonly workersService: WorkersService) {}

  @RequirePermission(Permission.SELF_READ)
  @Query(() => WorkerProfileDto, { description: '我的资料（劳动者）/ My profile (workers)' })
  async myProfile(@CurrentActor() actor: Actor): Promise<WorkerProfileDto> {
    return WorkerProfileDto.from(await this.workersService.mine(actor));
  }

  @RequirePermission(Permission.SELF_UPDATE)
  @Audit({ entity: 'Worker' })
  @Mutation(() => WorkerProfileDto, { description: '完善我的资料 / Complete my profile' })
  async updateMyProfile(@CurrentActor() actor: Actor, @Args('input') input: UpdateMyProfileInput): Promise<WorkerProfileDto> {
    return WorkerProfileDto.from(await this.workersService.updateMyProfile(actor, input));
  }

  @RequirePermission(Permission.PERSONAL_DATA_REVEAL)
  @Audit({ skip: true })
  @Mutation(() => RevealedPersonalDataDto, { description: '查看个人信息明文（需理由，记入审计）/ Reveal a personal-data field (reason required, audited)' })
  async revealWorkerPersonalData(
    @CurrentActor() actor: Actor,
    @Args('workerId', { type: () => ID }, ParseUUIDPipe) workerId: string,
    @Args('input') input: RevealPersonalDataDto,
    @ClientIp() ip?: string,
  ): Promise<RevealedPersonalDataDto> {
    return { value: await this.workersService.reveal(actor, workerId, input.field, input.reason, ip) };
  }

  @RequirePermission(Permission.WORKER_READ)
  @Query(() => WorkerConnection, { description: '劳动者列表（脱敏）/ Workers in your region (masked)' })
  async workers(@CurrentActor() actor: Actor, @Args() args: WorkersArgs): Promise<WorkerConnection> {
    const page = await this.workersService.connection(actor, args, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: WorkerDto.from(e.node) })) };
  }

  @RequirePermission(Permission.WORKER_READ)
  @Query(() => WorkerDto, { description: '查看劳动者（脱敏）/ A worker (masked)' })
  async worker(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<WorkerDto> {
    return WorkerDto.from(await this.workersService.getScoped(actor, id));
  }

  @RequirePermission(Permission.WORKER_MANAGE)
  @Audit({ entity: 'Worker' })
  @Mutation(() => WorkerDto, { description: '登记劳动者（同一身份证号或手机号只能有一条记录）/ Record a worker (one record per ID number, or phone)' })
  async createWorker(@CurrentActor() actor: Actor, @Args('input') input: CreateWorkerInput): Promise<WorkerDto> {
    return WorkerDto.from(await this.workersService.create(actor, input));
  }

  @RequirePermission(Permission.WORKER_MANAGE)
  @Audit({ skip: true })
  @Mutation(() => WorkerDto, { description: '合并重复记录，转移全部关联 / Merge a duplicate record into another, moving every reference' })
  async mergeWorkers(@CurrentActor() actor: Actor, @Args('input') input: MergeWorkersInput): Promise<WorkerDto> {
    return WorkerDto.from(await this.workersService.merge(actor, input.sourceId, input.targetId));
  }
}
