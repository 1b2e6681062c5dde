import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CurrentActor, RequirePermission } from '../access/access.decorators.js';
import type { Actor } from '../access/actor.js';
import { Permission } from '../access/permission.enum.js';
import { Audit } from '../audit/audit.decorator.js';
import { BEARER_AUTH } from '../common/openapi/openapi.js';
import type { Open311Client } from './open311-client.entity.js';
import { Open311ClientsService } from './open311-clients.service.js';

export class CreateOpen311ClientInput {
  @ApiProperty({ description: '应用名称 / Client application name', example: '永州 12345 热线', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class Open311ClientDto {
  @ApiProperty({ description: '编号 / Id', format: 'uuid' }) id: string;
  @ApiProperty({ description: '应用名称 / Client application name' }) name: string;
  @ApiProperty({ description: '密钥前 8 位 / First 8 characters of the key' }) prefix: string;
  @ApiProperty({ description: '创建时间 / Created' }) createdAt: Date;
  @ApiProperty({ description: '最近使用时间 / Last used', type: Date, nullable: true }) lastUsedAt: Date | null;
  @ApiProperty({ description: '吊销时间 / Revoked', type: Date, nullable: true }) revokedAt: Date | null;

  static from(c: Open311Client): Open311ClientDto {
    return { id: c.id, name: c.name, prefix: c.prefix, createdAt: c.createdAt, lastUsedAt: c.lastUsedAt, revokedAt: c.revokedAt };
  }
}

export class CreatedOpen311ClientDto {
  @ApiProperty({ description: '新建的客户端（api_key 仅此一次显示）/ The client; its api_key is shown only this once', type: Open311ClientDto })
  client: Open311ClientDto;
  @ApiProperty({ description: 'Open311 api_key，仅显示这一次 / The api_key, shown this once' }) key: string;
}

/** Admins issue each Open311 client application its own `api_key`. */
@ApiTags('open311')
@ApiBearerAuth(BEARER_AUTH)
@Controller('open311-clients')
export class Open311ClientsController {
  constructor(private readonly clients: Open311ClientsService) {}

  @Get()
  @RequirePermission(Permission.OPEN311_CLIENT_MANAGE)
  @ApiOperation({ summary: 'Open311 客户端应用 / Open311 client applications' })
  @ApiOkResponse({ type: Open311ClientDto, isArray: true })
  async list(): Promise<Open311ClientDto[]> {
    return (await this.clients.list()).map(Open311ClientDto.from);
  }

  @Post()
  @RequirePermission(Permission.OPEN311_CLIENT_MANAGE)
  @Audit({ entity: 'Open311Client' })
  @ApiOperation({ summary: '登记客户端应用并发放 api_key（仅显示一次）/ Register a client application and issue its api_key (shown once)' })
  @ApiCreatedResponse({ type: CreatedOpen311ClientDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateOpen311ClientInput): Promise<CreatedOpen311ClientDto> {
    const { client, key } = await this.clients.create(actor, body.name);
    return { client: Open311ClientDto.from(client), key };
  }

  @Delete(':id')
  @RequirePermission(Permission.OPEN311_CLIENT_MANAGE)
  @Audit({ entity: 'Open311Client' })
  @ApiOperation({ summary: "吊销客户端密钥 / Revoke a client's key" })
  @ApiOkResponse({ type: Open311ClientDto })
  async revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<Open311ClientDto> {
    return Open311ClientDto.from(await this.clients.revoke(id));
  }
}
