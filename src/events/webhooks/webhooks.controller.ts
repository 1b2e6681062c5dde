import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { Audit } from '../../audit/audit.decorator.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { API_KEY_AUTH, BEARER_AUTH } from '../../common/openapi/openapi.js';
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

/** Webhook endpoints (Standard Webhooks 1.0): admins any, a platform's API key its own. */
@ApiTags('webhooks')
@ApiBearerAuth(BEARER_AUTH)
@ApiSecurity(API_KEY_AUTH)
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Post()
  @ApiOperation({ summary: '新建推送地址，返回密钥（仅一次）/ Create an endpoint; its secret is returned once' })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateWebhookInput): Promise<WebhookEndpointWithSecretDto> {
    return this.webhooks.create(actor, body);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Get()
  @ApiOperation({ summary: '推送地址列表（管理员：全部；平台：本平台）/ Webhook endpoints (admins: all; a platform: its own)' })
  @ApiQuery({ name: 'platformId', required: false, description: '平台企业（仅管理员）/ Platform enterprise (admins only)' })
  @ApiOkResponse({ type: WebhookEndpointDto, isArray: true })
  list(@CurrentActor() actor: Actor, @Query('platformId', new ParseUUIDPipe({ optional: true })) platformId?: string): Promise<WebhookEndpointDto[]> {
    return this.webhooks.list(actor, platformId);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Get(':id')
  @ApiOperation({ summary: '一个推送地址 / One webhook endpoint' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookEndpointDto> {
    return this.webhooks.get(actor, id);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Patch(':id')
  @ApiOperation({ summary: '修改地址、事件或启用状态 / Change url, events or enabled' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateWebhookInput): Promise<WebhookEndpointDto> {
    return this.webhooks.update(actor, id, body);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Delete(':id')
  @ApiOperation({ summary: '删除推送地址 / Delete a webhook endpoint' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookEndpointDto> {
    return this.webhooks.remove(actor, id);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Audit({ entity: 'WebhookEndpoint' })
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: '更换密钥（旧密钥继续签名 24 小时）/ Rotate the secret (the old one also signs for 24 h)' })
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  rotate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookEndpointWithSecretDto> {
    return this.webhooks.rotateSecret(actor, id);
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Get(':id/deliveries')
  @ApiOperation({ summary: '投递记录（状态、次数、响应码、耗时）/ Deliveries: status, attempts, response code, latency' })
  @ApiQuery({ name: 'status', required: false, enum: ['PENDING', 'SUCCEEDED', 'DEAD'], description: '投递状态 / Delivery status' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '条数（最近的在前）/ How many, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryDto, isArray: true })
  deliveries(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
  ): Promise<WebhookDeliveryDto[]> {
    if (limit !== undefined && !/^\d{1,3}$/.test(limit)) throw DomainError.badField('limit', 'must be a number from 1 to 200');
    return this.webhooks.deliveries(actor, id, status, limit === undefined ? 50 : Number(limit));
  }

  @RequirePermission(Permission.WEBHOOK_MANAGE)
  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: '从序号或时间起重放 / Re-send events from a sequence number or a time' })
  @ApiOkResponse({ type: WebhookReplayDto })
  replay(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReplayWebhookInput): Promise<WebhookReplayDto> {
    return this.webhooks.replay(actor, id, body);
  }
}
