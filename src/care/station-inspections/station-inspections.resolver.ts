import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { ConnectionArgs } from '../../common/pagination/connection.types.js';
import { StationInspectionsService } from './station-inspections.service.js';
import {
  AuditStandardDto,
  CreateAuditStandardInput,
  RecordStationAuditInput,
  StationAuditConnection,
  StationAuditDto,
  StationDueForAuditDto,
  UpdateAuditStandardInput,
} from './dto/audit.dto.js';

/** 六有 Standards and station audits over GraphQL. */
@Resolver(() => StationAuditDto)
export class StationInspectionsResolver {
  constructor(private readonly inspections: StationInspectionsService) {}

  @RequirePermission(Permission.STATION_READ)
  @Query(() => [AuditStandardDto], { description: '驿站建设标准各版本 / Station standard versions' })
  auditStandards(): Promise<AuditStandardDto[]> {
    return this.inspections.listStandards();
  }

  @RequirePermission(Permission.AUDIT_STANDARD_MANAGE)
  @Audit({ entity: 'AuditStandard' })
  @Mutation(() => AuditStandardDto, { description: '新建标准版本 / Create a new standard version' })
  createAuditStandardVersion(@Args('input') input: CreateAuditStandardInput): Promise<AuditStandardDto> {
    return this.inspections.createStandardVersion(input);
  }

  @RequirePermission(Permission.AUDIT_STANDARD_MANAGE)
  @Audit({ entity: 'AuditStandard' })
  @Mutation(() => AuditStandardDto, { description: '修改未被使用的标准版本（已使用的不可修改）/ Edit a version no audit has used' })
  updateAuditStandardVersion(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdateAuditStandardInput,
  ): Promise<AuditStandardDto> {
    return this.inspections.updateStandardVersion(id, input);
  }

  @RequirePermission(Permission.AUDIT_STANDARD_MANAGE)
  @Audit({ entity: 'AuditStandard' })
  @Mutation(() => AuditStandardDto, { description: '设为现行版本 / Make a version current' })
  makeAuditStandardCurrent(@Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<AuditStandardDto> {
    return this.inspections.makeStandardCurrent(id);
  }

  @RequirePermission(Permission.STATION_AUDIT)
  @Audit({ entity: 'StationAudit' })
  @Mutation(() => StationAuditDto, { description: '登记驿站评估 / Record a station audit' })
  recordStationAudit(@CurrentActor() actor: Actor, @Args('input') input: RecordStationAuditInput): Promise<StationAuditDto> {
    return this.inspections.recordAudit(actor, input);
  }

  @RequirePermission(Permission.STATION_READ)
  @Query(() => StationAuditConnection, { description: '驿站评估记录（最新在前）/ A station’s audits, newest first' })
  stationAudits(
    @CurrentActor() actor: Actor,
    @Args('stationId', { type: () => ID }, ParseUUIDPipe) stationId: string,
    @Args() args: ConnectionArgs,
  ): Promise<StationAuditConnection> {
    return this.inspections.auditsOf(actor, stationId, args);
  }

  @RequirePermission(Permission.STATION_READ)
  @Query(() => [StationDueForAuditDto], {
    description: '待评估驿站：从未评估、认证过期或整改逾期 / Stations due for audit: never audited, expired, or rectification overdue',
  })
  stationsDueForAudit(
    @CurrentActor() actor: Actor,
    @Args('regionCode', { description: '区划代码 / Region code' }) regionCode: string,
  ): Promise<StationDueForAuditDto[]> {
    return this.inspections.dueForAudit(actor, regionCode);
  }
}
