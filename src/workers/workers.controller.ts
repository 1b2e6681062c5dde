import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator.js';
import type { Actor } from '../access/actor.js';
import { ClientIp, CurrentActor, RequirePermission } from '../access/access.decorators.js';
import { Permission } from '../access/permission.enum.js';
import { BEARER_AUTH } from '../common/openapi/openapi.js';
import { RevealedPersonalDataDto, RevealPersonalDataDto } from './dto/reveal.dto.js';
import { UpdateMyProfileInput, WorkerProfileDto } from './dto/worker-profile.dto.js';
import { CreateWorkerInput, MergeWorkersInput, WorkerDto, WorkerListQuery, WorkerPage } from './dto/worker.dto.js';
import { WorkersService } from './workers.service.js';

/** Workers' own profile; for officers the person records (masked), merging duplicates and the audited reveal. */
@ApiTags('workers')
@ApiBearerAuth(BEARER_AUTH)
@Controller()
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @RequirePermission(Permission.SELF_READ)
  @Get('me/profile')
  @ApiOperation({ summary: '我的资料（劳动者）/ My profile (workers)' })
  @ApiOkResponse({ type: WorkerProfileDto })
  async myProfile(@CurrentActor() actor: Actor): Promise<WorkerProfileDto> {
    return WorkerProfileDto.from(await this.workers.mine(actor));
  }

  @RequirePermission(Permission.SELF_UPDATE)
  @Audit({ entity: 'Worker' })
  @Patch('me/profile')
  @ApiOperation({ summary: '完善我的资料 / Complete my profile' })
  @ApiOkResponse({ type: WorkerProfileDto })
  async updateMyProfile(@CurrentActor() actor: Actor, @Body() body: UpdateMyProfileInput): Promise<WorkerProfileDto> {
    return WorkerProfileDto.from(await this.workers.updateMyProfile(actor, body));
  }

  @RequirePermission(Permission.PERSONAL_DATA_REVEAL)
  @Audit({ skip: true })
  @Post('workers/:id/reveal')
  @HttpCode(200)
  @ApiOperation({ summary: '查看个人信息明文（需理由，记入审计）/ Reveal a personal-data field (reason required, audited)' })
  @ApiOkResponse({ type: RevealedPersonalDataDto })
  async reveal(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RevealPersonalDataDto,
    @ClientIp() ip?: string,
  ): Promise<RevealedPersonalDataDto> {
    return { value: await this.workers.reveal(actor, id, body.field, body.reason, ip) };
  }

  @RequirePermission(Permission.WORKER_READ)
  @Get('workers')
  @ApiOperation({ summary: '劳动者列表（脱敏）/ List workers in your region (masked)' })
  @ApiOkResponse({ type: WorkerPage })
  async list(@CurrentActor() actor: Actor, @Query() query: WorkerListQuery): Promise<WorkerPage> {
    const page = await this.workers.page(actor, query, query);
    return { items: page.items.map(WorkerDto.from), nextCursor: page.nextCursor };
  }

  @RequirePermission(Permission.WORKER_READ)
  @Get('workers/:id')
  @ApiOperation({ summary: '查看劳动者（脱敏）/ Get a worker (masked)' })
  @ApiOkResponse({ type: WorkerDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<WorkerDto> {
    return WorkerDto.from(await this.workers.getScoped(actor, id));
  }

  @RequirePermission(Permission.WORKER_MANAGE)
  @Audit({ entity: 'Worker' })
  @Post('workers')
  @ApiOperation({ summary: '登记劳动者（同一身份证号或手机号只能有一条记录）/ Record a worker (one record per ID number, or phone)' })
  @ApiCreatedResponse({ type: WorkerDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateWorkerInput): Promise<WorkerDto> {
    return WorkerDto.from(await this.workers.create(actor, body));
  }

  @RequirePermission(Permission.WORKER_MANAGE)
  @Audit({ skip: true })
  @Post('workers/merge')
  @HttpCode(200)
  @ApiOperation({ summary: '合并重复记录，转移全部关联 / Merge a duplicate record into another, moving every reference' })
  @ApiOkResponse({ type: WorkerDto })
  async merge(@CurrentActor() actor: Actor, @Body() body: MergeWorkersInput): Promise<WorkerDto> {
    return WorkerDto.from(await this.workers.merge(actor, body.sourceId, body.targetId));
  }
}
