import { ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsUUID, MinLength } from 'class-validator';
import { ApiField } from '../../common/fields/api-field.js';

/** A platform API key as listed (never the key itself). */
@ObjectType('ApiKey', { description: '平台 API 密钥 / Platform API key' })
export class ApiKeyDto {
  @ApiField(() => ID, { description: '编号 / Id' })
  id: string;
  @ApiField({ description: '名称 / Name' })
  name: string;
  @ApiField(() => ID, { description: '平台企业 / Platform enterprise' })
  enterpriseId: string;
  @ApiField({ description: '密钥前 8 位，用于辨认 / First 8 characters, to tell keys apart' })
  prefix: string;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;
  @ApiField(() => Date, { nullable: true, description: '最近使用 / Last used', openapi: { type: Date } })
  lastUsedAt: Date | null;
  @ApiField(() => Date, { nullable: true, description: '吊销时间 / Revoked', openapi: { type: Date } })
  revokedAt: Date | null;
}

/** A new key: the only time its value is shown. */
@ObjectType('CreatedApiKey', { description: '新密钥（仅显示一次）/ New key, shown once' })
export class CreatedApiKeyDto {
  @ApiField(() => ApiKeyDto, { description: '密钥信息（明文密钥仅此一次显示）/ The key; its secret is shown only this once', openapi: { type: ApiKeyDto } })
  apiKey: ApiKeyDto;
  @ApiField({ description: '密钥明文，请立即保存 / The key; store it now, it is never shown again' })
  key: string;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @ApiField(() => ID, { description: '平台企业 / Platform enterprise' })
  @IsUUID()
  enterpriseId: string;

  @ApiField({ description: '名称，如「美团名单同步」/ Name, e.g. "Meituan roster sync"', maxLength: 100, example: '美团名单同步' })
  @MinLength(2)
  name: string;
}
