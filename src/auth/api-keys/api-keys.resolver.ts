import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { ApiKeyDto, CreateApiKeyInput, CreatedApiKeyDto } from './api-key.dto.js';
import { ApiKeysService } from './api-keys.service.js';

@Resolver(() => ApiKeyDto)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @RequirePermission(Permission.API_KEY_MANAGE)
  @Query(() => [ApiKeyDto], { description: '平台 API 密钥 / Platform API keys' })
  async apiKeys(@Args('enterpriseId', { type: () => ID, nullable: true }) enterpriseId?: string): Promise<ApiKeyDto[]> {
    return (await this.keys.list(enterpriseId)).map((k) => this.keys.toDto(k));
  }

  @RequirePermission(Permission.API_KEY_MANAGE)
  @Audit({ entity: 'ApiKey' })
  @Mutation(() => CreatedApiKeyDto, { description: '为平台企业新建密钥（仅显示一次）/ Create a key for a platform (shown once)' })
  async createApiKey(@CurrentActor() actor: Actor, @Args('input') input: CreateApiKeyInput): Promise<CreatedApiKeyDto> {
    const { apiKey, key } = await this.keys.create(actor, input);
    return { apiKey: this.keys.toDto(apiKey), key };
  }

  @RequirePermission(Permission.API_KEY_MANAGE)
  @Audit({ entity: 'ApiKey' })
  @Mutation(() => ApiKeyDto, { description: '吊销密钥 / Revoke a key' })
  async revokeApiKey(@Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<ApiKeyDto> {
    return this.keys.toDto(await this.keys.revoke(id));
  }
}
