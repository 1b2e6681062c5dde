import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { ApiKeyDto, CreateApiKeyInput, CreatedApiKeyDto } from './api-key.dto.js';
import { ApiKeysService } from './api-keys.service.js';

/** Admin upkeep of platform API keys. */
@ApiTags('api-keys')
@ApiBearerAuth(BEARER_AUTH)
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @RequirePermission(Permission.API_KEY_MANAGE)
  @Get()
  @ApiOperation({ summary: '平台 API 密钥列表（不含密钥本身）/ Platform API keys (never the keys themselves)' })
  @ApiQuery({ name: 'enterpriseId', required: false, schema: { type: 'string', format: 'uuid', maxLength: 36 }, description: '平台企业 / Platform enterprise' })
  @ApiOkResponse({ type: ApiKeyDto, isArray: true })
  async list(@Query('enterpriseId', new ParseUUIDPipe({ optional: true })) enterpriseId?: string): Promise<ApiKeyDto[]> {
    return (await this.apiKeys.list(enterpriseId)).map((k) => this.apiKeys.toDto(k));
  }

  @RequirePermission(Permission.API_KEY_MANAGE)
  @Audit({ entity: 'ApiKey' })
  @Post()
  @ApiOperation({ summary: '为平台企业新建密钥（仅显示一次）/ Create a key for a platform (shown once)' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateApiKeyInput): Promise<CreatedApiKeyDto> {
    const { apiKey, key } = await this.apiKeys.create(actor, body);
    return { apiKey: this.apiKeys.toDto(apiKey), key };
  }

  @RequirePermission(Permission.API_KEY_MANAGE)
  @Audit({ entity: 'ApiKey' })
  @Delete(':id')
  @ApiOperation({ summary: '吊销密钥 / Revoke a key' })
  @ApiOkResponse({ type: ApiKeyDto })
  async revoke(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyDto> {
    return this.apiKeys.toDto(await this.apiKeys.revoke(id));
  }
}
