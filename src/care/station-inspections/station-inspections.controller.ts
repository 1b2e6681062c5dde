import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { StationInspectionsService } from './station-inspections.service.js';
import {
  AuditStandardDto,
  CreateAuditStandardInput,
  DueForAuditQuery,
  RecordStationAuditInput,
  StationAuditDto,
  StationDueForAuditDto,
  UpdateAuditStandardInput,
} from './dto/audit.dto.js';

/**
 * 六有 Standards and station audits (inspections) over REST. The operation ids keep the `Audits_`
 * prefix they had when this class was AuditsController, so generated clients do not change.
 */
@ApiTags('care: audits')
@ApiBearerAuth(BEARER_AUTH)
@Controller()
export class StationInspectionsController {
  constructor(private readonly inspections: StationInspectionsService) {}

  @RequirePermission(Permission.STATION_READ)
  @Get('audit-standards')
  @ApiOperation({ operationId: 'Audits_standards', summary: '驿站建设标准各版本 / Station standard versions' })
  @ApiOkResponse({ type: AuditStandardDto, isArray: true })
  standards(): Promise<AuditStandardDto[]> {
    return this.inspections.listStandards();
  }

  @RequirePermission(Permission.AUDIT_STANDARD_MANAGE)
  @Audit({ entity: 'AuditStandard' })
  @Post('audit-standards')
  @ApiOperation({ operationId: 'Audits_createStandard', summary: '新建标准版本 / Create a new standard version' })
  @ApiCreatedResponse({ type: AuditStandardDto })
  createStandard(@Body() body: CreateAuditStandardInput): Promise<AuditStandardDto> {
    return this.inspections.createStandardVersion(body);
  }

  @RequirePermission(Permission.AUDIT_STANDARD_MANAGE)
  @Audit({ entity: 'AuditStandard' })
  @Patch('audit-standards/:id')
  @ApiOperation({ operationId: 'Audits_updateStandard', summary: '修改未被使用的标准版本（已使用的不可修改）/ Edit a version no audit has used' })
  @ApiOkResponse({ type: AuditStandardDto })
  updateStandard(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAuditStandardInput): Promise<AuditStandardDto> {
    return this.inspections.updateStandardVersion(id, body);
  }

  @RequirePermission(Permission.AUDIT_STANDARD_MANAGE)
  @Audit({ entity: 'AuditStandard' })
  @Post('audit-standards/:id/make-current')
  @HttpCode(200)
  @ApiOperation({ operationId: 'Audits_makeCurrent', summary: '设为现行版本 / Make a version current' })
  @ApiOkResponse({ type: AuditStandardDto })
  makeCurrent(@Param('id', ParseUUIDPipe) id: string): Promise<AuditStandardDto> {
    return this.inspections.makeStandardCurrent(id);
  }

  @RequirePermission(Permission.STATION_AUDIT)
  @Audit({ entity: 'StationAudit' })
  @Post('station-audits')
  @ApiOperation({ operationId: 'Audits_record', summary: '登记驿站评估 / Record a station audit' })
  @ApiCreatedResponse({ type: StationAuditDto })
  record(@CurrentActor() actor: Actor, @Body() body: RecordStationAuditInput): Promise<StationAuditDto> {
    return this.inspections.recordAudit(actor, body);
  }

  @RequirePermission(Permission.STATION_READ)
  @Get('station-audits/due')
  @ApiOperation({ operationId: 'Audits_due', summary: '待评估驿站 / Stations due for audit: never audited, expired, or rectification overdue' })
  @ApiOkResponse({ type: StationDueForAuditDto, isArray: true })
  due(@CurrentActor() actor: Actor, @Query() query: DueForAuditQuery): Promise<StationDueForAuditDto[]> {
    return this.inspections.dueForAudit(actor, query.regionCode);
  }

  @RequirePermission(Permission.STATION_READ)
  @Get('station-audits/:id')
  @ApiOperation({ operationId: 'Audits_get', summary: '驿站评估 / A station audit' })
  @ApiOkResponse({ type: StationAuditDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StationAuditDto> {
    return this.inspections.getAudit(actor, id);
  }
}
