import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Connection } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import { AssistanceCaseStatus, AssistanceCategory, CaseNoteKind } from '../assistance.enums.js';
import type { AssistanceCase, AssistanceCaseNote } from '../assistance-case.entity.js';
import { CaseAction } from '../case-workflow.js';
import { NullMeansUnset } from '../../../common/errors/validation.js';

/** One timeline entry. */
@ObjectType('AssistanceCaseNote', { description: '求助件记录 / Case timeline entry' })
export class AssistanceCaseNoteDto {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => CaseNoteKind, { description: '类型 / Kind' }) @ApiProperty({ enum: CaseNoteKind, enumName: 'CaseNoteKind' }) kind: CaseNoteKind;
  @Field({ description: '记录人 / Author' }) @ApiProperty() authorLabel: string;
  @Field({ description: '记录人类型 staff|worker / Author kind' }) @ApiProperty() authorKind: string;
  @Field(() => String, { nullable: true, description: '内容 / Text' }) @ApiPropertyOptional({ type: String, nullable: true }) text: string | null;
  @Field(() => AssistanceCaseStatus, { nullable: true, description: '原状态 / From status' })
  @ApiPropertyOptional({ enum: AssistanceCaseStatus, nullable: true })
  fromStatus: AssistanceCaseStatus | null;
  @Field(() => AssistanceCaseStatus, { nullable: true, description: '新状态 / To status' })
  @ApiPropertyOptional({ enum: AssistanceCaseStatus, nullable: true })
  toStatus: AssistanceCaseStatus | null;
  @Field({ description: '时间 / At' }) @ApiProperty() createdAt: Date;

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
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => ID, { description: '劳动者 / Worker' }) @ApiProperty({ format: 'uuid' }) workerId: string;
  @Field(() => AssistanceCategory, { description: '类别 / Category' })
  @ApiProperty({ enum: AssistanceCategory, enumName: 'AssistanceCategory' })
  category: AssistanceCategory;
  @Field({ description: '情况说明 / Description' }) @ApiProperty() description: string;
  @Field(() => ID, { nullable: true, description: '涉及企业 / Enterprise involved' }) @ApiPropertyOptional({ type: String, nullable: true }) enterpriseId:
    string | null;
  @Field(() => ID, { nullable: true, description: '受理驿站 / Station where it was taken' }) @ApiPropertyOptional({ type: String, nullable: true }) stationId:
    string | null;
  @Field(() => ID, { nullable: true, description: '受理活动 / Event where it was taken' }) @ApiPropertyOptional({ type: String, nullable: true }) eventId:
    string | null;
  @Field(() => ID, { nullable: true, description: '承办部门 / Handling department' }) @ApiPropertyOptional({ type: String, nullable: true }) departmentId:
    string | null;
  @Field(() => ID, { nullable: true, description: '承办人 / Handler' }) @ApiPropertyOptional({ type: String, nullable: true }) handlerId: string | null;
  @Field(() => AssistanceCaseStatus, { description: '状态 / Status' })
  @ApiProperty({ enum: AssistanceCaseStatus, enumName: 'AssistanceCaseStatus' })
  status: AssistanceCaseStatus;
  @Field(() => Date, { nullable: true, description: '办结时间 / Resolved at' }) @ApiPropertyOptional({ type: Date, nullable: true }) resolvedAt: Date | null;
  @Field(() => Date, { nullable: true, description: '关闭时间 / Closed at' }) @ApiPropertyOptional({ type: Date, nullable: true }) closedAt: Date | null;
  @Field({ description: '提交时间 / Opened at' }) @ApiProperty() createdAt: Date;
  /** REST only; GraphQL resolves it through a per-request loader. */
  @ApiPropertyOptional({ type: [AssistanceCaseNoteDto] }) timeline?: AssistanceCaseNoteDto[];

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
  @Field(() => AssistanceCategory, { description: '类别 / Category' })
  @ApiProperty({ enum: AssistanceCategory, enumName: 'AssistanceCategory' })
  @IsEnum(AssistanceCategory)
  category: AssistanceCategory;

  @Field({ description: '情况说明 / Description' })
  @ApiProperty({ example: '平台拖欠三个月配送费' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description: string;

  @Field(() => ID, { nullable: true, description: '涉及企业 / Enterprise involved' })
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;

  @Field({ nullable: true, description: '劳动者手机号（工作人员代为提交时必填）/ Worker phone (required when staff open on a worker’s behalf)' })
  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  workerPhone?: string;

  @Field(() => ID, { nullable: true, description: '受理驿站 / Station where it is taken' })
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  stationId?: string;

  @Field(() => ID, { nullable: true, description: '受理活动 / Event where it is taken' })
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

@InputType('AssignAssistanceCaseInput', { description: '分派求助件 / Assign a case' })
export class AssignAssistanceCaseInput {
  @Field(() => ID, { description: '承办部门 / Handling department' })
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId: string;

  @Field(() => ID, { nullable: true, description: '承办人（该部门工作人员）/ Handler (staff of that department)' })
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  handlerId?: string;
}

@InputType('CaseTransitionInput', { description: '办理求助件 / Move a case along' })
export class CaseTransitionInput {
  @Field(() => CaseAction, { description: '操作 / Action' })
  @ApiProperty({ enum: CaseAction, enumName: 'CaseAction' })
  @IsEnum(CaseAction)
  action: CaseAction;

  @Field({ nullable: true, description: '说明（办结时为办理结果）/ Note (the outcome when resolving)' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

@InputType('CaseNoteInput', { description: '添加记录 / Add a note' })
export class CaseNoteInput {
  @Field({ description: '内容 / Text' })
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text: string;
}

@NullMeansUnset()
@InputType('AssistanceCaseFilter', { description: '求助件筛选 / Case filter' })
export class AssistanceCaseFilter {
  @Field(() => AssistanceCaseStatus, { nullable: true, description: '状态 / Status' })
  @ApiPropertyOptional({ enum: AssistanceCaseStatus, enumName: 'AssistanceCaseStatus' })
  @IsOptional()
  @IsEnum(AssistanceCaseStatus)
  status?: AssistanceCaseStatus;

  @Field(() => AssistanceCategory, { nullable: true, description: '类别 / Category' })
  @ApiPropertyOptional({ enum: AssistanceCategory, enumName: 'AssistanceCategory' })
  @IsOptional()
  @IsEnum(AssistanceCategory)
  category?: AssistanceCategory;
}

export class AssistanceCaseListQuery extends CursorQuery {
  @ApiPropertyOptional({ enum: AssistanceCaseStatus, enumName: 'AssistanceCaseStatus' })
  @IsOptional()
  @IsEnum(AssistanceCaseStatus)
  status?: AssistanceCaseStatus;

  @ApiPropertyOptional({ enum: AssistanceCategory, enumName: 'AssistanceCategory' })
  @IsOptional()
  @IsEnum(AssistanceCategory)
  category?: AssistanceCategory;
}
