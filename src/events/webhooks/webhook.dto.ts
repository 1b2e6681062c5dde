import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** A webhook endpoint as listed (never its secret). */
@ObjectType('WebhookEndpoint', { description: '事件推送地址 / Webhook endpoint' })
export class WebhookEndpointDto {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field({ description: '接收地址 / Receiver URL' }) @ApiProperty() url: string;
  @Field(() => [String], { description: '订阅的事件 / Event types (docs/events.md)' }) @ApiProperty({ type: [String] }) events: string[];
  @Field(() => String, { nullable: true, description: '说明 / Description' }) @ApiPropertyOptional({ type: String, nullable: true }) description: string | null;
  @Field({ description: '启用 / Enabled' }) @ApiProperty() enabled: boolean;
  @Field(() => String, { nullable: true, description: '停用原因（连续失败 3 天自动停用）/ Why it was disabled (3 days of failures)' })
  @ApiPropertyOptional({ type: String, nullable: true })
  disabledReason: string | null;
  @Field({ description: '所有者类型 staff / platform / Owner kind' }) @ApiProperty() ownerKind: string;
  @Field(() => ID, { nullable: true, description: '平台企业（仅接收本平台事件）/ Platform (receives only its own events)' })
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  platformId: string | null;
  @Field(() => Date, { nullable: true, description: '旧密钥签名截止 / Previous secret signs until' })
  @ApiPropertyOptional({ type: Date, nullable: true })
  previousSecretUntil: Date | null;
  @Field(() => Date, { nullable: true, description: '开始连续失败 / Failing since' })
  @ApiPropertyOptional({ type: Date, nullable: true })
  failingSince: Date | null;
  @Field({ description: '创建时间 / Created' }) @ApiProperty() createdAt: Date;
}

/** An endpoint with its secret: shown only when created or rotated. */
@ObjectType('WebhookEndpointWithSecret', { description: '推送地址及密钥（仅显示一次）/ Endpoint with its secret, shown once' })
export class WebhookEndpointWithSecretDto {
  @Field(() => WebhookEndpointDto) @ApiProperty({ type: WebhookEndpointDto }) endpoint: WebhookEndpointDto;
  @Field({ description: '签名密钥 whsec_…，请立即保存 / Signing secret (whsec_…); store it now' }) @ApiProperty() secret: string;
}

/** One delivery of one event to one endpoint. */
@ObjectType('WebhookDelivery', { description: '推送记录 / Webhook delivery' })
export class WebhookDeliveryDto {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => ID, { description: '事件 id（即 webhook-id）/ Event id (the webhook-id header)' }) @ApiProperty({ format: 'uuid' }) eventId: string;
  @Field({ description: '事件序号 / Event sequence' }) @ApiProperty() eventSequence: string;
  @Field({ description: '事件类型 / Event type' }) @ApiProperty() eventType: string;
  @Field({ description: '主体 / Subject key' }) @ApiProperty() subjectKey: string;
  @Field({ description: 'PENDING / SUCCEEDED / DEAD' }) @ApiProperty({ enum: ['PENDING', 'SUCCEEDED', 'DEAD'] }) status: string;
  @Field(() => Int, { description: '尝试次数 / Attempts' }) @ApiProperty() attempts: number;
  @Field(() => Int, { nullable: true, description: '最近响应码 / Last response code' }) @ApiPropertyOptional({ type: Number, nullable: true }) responseCode:
    number | null;
  @Field(() => String, { nullable: true, description: '最近响应（至多 1 KB）/ Last response body (≤ 1 KB)' })
  @ApiPropertyOptional({ type: String, nullable: true })
  responseBody: string | null;
  @Field(() => Int, { nullable: true, description: '最近耗时（毫秒）/ Last latency (ms)' }) @ApiPropertyOptional({ type: Number, nullable: true }) latencyMs:
    number | null;
  @Field(() => String, { nullable: true, description: '最近错误 / Last error' }) @ApiPropertyOptional({ type: String, nullable: true }) lastError:
    string | null;
  @Field({ description: '下次尝试 / Next attempt' }) @ApiProperty() nextAttemptAt: Date;
  @Field(() => Date, { nullable: true, description: '送达时间 / Delivered' }) @ApiPropertyOptional({ type: Date, nullable: true }) deliveredAt: Date | null;
  @Field({ description: '创建时间 / Created' }) @ApiProperty() createdAt: Date;
}

/** What a replay queued. */
@ObjectType('WebhookReplay', { description: '重放结果 / Replay result' })
export class WebhookReplayDto {
  @Field(() => Int, { description: '重新排队的推送数 / Deliveries queued again' }) @ApiProperty() queued: number;
  @Field(() => String, { nullable: true, description: '起始序号 / From sequence' }) @ApiPropertyOptional({ type: String, nullable: true }) fromSequence:
    string | null;
}

@InputType('CreateWebhookInput')
export class CreateWebhookInput {
  @Field({ description: '接收地址 http(s) / Receiver URL' })
  @ApiProperty({ example: 'https://example.com/hooks/newforce' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @Field(() => [String], { description: '订阅的事件 / Event types' })
  @ApiProperty({ type: [String], example: ['roster.sync.completed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  events: string[];

  @Field({ nullable: true, description: '说明 / Description' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @Field(() => ID, { nullable: true, description: '管理员代平台创建 / Admins: the platform this endpoint belongs to' })
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  platformId?: string;
}

@InputType('UpdateWebhookInput')
export class UpdateWebhookInput {
  @Field({ nullable: true })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @Field(() => [String], { nullable: true })
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  events?: string[];

  @Field({ nullable: true, description: '启用（重新启用会清除停用原因）/ Enabled (re-enabling clears the reason)' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @Field({ nullable: true })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

@InputType('ReplayWebhookInput')
export class ReplayWebhookInput {
  @Field({ description: '从事件序号或 ISO 时间起重放 / Replay from an event sequence number or an ISO time' })
  @ApiProperty({ example: '1200' })
  @IsString()
  @MaxLength(40)
  @Matches(/^(\d{1,18}|\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2}))$/, { message: 'since must be a sequence number or an ISO 8601 time' })
  since: string;
}
