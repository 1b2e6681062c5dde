import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { withReferences } from '../../common/references/references.js';
import {
  CreateEnterpriseInput,
  EnterpriseDto,
  EnterpriseListQuery,
  EnterprisePage,
  OverrideSupervisionInput,
  UpdateEnterpriseInput,
} from './dto/enterprise.dto.js';
import { EnterprisesService } from './enterprises.service.js';

/** 企业 Enterprises over REST. */
@ApiTags('organizing')
@ApiBearerAuth(BEARER_AUTH)
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Get()
  @RequirePermission(Permission.ENTERPRISE_READ)
  @ApiOperation({ summary: '企业列表（按区划、行业、主管单位、组织覆盖、指导员、名称筛选）/ List enterprises in your scope' })
  @ApiOkResponse({ type: EnterprisePage })
  async list(@CurrentActor() actor: Actor, @Query() query: EnterpriseListQuery): Promise<EnterprisePage> {
    const page = await this.enterprises.page(actor, query, query);
    return { items: await this.named(page.items.map(EnterpriseDto.from)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequirePermission(Permission.ENTERPRISE_READ)
  @ApiOperation({ summary: '查看企业 / Get an enterprise' })
  @ApiOkResponse({ type: EnterpriseDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<EnterpriseDto> {
    return this.namedOne(EnterpriseDto.from(await this.enterprises.get(actor, id)));
  }

  @Post()
  @RequirePermission(Permission.ENTERPRISE_MANAGE)
  @Audit({ entity: 'Enterprise' })
  @ApiOperation({ summary: '新建企业（按规则推导主管单位）/ Register an enterprise (supervising department derived from the county rules)' })
  @ApiCreatedResponse({ type: EnterpriseDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateEnterpriseInput): Promise<EnterpriseDto> {
    return this.namedOne(EnterpriseDto.from(await this.enterprises.create(actor, body)));
  }

  @Patch(':id')
  @RequirePermission(Permission.ENTERPRISE_MANAGE)
  @Audit({ entity: 'Enterprise' })
  @ApiOperation({ summary: '修改企业（行业或乡镇变化时重新推导主管单位）/ Edit an enterprise (a new industry or township re-derives the department)' })
  @ApiOkResponse({ type: EnterpriseDto })
  async update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateEnterpriseInput): Promise<EnterpriseDto> {
    return this.namedOne(EnterpriseDto.from(await this.enterprises.update(actor, id, body)));
  }

  @Put(':id/supervision')
  @RequirePermission(Permission.SUPERVISION_OVERRIDE)
  @Audit({ skip: true })
  @ApiOperation({ summary: '人工指定主管单位（需理由，记入审计）/ Override the supervising department (reason kept and audited)' })
  @ApiOkResponse({ type: EnterpriseDto })
  async overrideSupervision(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: OverrideSupervisionInput,
  ): Promise<EnterpriseDto> {
    return this.namedOne(EnterpriseDto.from(await this.enterprises.overrideSupervision(actor, id, body)));
  }

  /** Enterprises with their township and supervising department named: one statement for them all. */
  private named(enterprises: EnterpriseDto[]): Promise<EnterpriseDto[]> {
    return withReferences(enterprises, (ids) => this.enterprises.references(ids));
  }

  private async namedOne(enterprise: EnterpriseDto): Promise<EnterpriseDto> {
    return (await this.named([enterprise]))[0];
  }
}
