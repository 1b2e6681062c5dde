import { ArgsType, Field, GraphQLISODateTime, ID, IntersectionType as GqlIntersectionType } from '@nestjs/graphql';
import { ApiPropertyOptional, IntersectionType as ApiIntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection.types.js';
import { CursorQuery } from '../../common/pagination/cursor-page.js';

/** Search criteria for the audit log, shared by GraphQL `auditEntries` and REST `GET /audit-entries`. */
@ArgsType()
export class AuditEntryFilter {
  @Field(() => ID, { nullable: true, description: '操作者 ID / Actor id (staff user, worker or API key)' })
  @ApiPropertyOptional({ description: '操作者 ID / Actor id (staff user, worker or API key)', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @Field(() => String, { nullable: true, description: '对象类型，如 StaffUser / Entity type, e.g. StaffUser' })
  @ApiPropertyOptional({ description: '对象类型，如 StaffUser / Entity type, e.g. StaffUser' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @Field(() => String, { nullable: true, description: '对象 ID / Entity id' })
  @ApiPropertyOptional({ description: '对象 ID / Entity id' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @Field(() => String, { nullable: true, description: '操作（精确匹配） / Action, exact match' })
  @ApiPropertyOptional({ description: '操作（精确匹配） / Action, exact match' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  action?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: '起始时间（含） / From this instant, inclusive' })
  @ApiPropertyOptional({ description: '起始时间（含） / From this instant, inclusive', type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: '截止时间（含） / Up to this instant, inclusive' })
  @ApiPropertyOptional({ description: '截止时间（含） / Up to this instant, inclusive', type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

/** GraphQL `auditEntries` arguments: the filter plus Relay paging. */
@ArgsType()
export class AuditEntriesArgs extends GqlIntersectionType(AuditEntryFilter, ConnectionArgs, ArgsType) {}

/** REST `GET /audit-entries` query: the filter plus `cursor` and `limit`. */
export class AuditEntriesQuery extends ApiIntersectionType(AuditEntryFilter, CursorQuery) {}
