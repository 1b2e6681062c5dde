import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../auth/actor.js';
import { CurrentActor, RequirePermission } from '../../auth/auth.decorators.js';
import { Permission } from '../../auth/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { AuditsService } from './audits.service.js';
import {
  AuditStandardDto, CreateAuditStandardInput, DueForAuditQuery, RecordStationAuditInput, StationAuditDto, StationDueForAuditDto,
  UpdateAuditStandardInput,
} from './dto/audit.dto.js';

/** 六有 Standards and station audits over REST. */
@ApiTags('care: audits')
@ApiBearerAuth(BEARER_AUTH)
@Controller()
export class AuditsController {
  constructor(private readonly audits: AuditsService) {}

  @RequirePermission(Permission.STATION_READ)
  @Get('audit-standards')
  @ApiOperation({ summary: '驿站建设标准各版本 / Station standard versions' })
  @ApiOkResponse({ type: AuditStandardDto, isArray: true })
  standards(): Promise<AuditStandardDto[]> {
    return this.audits.listStandards();
  }

  @RequirePermission(Permission.AUDIT_STANDARD_MANAGE) @Audit({ entity: 'AuditStandard' })
  @Post('audit-standards')
  @ApiOperation({ summary: '新建标准版本 / Create a new standard version' })
  @ApiCreatedResponse({ type: AuditStandardDto })
  createStandard(@Body() body: CreateAuditStandardInput): Promise<AuditStandardDto> {
    return this.audits.createStandardVersion(body);
  }

  @RequirePermission(Permission.AUDIT_STANDARD_MANAGE) @Audit({ entity: 'AuditStandard' })
  @Patch('audit-standards/:id')
  @ApiOperation({ summary: '修改未被使用的标准版本（已使用的不可修改）/ Edit a version no audit has used' })
  @ApiOkResponse({ type: AuditStandardDto })
  updateStandard(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAuditStandardInput): Promise<AuditStandardDto> {
    return this.audits.updateStandardVersion(id, body);
  }

  @RequirePermission(Permission.AUDIT_STANDARD_MANAGE) @Audit({ entity: 'AuditStandard' })
  @Post('audit-standards/:id/make-current') @HttpCode(200)
  @ApiOperation({ summary: '设为现行版本 / Make a version current' })
  @ApiOkResponse({ type: AuditStandardDto })
  makeCurrent(@Param('id', ParseUUIDPipe) id: string): Promise<AuditStandardDto> {
    return this.audits.makeStandardCurrent(id);
  }

  @RequirePermission(Permission.STATION_AUDIT) @Audit({ entity: 'StationAudit' })
  @Post('station-audits')
  @ApiOperation({ summary: '登记驿站评估 / Record a station audit' })
  @ApiCreatedResponse({ type: StationAuditDto })
  record(@CurrentActor() actor: Actor, @Body() body: RecordStationAuditInput): Promise<StationAuditDto> {
    return this.audits.recordAudit(actor, body);
  }

  @RequirePermission(Permission.STATION_READ)
  @Get('station-audits/due')
  @ApiOperation({ summary: '待评估驿站 / Stations due for audit: never audited, expired, or rectification overdue' })
  @ApiOkResponse({ type: StationDueForAuditDto, isArray: true })
  due(@CurrentActor() actor: Actor, @Query() query: DueForAuditQuery): Promise<StationDueForAuditDto[]> {
    return this.audits.dueForAudit(actor, query.regionCode);
  }

  @RequirePermission(Permission.STATION_READ)
  @Get('station-audits/:id')
  @ApiOperation({ summary: '驿站评估 / A station audit' })
  @ApiOkResponse({ type: StationAuditDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StationAuditDto> {
    return this.audits.getAudit(actor, id);
  }
}
