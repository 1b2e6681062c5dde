import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Audit } from '../audit/audit.decorator.js';
import type { Actor } from '../auth/actor.js';
import { ClientIp, CurrentActor, RequirePermission } from '../auth/auth.decorators.js';
import { Permission } from '../auth/permission.enum.js';
import { RevealedPersonalDataDto, RevealPersonalDataDto } from './dto/reveal.dto.js';
import { UpdateMyProfileInput, WorkerProfileDto } from './dto/worker-profile.dto.js';
import { WorkersService } from './workers.service.js';

@Resolver(() => WorkerProfileDto)
export class WorkersResolver {
  constructor(private readonly workers: WorkersService) {}

  @RequirePermission(Permission.SELF_READ)
  @Query(() => WorkerProfileDto, { description: '我的资料（劳动者）/ My profile (workers)' })
  async myProfile(@CurrentActor() actor: Actor): Promise<WorkerProfileDto> {
    return WorkerProfileDto.from(await this.workers.mine(actor));
  }

  @RequirePermission(Permission.SELF_UPDATE) @Audit({ entity: 'Worker' })
  @Mutation(() => WorkerProfileDto, { description: '完善我的资料 / Complete my profile' })
  async updateMyProfile(@CurrentActor() actor: Actor, @Args('input') input: UpdateMyProfileInput): Promise<WorkerProfileDto> {
    return WorkerProfileDto.from(await this.workers.updateMyProfile(actor, input));
  }

  @RequirePermission(Permission.PERSONAL_DATA_REVEAL) @Audit({ skip: true })
  @Mutation(() => RevealedPersonalDataDto, { description: '查看个人信息明文（需理由，记入审计）/ Reveal a personal-data field (reason required, audited)' })
  async revealWorkerPersonalData(
    @CurrentActor() actor: Actor,
    @Args('workerId', { type: () => ID }, ParseUUIDPipe) workerId: string,
    @Args('input') input: RevealPersonalDataDto,
    @ClientIp() ip?: string,
  ): Promise<RevealedPersonalDataDto> {
    return { value: await this.workers.reveal(actor, workerId, input.field, input.reason, ip) };
  }
}
