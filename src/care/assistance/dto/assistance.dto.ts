import { ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsOptional, IsUUID } from 'class-validator';
import { Connection } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import { AssistanceCaseStatus, AssistanceCategory, CaseNoteKind } from '../assistance.enums.js';
import type { AssistanceCase, AssistanceCaseNote } from '../assistance-case.entity.js';
import { CaseAction } from '../case-workflow.js';
import { NullMeansUnset } from '../../../common/errors/validation.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { ApiRef, RefDto } from '../../../common/references/ref.dto.js';
import { ApiDepartmentRef } from '../../../reference/departments/department-ref.js';

/** One timeline entry. */
@ObjectType('AssistanceCaseNote', { description: '求助件记录 / Case timeline entry' })
export class AssistanceCaseNoteDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => CaseNoteKind, { description: '类型 / Kind', openapi: { enum: CaseNoteKind, enumName: 'CaseNoteKind' } })
  kind: CaseNoteKind;
  @ApiField({ description: '记录人 / Author' })
  authorLabel: string;
  @ApiField({ description: '记录人类型 staff|worker / Author kind' })
  authorKind: string;
  @ApiField(() => String, { nullable: true, description: '内容 / Text', openapi: { type: String } })
  text: string | null;
  @ApiField(() => AssistanceCaseStatus, { nullable: true, description: '原状态 / From status', openapi: { enum: AssistanceCaseStatus } })
  fromStatus: AssistanceCaseStatus | null;
  @ApiField(() => AssistanceCaseStatus, { nullable: true, description: '新状态 / To status', openapi: { enum: AssistanceCaseStatus } })
  toStatus: AssistanceCaseStatus | null;
  @ApiField({ description: '时间 / At' })
  createdAt: Date;

  static from(n: AssistanceCaseNote): AssistanceCaseNoteDto {
    return {
      id: n.id,
      kind: n.kind,
      authorLabel: n.authorLabel,
      authorKind: n.authorKind,
      text: n.text,
      fromStatus: n.fromStatus as AssistanceCaseStatus | null,
      toStatus: n.toStatus as AssistanceCaseStatus | null,
      createdAt: n.createdAt,
    };
  }
}

/** A case as the worker and its handlers see it. */
@ObjectType('AssistanceCase', { description: '求助件 / Assistance case' })
export class AssistanceCaseDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '劳动者 / Worker', openapi: { format: 'uuid' } })
  workerId: string;
  @ApiField(() => AssistanceCategory, { description: '类别 / Category', openapi: { enum: AssistanceCategory, enumName: 'AssistanceCategory' } })
  category: AssistanceCategory;
  @ApiField({ description: '情况说明 / Description' })
  description: string;
  @ApiField(() => ID, { nullable: true, description: '涉及企业 / Enterprise involved', openapi: { type: String } })
  enterpriseId: string | null;
  @ApiField(() => ID, { nullable: true, description: '受理驿站 / Station where it was taken', openapi: { type: String } })
  stationId: string | null;
  @ApiField(() => ID, { nullable: true, description: '受理活动 / Event where it was taken', openapi: { type: String } })
  eventId: string | null;
  @ApiField(() => ID, { nullable: true, description: '承办部门 / Handling department', openapi: { type: String } })
  departmentId: string | null;
  @ApiField(() => ID, { nullable: true, description: '承办人 / Handler', openapi: { type: String } })
  handlerId: string | null;
  // REST only: what stationId and departmentId name (the worker and the handler stay ids: people are never named here).
  @ApiRef('受理驿站（编码为驿站编码；不经驿站时为空）/ Station that took the case, its code the station code; null when none did', { nullable: true })
  station?: RefDto | null;
  @ApiDepartmentRef('承办部门（分派前为空）', 'Handling department; null until assigned', { nullable: true }) department?: RefDto | null;
  @ApiField(() => AssistanceCaseStatus, { description: '状态 / Status', openapi: { enum: AssistanceCaseStatus, enumName: 'AssistanceCaseStatus' } })
  status: AssistanceCaseStatus;
  @ApiField(() => Date, { nullable: true, description: '办结时间 / Resolved at', openapi: { type: Date } })
  resolvedAt: Date | null;
  @ApiField(() => Date, { nullable: true, description: '关闭时间 / Closed at', openapi: { type: Date } })
  closedAt: Date | null;
  @ApiField({ description: '提交时间 / Opened at' })
  createdAt: Date;
  /** REST only; GraphQL resolves it through a per-request loader. */
  @ApiPropertyOptional({ description: '办理记录 / What happened, in order', type: [AssistanceCaseNoteDto] }) timeline?: AssistanceCaseNoteDto[];

  static from(c: AssistanceCase): AssistanceCaseDto {
    return {
      id: c.id,
      workerId: c.workerId,
      category: c.category,
      description: c.description,
      enterpriseId: c.enterpriseId,
      stationId: c.stationId,
      eventId: c.eventId,
      departmentId: c.departmentId,
      handlerId: c.handlerId,
      status: c.status,
      resolvedAt: c.resolvedAt,
      closedAt: c.closedAt,
      createdAt: c.createdAt,
    };
  }
}

@ObjectType('AssistanceCaseConnection')
export class AssistanceCaseConnection extends Connection(AssistanceCaseDto, 'AssistanceCase') {}

export class AssistanceCasePage extends CursorPage(AssistanceCaseDto) {}

@InputType('OpenAssistanceCaseInput', { description: '提交求助 / Open an assistance case' })
export class OpenAssistanceCaseInput {
  @ApiField(() => AssistanceCategory, { description: '类别 / Category', openapi: { enum: AssistanceCategory, enumName: 'AssistanceCategory' } })
  @IsEnum(AssistanceCategory)
  category: AssistanceCategory;

  @ApiField({ description: '情况说明 / Description', maxLength: 5000, example: '平台拖欠三个月配送费' })
  @IsNotEmpty()
  description: string;

  @ApiField(() => ID, { description: '涉及企业 / Enterprise involved', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  enterpriseId?: string;

  @ApiField({
    description: '劳动者手机号（工作人员代为提交时必填）/ Worker phone (required when staff open on a worker’s behalf)',
    optional: true,
    maxLength: 20,
    example: '13800138000',
  })
  workerPhone?: string;

  @ApiField(() => ID, { description: '受理驿站 / Station where it is taken', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  stationId?: string;

  @ApiField(() => ID, { description: '受理活动 / Event where it is taken', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  eventId?: string;
}

@InputType('AssignAssistanceCaseInput', { description: '分派求助件 / Assign a case' })
export class AssignAssistanceCaseInput {
  @ApiField(() => ID, { description: '承办部门 / Handling department', openapi: { format: 'uuid' } })
  @IsUUID()
  departmentId: string;

  @ApiField(() => ID, { description: '承办人（该部门工作人员）/ Handler (staff of that department)', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  handlerId?: string;
}

@InputType('CaseTransitionInput', { description: '办理求助件 / Move a case along' })
export class CaseTransitionInput {
  @ApiField(() => CaseAction, { description: '操作 / Action', openapi: { enum: CaseAction, enumName: 'CaseAction' } })
  @IsEnum(CaseAction)
  action: CaseAction;

  @ApiField({ description: '说明（办结时为办理结果）/ Note (the outcome when resolving)', optional: true, maxLength: 5000 })
  note?: string;
}

@InputType('CaseNoteInput', { description: '添加记录 / Add a note' })
export class CaseNoteInput {
  @ApiField({ description: '内容 / Text', maxLength: 5000 })
  @IsNotEmpty()
  text: string;
}

@NullMeansUnset()
@InputType('AssistanceCaseFilter', { description: '求助件筛选 / Case filter' })
export class AssistanceCaseFilter {
  @ApiField(() => AssistanceCaseStatus, {
    description: '状态 / Status',
    optional: true,
    openapi: { enum: AssistanceCaseStatus, enumName: 'AssistanceCaseStatus' },
  })
  @IsEnum(AssistanceCaseStatus)
  status?: AssistanceCaseStatus;

  @ApiField(() => AssistanceCategory, { description: '类别 / Category', optional: true, openapi: { enum: AssistanceCategory, enumName: 'AssistanceCategory' } })
  @IsEnum(AssistanceCategory)
  category?: AssistanceCategory;
}

export class AssistanceCaseListQuery extends CursorQuery {
  @ApiPropertyOptional({ description: '办理状态 / Case status', enum: AssistanceCaseStatus, enumName: 'AssistanceCaseStatus' })
  @IsOptional()
  @IsEnum(AssistanceCaseStatus)
  status?: AssistanceCaseStatus;

  @ApiPropertyOptional({ description: '诉求类别 / Category', enum: AssistanceCategory, enumName: 'AssistanceCategory' })
  @IsOptional()
  @IsEnum(AssistanceCategory)
  category?: AssistanceCategory;
}
