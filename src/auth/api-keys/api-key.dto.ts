import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

/** A platform API key as listed (never the key itself). */
@ObjectType('ApiKey', { description: '平台 API 密钥 / Platform API key' })
export class ApiKeyDto {
  @Field(() => ID) @ApiProperty() id: string;
  @Field({ description: '名称 / Name' }) @ApiProperty() name: string;
  @Field(() => ID, { description: '平台企业 / Platform enterprise' }) @ApiProperty() enterpriseId: string;
  @Field({ description: '密钥前 8 位，用于辨认 / First 8 characters, to tell keys apart' }) @ApiProperty() prefix: string;
  @Field({ description: '创建时间 / Created' }) @ApiProperty() createdAt: Date;
  @Field(() => Date, { nullable: true, description: '最近使用 / Last used' }) @ApiPropertyOptional({ type: Date, nullable: true }) lastUsedAt: Date | null;
  @Field(() => Date, { nullable: true, description: '吊销时间 / Revoked' }) @ApiPropertyOptional({ type: Date, nullable: true }) revokedAt: Date | null;
}

/** A new key: the only time its value is shown. */
@ObjectType('CreatedApiKey', { description: '新密钥（仅显示一次）/ New key, shown once' })
export class CreatedApiKeyDto {
  @Field(() => ApiKeyDto) @ApiProperty({ type: ApiKeyDto }) apiKey: ApiKeyDto;
  @Field({ description: '密钥明文，请立即保存 / The key; store it now, it is never shown again' }) @ApiProperty() key: string;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field(() => ID, { description: '平台企业 / Platform enterprise' })
  @ApiProperty()
  @IsUUID()
  enterpriseId: string;

  @Field({ description: '名称，如「美团名单同步」/ Name, e.g. "Meituan roster sync"' })
  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name: string;
}
