import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, Public, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { alignToKeys, Loaders, RequestLoaders } from '../../common/graphql/request-loaders.js';
import { ConnectionArgs } from '../../common/pagination/connection.types.js';
import {
  AttendeeArgs,
  CheckInAttendeeInput,
  CreateWelfareEventInput,
  EventAttendeeConnection,
  EventRegistrationDto,
  ManagedWelfareEventConnection,
  ManagedWelfareEventDto,
  RecordServedInput,
  UpdateWelfareEventInput,
  WelfareEventConnection,
  WelfareEventDto,
  WelfareEventFilter,
} from './dto/event.dto.js';
import { CheckInCodeDto } from '../check-in-codes/check-in-code.dto.js';
import { WelfareEventStatus } from './event.enums.js';
import { EventsService } from './events.service.js';

const EventId = () => Args('eventId', { type: () => ID }, ParseUUIDPipe);

/** 公益活动 Welfare events over GraphQL: public listings, organisers' upkeep, workers' sign-up and check-in. */
@Resolver(() => WelfareEventDto)
export class EventsResolver {
  constructor(private readonly events: EventsService) {}

  // ── public ──

  @Public()
  @Query(() => WelfareEventConnection, { description: '已发布且未结束的公益活动（公开）/ Published events that have not ended (public)' })
  async welfareEvents(
    @Args('filter', { type: () => WelfareEventFilter, nullable: true }) filter: WelfareEventFilter | undefined,
    @Args() args: ConnectionArgs,
  ): Promise<WelfareEventConnection> {
    const page = await this.events.publicConnection(filter ?? {}, args);
    return { ...page, edges: page.edges.map(({ cursor, node }) => ({ cursor, node: WelfareEventDto.from(node) })) };
  }

  @Public()
  @Query(() => WelfareEventDto, { description: '公益活动（公开）/ A welfare event (public)' })
  async welfareEvent(@Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<WelfareEventDto> {
    return WelfareEventDto.from(await this.events.getPublic(id));
  }

  // ── workers ──

  @RequirePermission(Permission.EVENT_REGISTER)
  @Audit({ entity: 'EventRegistration' })
  @Mutation(() => EventRegistrationDto, { description: '报名公益活动：有名额即确认，否则候补 / Register: CONFIRMED while places remain, else WAITLISTED' })
  async registerForEvent(@CurrentActor() actor: Actor, @EventId() eventId: string): Promise<EventRegistrationDto> {
    return EventRegistrationDto.from(await this.events.register(actor, eventId));
  }

  @RequirePermission(Permission.EVENT_REGISTER)
  @Audit({ entity: 'EventRegistration' })
  @Mutation(() => EventRegistrationDto, { description: '取消报名（首位候补自动转正）/ Cancel; the first wait-listed worker is confirmed' })
  async cancelRegistration(@CurrentActor() actor: Actor, @EventId() eventId: string): Promise<EventRegistrationDto> {
    return EventRegistrationDto.from(await this.events.cancel(actor, eventId));
  }

  @RequirePermission(Permission.EVENT_REGISTER)
  @Audit({ entity: 'EventRegistration' })
  @Mutation(() => EventRegistrationDto, { description: '扫活动现场屏幕上的动态码签到 / Check in by scanning the rotating code on the event’s screen' })
  async checkInToEvent(
    @CurrentActor() actor: Actor,
    @Args('code', { description: '扫到的动态码 NF-EVT-…… / Scanned payload, NF-EVT-<event code>.<rotating code>' }) code: string,
  ): Promise<EventRegistrationDto> {
    return EventRegistrationDto.from(await this.events.checkInToEvent(actor, code));
  }

  @RequirePermission(Permission.EVENT_REGISTER)
  @Query(() => [EventRegistrationDto], { description: '我的活动报名 / My event registrations' })
  async myEventRegistrations(@CurrentActor() actor: Actor): Promise<EventRegistrationDto[]> {
    return (await this.events.mine(actor)).map(EventRegistrationDto.from);
  }

  // ── organisers ──

  @RequirePermission(Permission.EVENT_READ)
  @Query(() => ManagedWelfareEventConnection, { description: '我管理的公益活动 / Events you manage, soonest first' })
  async managedWelfareEvents(
    @CurrentActor() actor: Actor,
    @Args('filter', { type: () => WelfareEventFilter, nullable: true }) filter: WelfareEventFilter | undefined,
    @Args() args: ConnectionArgs,
  ): Promise<ManagedWelfareEventConnection> {
    const page = await this.events.managedConnection(actor, filter ?? {}, args);
    return { ...page, edges: page.edges.map(({ cursor, node }) => ({ cursor, node: ManagedWelfareEventDto.fromManaged(node) })) };
  }

  @RequirePermission(Permission.EVENT_READ)
  @Query(() => EventAttendeeConnection, { description: '活动报名名单（按报名顺序，已脱敏）/ An event’s registrations in sign-up order, masked' })
  eventRegistrations(@CurrentActor() actor: Actor, @EventId() eventId: string, @Args() args: AttendeeArgs): Promise<EventAttendeeConnection> {
    return this.events.attendees(actor, eventId, args.status, args);
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Query(() => CheckInCodeDto, {
    description: '活动现场屏幕的动态签到码（主办方及驿站站长）/ The rotating check-in code for the event’s screen (its organisers and station manager)',
  })
  eventCheckInCode(@CurrentActor() actor: Actor, @EventId() eventId: string): Promise<CheckInCodeDto> {
    return this.events.checkInCode(actor, eventId);
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Mutation(() => ManagedWelfareEventDto, { description: '新建公益活动（草稿）/ Create a welfare event (draft)' })
  async createWelfareEvent(@CurrentActor() actor: Actor, @Args('input') input: CreateWelfareEventInput): Promise<ManagedWelfareEventDto> {
    return ManagedWelfareEventDto.fromManaged(await this.events.create(actor, input));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Mutation(() => ManagedWelfareEventDto, { description: '修改公益活动 / Edit a welfare event' })
  async updateWelfareEvent(
    @CurrentActor() actor: Actor,
    @EventId() eventId: string,
    @Args('input') input: UpdateWelfareEventInput,
  ): Promise<ManagedWelfareEventDto> {
    return ManagedWelfareEventDto.fromManaged(await this.events.update(actor, eventId, input));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Mutation(() => ManagedWelfareEventDto, { description: '发布公益活动 / Publish a welfare event' })
  async publishWelfareEvent(@CurrentActor() actor: Actor, @EventId() eventId: string): Promise<ManagedWelfareEventDto> {
    return ManagedWelfareEventDto.fromManaged(await this.events.transition(actor, eventId, WelfareEventStatus.PUBLISHED));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Mutation(() => ManagedWelfareEventDto, { description: '取消公益活动 / Cancel a welfare event' })
  async cancelWelfareEvent(@CurrentActor() actor: Actor, @EventId() eventId: string): Promise<ManagedWelfareEventDto> {
    return ManagedWelfareEventDto.fromManaged(await this.events.transition(actor, eventId, WelfareEventStatus.CANCELLED));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Mutation(() => ManagedWelfareEventDto, { description: '结束公益活动 / Mark a welfare event completed' })
  async completeWelfareEvent(@CurrentActor() actor: Actor, @EventId() eventId: string): Promise<ManagedWelfareEventDto> {
    return ManagedWelfareEventDto.fromManaged(await this.events.transition(actor, eventId, WelfareEventStatus.COMPLETED));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'WelfareEvent' })
  @Mutation(() => ManagedWelfareEventDto, { description: '登记现场服务人数（免报名活动，如爱心早餐）/ Record how many a hand-out served' })
  async recordEventServed(@CurrentActor() actor: Actor, @EventId() eventId: string, @Args('input') input: RecordServedInput): Promise<ManagedWelfareEventDto> {
    return ManagedWelfareEventDto.fromManaged(await this.events.recordServed(actor, eventId, input.servedCount));
  }

  @RequirePermission(Permission.EVENT_MANAGE)
  @Audit({ entity: 'EventRegistration' })
  @Mutation(() => EventRegistrationDto, { description: '扫描报名者入场码签到 / Check a registrant in by scanning their ticket' })
  async checkInAttendee(@CurrentActor() actor: Actor, @EventId() eventId: string, @Args('input') input: CheckInAttendeeInput): Promise<EventRegistrationDto> {
    return EventRegistrationDto.from(await this.events.checkInAttendee(actor, eventId, input.ticketCode));
  }
}

/** The event behind a worker's registration, loaded once per request for the whole list. */
@Resolver(() => EventRegistrationDto)
export class EventRegistrationResolver {
  constructor(private readonly events: EventsService) {}

  @ResolveField(() => WelfareEventDto, { description: '活动 / The event' })
  async event(@Parent() registration: EventRegistrationDto, @Loaders() loaders: RequestLoaders): Promise<WelfareEventDto> {
    const loader = loaders.get<string, WelfareEventDto | null>('registration.event', async (ids) =>
      alignToKeys(ids, (await this.events.byIds(ids)).map(WelfareEventDto.from), (e) => e.id),
    );
    return (await loader.load(registration.eventId))!;
  }
}
