import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { Audit } from '../../audit/audit.decorator.js';
import {
  CreateWebhookInput,
  ReplayWebhookInput,
  UpdateWebhookInput,
  WebhookDeliveryDto,
  WebhookEndpointDto,
  WebhookEndpointWithSecretDto,
  WebhookReplayDto,
} from './webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

/** The webhook API over GraphQL (same rules as REST). */
@Resolver(() => WebhookEndpointDto)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Query(() => [WebhookEndpointDto], { description: '事件推送地址 / Webhook endpoints' })
  webhooks(@CurrentActor() actor: Actor, @Args('platformId', { type: () => ID, nullable: true }) platformId?: string): Promise<WebhookEndpointDto[]> {
    return this.service.list(actor, platformId);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Query(() => [WebhookDeliveryDto], { description: '推送记录 / Deliveries of one endpoint, newest first' })
  webhookDeliveries(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('status', { nullable: true }) status?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<WebhookDeliveryDto[]> {
    return this.service.deliveries(actor, id, status, first ?? 50);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Mutation(() => WebhookEndpointWithSecretDto, { description: '新建推送地址（密钥仅显示一次）/ Create an endpoint (secret shown once)' })
  createWebhook(@CurrentActor() actor: Actor, @Args('input') input: CreateWebhookInput): Promise<WebhookEndpointWithSecretDto> {
    return this.service.create(actor, input);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Mutation(() => WebhookEndpointDto, { description: '修改推送地址 / Change an endpoint' })
  updateWebhook(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdateWebhookInput,
  ): Promise<WebhookEndpointDto> {
    return this.service.update(actor, id, input);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Mutation(() => WebhookEndpointDto, { description: '删除推送地址 / Delete an endpoint' })
  deleteWebhook(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<WebhookEndpointDto> {
    return this.service.remove(actor, id);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Audit({ entity: 'WebhookEndpoint' })
  @Mutation(() => WebhookEndpointWithSecretDto, { description: '更换密钥（旧密钥继续签名 24 小时）/ Rotate the secret (old one signs 24 h more)' })
  rotateWebhookSecret(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<WebhookEndpointWithSecretDto> {
    return this.service.rotateSecret(actor, id);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Mutation(() => WebhookReplayDto, { description: '重放事件 / Re-send events from a sequence number or time' })
  replayWebhook(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: ReplayWebhookInput,
  ): Promise<WebhookReplayDto> {
    return this.service.replay(actor, id, input);
  }
}
