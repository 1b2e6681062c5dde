import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { withReferences } from '../../common/references/references.js';
import {
  AttendeeListQuery,
  CheckInAttendeeInput,
  CreateWelfareEventInput,
  EventAttendeeDto,
  EventAttendeePage,
  ManagedWelfareEventDto,
  ManagedWelfareEventPage,
  RecordServedInput,
  UpdateWelfareEventInput,
  WelfareEventListQuery,
} from './dto/event.dto.js';
import { CheckInCodeDto } from '../check-in-codes/check-in-code.dto.js';
import { WelfareEventStatus } from './event.enums.js';
import { EventsService } from './events.service.js';

/** 公益活动 Welfare events over REST, for organisers. */
@ApiTags('care: events')
@ApiBearerAuth(BEARER_AUTH)
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @RequirePermission(Permission.EVENT_READ)
  @Get()
  @ApiOperation({ summary: '我管理的公益活动 / Events you manage, soonest first' })
  @ApiOkResponse({ type: ManagedWelfareEventPage })
  async list(@CurrentActor() actor: Actor, @Query() query: WelfareEventListQuery): Promise<ManagedWelfareEventPage> {
    const page = await this.events.managedPage(actor, query, query);
    return { ...page, items: await this.named(page.items.map(ManagedWelfareEventDto.fromManaged)) };
  }

  @RequirePermission(Permission.EVENT_READ)
  @Get(':id')
  @ApiOperation({ summary: '公益活动（管理视图）/ A welfare event, organiser view' })
  @ApiOkResponse({ type: ManagedWelfareEventDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ManagedWelfareEventDto> {
    return this.namedOne(ManagedWelfareEventDto.fromManaged(await this.events.getManaged(actor, id)));
  }

  @RequirePermission(Permission.EVENT_READ)
  @Get(':id/registrations')
  @ApiOperation({ summary: '报名名单（按报名顺序，已脱敏）/ Registrations in sign-up order, masked' })
  @ApiOkResponse({ type: EventAttendeePage })
  registrations(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: AttendeeListQuery): Promise<EventAttendeePage> {
    return this.events.attendeePage(actor, id, query.status, query);
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Get(':id/check-in-code')
  @ApiOperation({
    summary: '活动现场屏幕的动态签到码（主办方及驿站站长）/ The rotating check-in code for the event’s screen (its organisers and station manager)',
  })
  @ApiOkResponse({ type: CheckInCodeDto })
  checkInCode(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CheckInCodeDto> {
    return this.events.checkInCode(actor, id);
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Post()
  @ApiOperation({ summary: '新建公益活动（草稿）/ Create a welfare event (draft)' })
  @ApiCreatedResponse({ type: ManagedWelfareEventDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateWelfareEventInput): Promise<ManagedWelfareEventDto> {
    return this.namedOne(ManagedWelfareEventDto.fromManaged(await this.events.create(actor, body)));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Patch(':id')
  @ApiOperation({ summary: '修改公益活动 / Edit a welfare event' })
  @ApiOkResponse({ type: ManagedWelfareEventDto })
  async update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateWelfareEventInput): Promise<ManagedWelfareEventDto> {
    return this.namedOne(ManagedWelfareEventDto.fromManaged(await this.events.update(actor, id, body)));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: '发布 / Publish' })
  @ApiOkResponse({ type: ManagedWelfareEventDto })
  async publish(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ManagedWelfareEventDto> {
    return this.namedOne(ManagedWelfareEventDto.fromManaged(await this.events.transition(actor, id, WelfareEventStatus.PUBLISHED)));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: '取消 / Cancel' })
  @ApiOkResponse({ type: ManagedWelfareEventDto })
  async cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ManagedWelfareEventDto> {
    return this.namedOne(ManagedWelfareEventDto.fromManaged(await this.events.transition(actor, id, WelfareEventStatus.CANCELLED)));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: '结束 / Mark completed' })
  @ApiOkResponse({ type: ManagedWelfareEventDto })
  async complete(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ManagedWelfareEventDto> {
    return this.namedOne(ManagedWelfareEventDto.fromManaged(await this.events.transition(actor, id, WelfareEventStatus.COMPLETED)));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Post(':id/served')
  @HttpCode(200)
  @ApiOperation({ summary: '登记现场服务人数（免报名活动）/ Record how many a hand-out served' })
  @ApiOkResponse({ type: ManagedWelfareEventDto })
  async served(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RecordServedInput): Promise<ManagedWelfareEventDto> {
    return this.namedOne(ManagedWelfareEventDto.fromManaged(await this.events.recordServed(actor, id, body.servedCount)));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'EventRegistration' })
  @Post(':id/check-ins')
  @HttpCode(200)
  @ApiOperation({ summary: '扫描报名者入场码签到 / Check a registrant in by their ticket' })
  @ApiOkResponse({ type: EventAttendeeDto })
  async checkIn(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CheckInAttendeeInput): Promise<EventAttendeeDto> {
    const r = await this.events.checkInAttendee(actor, id, body.ticketCode);
    return { id: r.id, workerId: r.workerId, workerPhone: null, status: r.status, registeredAt: r.registeredAt, attendedAt: r.attendedAt };
  }

  /** Events with their organising department and station named: one statement for them all. */
  private named(events: ManagedWelfareEventDto[]): Promise<ManagedWelfareEventDto[]> {
    return withReferences(events, (ids) => this.events.references(ids));
  }

  private async namedOne(managedWelfareEvent: ManagedWelfareEventDto): Promise<ManagedWelfareEventDto> {
    return (await this.named([managedWelfareEvent]))[0];
  }
}
