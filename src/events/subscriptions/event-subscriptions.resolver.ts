import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, Public } from '../../access/access.decorators.js';
import { EventMessageDto } from './event-message.dto.js';
import { EventSubscriptionsService } from './event-subscriptions.service.js';

const AFTER = { name: 'after', nullable: true, description: '从该游标之后续订（先补发错过的事件）/ Resume after this cursor (missed events first)' } as const;
const passThrough = { resolve: (message: EventMessageDto) => message };

/**
 * GraphQL subscriptions over graphql-ws (graphql-transport-ws) on /graphql. Declared @Public: the
 * caller authenticated in connection_init is checked by the service, per subscription and per event.
 */
@Resolver(() => EventMessageDto)
export class EventSubscriptionsResolver {
  constructor(private readonly subscriptions: EventSubscriptionsService) {}

  @Public()
  @Subscription(() => EventMessageDto, {
    ...passThrough,
    description: '问题进展（上报人或辖区工作人员）/ One problem’s updates (its reporter, staff in scope)',
  })
  governanceIssueUpdated(@CurrentActor() actor: Actor | undefined, @Args('id', { type: () => ID }) id: string, @Args('after', AFTER) after?: string) {
    return this.subscriptions.issueUpdated(actor, id, after);
  }

  @Public()
  @Subscription(() => EventMessageDto, { ...passThrough, description: '我上报的问题进展 / Updates of the signed-in worker’s own problems' })
  myIssueUpdates(@CurrentActor() actor: Actor | undefined, @Args('after', AFTER) after?: string) {
    return this.subscriptions.myIssueUpdates(actor, after);
  }

  @Public()
  @Subscription(() => EventMessageDto, {
    ...passThrough,
    description: '驿站开放与设施状态（公开）/ Station status and amenities in a county or township (public)',
  })
  stationStatusChanged(@Args('regionCode') regionCode: string, @Args('after', AFTER) after?: string) {
    return this.subscriptions.stationStatusChanged(regionCode, after);
  }

  @Public()
  @Subscription(() => EventMessageDto, {
    ...passThrough,
    description: '活动报名变化（本人或活动管理人员）/ Registration changes (the registrant’s own; staff who run the event)',
  })
  eventRegistrationChanged(
    @CurrentActor() actor: Actor | undefined,
    @Args('eventId', { type: () => ID }) eventId: string,
    @Args('after', AFTER) after?: string,
  ) {
    return this.subscriptions.eventRegistrationChanged(actor, eventId, after);
  }

  @Public()
  @Subscription(() => EventMessageDto, { ...passThrough, description: '名单同步结果（所属平台）/ A roster sync’s outcome (its platform)' })
  rosterSyncProgress(@CurrentActor() actor: Actor | undefined, @Args('id', { type: () => ID }) id: string, @Args('after', AFTER) after?: string) {
    return this.subscriptions.rosterSyncProgress(actor, id, after);
  }
}
