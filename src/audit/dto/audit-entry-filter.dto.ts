import { ArgsType, GraphQLISODateTime, ID, IntersectionType as GqlIntersectionType } from '@nestjs/graphql';
import { IntersectionType as ApiIntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsUUID } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection.types.js';
import { CursorQuery } from '../../common/pagination/cursor-page.js';
import { ApiField } from '../../common/fields/api-field.js';

/** Search criteria for the audit log, shared by GraphQL `auditEntries` and REST `GET /audit-entries`. */
@ArgsType()
export class AuditEntryFilter {
  @ApiField(() => ID, { description: '操作者 ID / Actor id (staff user, worker or API key)', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  actorId?: string;

  @ApiField(() => String, { description: '对象类型，如 StaffUser / Entity type, e.g. StaffUser', optional: true, maxLength: 100 })
  entityType?: string;

  @ApiField(() => String, { description: '对象 ID / Entity id', optional: true, maxLength: 100 })
  entityId?: string;

  @ApiField(() => String, { description: '操作（精确匹配） / Action, exact match', optional: true, maxLength: 200 })
  action?: string;

  @ApiField(() => GraphQLISODateTime, {
    description: '起始时间（含） / From this instant, inclusive',
    optional: true,
    openapi: { type: String, format: 'date-time' },
  })
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiField(() => GraphQLISODateTime, {
    description: '截止时间（含） / Up to this instant, inclusive',
    optional: true,
    openapi: { type: String, format: 'date-time' },
  })
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

/** GraphQL `auditEntries` arguments: the filter plus Relay paging. */
@ArgsType()
export class AuditEntriesArgs extends GqlIntersectionType(AuditEntryFilter, ConnectionArgs, ArgsType) {}

/** REST `GET /audit-entries` query: the filter plus `cursor` and `limit`. */
export class AuditEntriesQuery extends ApiIntersectionType(AuditEntryFilter, CursorQuery) {}
