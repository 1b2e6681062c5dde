import { ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ApiField } from '../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../common/fields/derived-inputs.js';

/** A webhook endpoint as listed (never its secret). */
@ObjectType('WebhookEndpoint', { description: '事件推送地址 / Webhook endpoint' })
export class WebhookEndpointDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '接收地址 / Receiver URL' })
  url: string;
  @ApiField(() => [String], { description: '订阅的事件 / Event types (docs/events.md)', openapi: { type: [String] } })
  events: string[];
  @ApiField(() => String, { nullable: true, description: '说明 / Description', openapi: { type: String } })
  description: string | null;
  @ApiField({ description: '启用 / Enabled' })
  enabled: boolean;
  @ApiField(() => String, {
    nullable: true,
    description: '停用原因（连续失败 3 天自动停用）/ Why it was disabled (3 days of failures)',
    openapi: { type: String },
  })
  disabledReason: string | null;
  @ApiField({ description: '所有者类型 staff / platform / Owner kind' })
  ownerKind: string;
  @ApiField(() => ID, {
    nullable: true,
    description: '平台企业（仅接收本平台事件）/ Platform (receives only its own events)',
    openapi: { type: String, format: 'uuid' },
  })
  platformId: string | null;
  @ApiField(() => Date, { nullable: true, description: '旧密钥签名截止 / Previous secret signs until', openapi: { type: Date } })
  previousSecretUntil: Date | null;
  @ApiField(() => Date, { nullable: true, description: '开始连续失败 / Failing since', openapi: { type: Date } })
  failingSince: Date | null;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;
}

/** An endpoint with its secret: shown only when created or rotated. */
@ObjectType('WebhookEndpointWithSecret', { description: '推送地址及密钥（仅显示一次）/ Endpoint with its secret, shown once' })
export class WebhookEndpointWithSecretDto {
  @ApiField(() => WebhookEndpointDto, { description: '端点 / The endpoint', openapi: { type: WebhookEndpointDto } })
  endpoint: WebhookEndpointDto;
  @ApiField({ description: '签名密钥 whsec_…，请立即保存 / Signing secret (whsec_…); store it now' })
  secret: string;
}

/** One delivery of one event to one endpoint. */
@ObjectType('WebhookDelivery', { description: '推送记录 / Webhook delivery' })
export class WebhookDeliveryDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '事件 id（即 webhook-id）/ Event id (the webhook-id header)', openapi: { format: 'uuid' } })
  eventId: string;
  @ApiField({ description: '事件序号 / Event sequence' })
  eventSequence: string;
  @ApiField({ description: '事件类型 / Event type' })
  eventType: string;
  @ApiField({ description: '主体 / Subject key' })
  subjectKey: string;
  @ApiField({ description: '投递状态 / Delivery status', openapi: { enum: ['PENDING', 'SUCCEEDED', 'DEAD'] } })
  status: string;
  @ApiField(() => Int, { description: '尝试次数 / Attempts' })
  attempts: number;
  @ApiField(() => Int, { nullable: true, description: '最近响应码 / Last response code', openapi: { type: Number } })
  responseCode: number | null;
  @ApiField(() => String, { nullable: true, description: '最近响应（至多 1 KB）/ Last response body (≤ 1 KB)', openapi: { type: String } })
  responseBody: string | null;
  @ApiField(() => Int, { nullable: true, description: '最近耗时（毫秒）/ Last latency (ms)', openapi: { type: Number } })
  latencyMs: number | null;
  @ApiField(() => String, { nullable: true, description: '最近错误 / Last error', openapi: { type: String } })
  lastError: string | null;
  @ApiField({ description: '下次尝试 / Next attempt' })
  nextAttemptAt: Date;
  @ApiField(() => Date, { nullable: true, description: '送达时间 / Delivered', openapi: { type: Date } })
  deliveredAt: Date | null;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;
}

/** What a replay queued. */
@ObjectType('WebhookReplay', { description: '重放结果 / Replay result' })
export class WebhookReplayDto {
  @ApiField(() => Int, { description: '重新排队的推送数 / Deliveries queued again' })
  queued: number;
  @ApiField(() => String, { nullable: true, description: '起始序号 / From sequence', openapi: { type: String } })
  fromSequence: string | null;
}

@InputType('CreateWebhookInput')
export class CreateWebhookInput {
  @ApiField({ description: '接收地址 http(s) / Receiver URL', maxLength: 2000, example: 'https://example.com/hooks/newforce' })
  url: string;

  @ApiField(() => [String], { description: '订阅的事件 / Event types', example: ['roster.sync.completed'], openapi: { type: [String] } })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  events: string[];

  @ApiField({ description: '说明 / Description', optional: true, maxLength: 500 })
  description?: string;

  @ApiField(() => ID, { description: '管理员代平台创建 / Admins: the platform this endpoint belongs to', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  platformId?: string;
}

/** `PATCH /webhooks/{id}`, `updateWebhook(id, input)`: only the fields given change (`events` replaces the list); the platform stays. */
@InputType('UpdateWebhookInput')
export class UpdateWebhookInput extends PartialInput(OmitInput(CreateWebhookInput, ['platformId'])) {
  @ApiField({ description: '启用（重新启用会清除停用原因）/ Enabled (re-enabling clears the reason)', optional: true })
  @IsBoolean()
  enabled?: boolean;
}

@InputType('ReplayWebhookInput')
export class ReplayWebhookInput {
  @ApiField({ description: '从事件序号或 ISO 时间起重放 / Replay from an event sequence number or an ISO time', maxLength: 40, example: '1200' })
  @Matches(/^(\d{1,18}|\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2}))$/, { message: 'since must be a sequence number or an ISO 8601 time' })
  since: string;
}
