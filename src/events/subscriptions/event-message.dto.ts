import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLScalarType } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { OutboxEvent, RosterProgress } from '../../outbox/event-types.js';

/** An event's payload as a JSON object (ids, codes and statuses; never personal data). */
export const EventDataScalar = new GraphQLScalarType({
  name: 'EventData',
  description: '事件数据（JSON 对象，不含个人信息）/ Event payload as a JSON object, no personal data (docs/events.md)',
  serialize: (value) => value,
  parseValue: (value) => value,
});

/** One event as a subscription sends it; `cursor` resumes the subscription after it (`after: cursor`). */
@ObjectType('EventMessage', { description: '推送事件 / An event pushed to a subscription' })
export class EventMessageDto {
  @Field({ description: '游标（事件序号），断线后以 after 续订 / Cursor (the event sequence): resubscribe with `after`' }) cursor: string;
  @Field(() => ID, { description: '事件 id（与 webhook-id 相同）/ Event id (same as webhook-id)' }) id: string;
  @Field({ description: '事件类型 / Event type' }) type: string;
  @Field({ description: '主体 / Subject key' }) subjectKey: string;
  @Field({ description: '发生时间 / When it was committed' }) occurredAt: Date;
  @Field(() => EventDataScalar, { description: '事件数据 / Payload' }) data: Record<string, unknown>;

  /**
   * A roster sync's progress (`roster.sync.progress`: live only, never in the outbox or a webhook).
   * Its cursor is the last event sequence this instance has sent, so resuming after it misses nothing.
   */
  static progress(subjectKey: string, progress: RosterProgress, lastSequence: number): EventMessageDto {
    return {
      cursor: String(lastSequence),
      id: randomUUID(),
      type: 'roster.sync.progress',
      subjectKey,
      occurredAt: new Date(),
      data: { syncId: progress.syncId, status: progress.status, received: progress.received, applied: progress.applied },
    };
  }

  static from(event: OutboxEvent): EventMessageDto {
    return { cursor: String(event.sequence), id: event.id, type: event.type, subjectKey: event.subjectKey, occurredAt: event.createdAt, data: event.payload };
  }
}
