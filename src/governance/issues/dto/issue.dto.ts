import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Role } from '../../../access/role.enum.js';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import { DepartmentKind } from '../../../reference/departments/department-kind.enum.js';
import type { GovernanceIssue } from '../governance-issue.entity.js';
import type { IssueCategoryRow } from '../issue-categories.service.js';
import { ATTRIBUTE_DATATYPES, type AttributeAnswers, type AttributeDatatype, type CategoryAttribute } from '../category-attributes.js';
import { DeadlineUnit } from '../deadline-unit.enum.js';
import { IssueEventActorKind } from '../issue-event.entity.js';
import type { TimelineStep } from '../issue-page.sql.js';
import { availableActions, DEADLINE_STATUSES, extensionPending, IssueAction, IssueStatus } from '../issue-workflow.js';
import { labelledEnum } from '../../../common/labels/labels.js';
import { valueLabel } from '../../../common/labels/labels.js';
import { ValueLabelDto } from '../../../reference/labels/labels.dto.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../../common/fields/derived-inputs.js';
import { ApiRef, RefDto } from '../../../common/references/ref.dto.js';
import { ApiDepartmentRef } from '../../../reference/departments/department-ref.js';

/**
 * Whose eyes a problem is shown to. PUBLIC (anonymous, other workers) and REPORTER never carry
 * staff ids; no view carries the reporter's identity.
 */
export enum IssueView {
  PUBLIC = 'PUBLIC',
  REPORTER = 'REPORTER',
  STAFF = 'STAFF',
}

/** The view a DTO was built for, kept under a symbol so it never reaches a JSON response. */
export const VIEW = Symbol('issueView');

registerEnumType(IssueEventActorKind, labelledEnum(IssueEventActorKind, 'IssueEventActorKind'));

/** A list attribute's choice. */
export class CategoryAttributeValueInput {
  @ApiProperty({ description: '选项值 / Option value sent', example: 'deep' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1-32 letters, digits, _ or -' })
  key: string;
  @ApiProperty({ description: '选项名称 / Option label shown', example: '深坑' }) @IsString() @IsNotEmpty() @MaxLength(50) name: string;
}

/** An extra question a category asks (an Open311 service definition attribute). */
export class CategoryAttributeInput implements CategoryAttribute {
  @ApiProperty({ description: '属性代码（snake_case）/ Attribute code, snake_case', example: 'depth' })
  @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'must be snake_case, 1-32 characters' })
  code: string;
  @ApiProperty({ description: '是否需回答（false 为说明文字）/ Answered by the reporter; false: informational text, never answered' })
  @IsBoolean()
  variable: boolean;
  @ApiProperty({ description: '数据类型（Open311）/ Datatype, as Open311 defines', example: 'singlevaluelist', enum: ATTRIBUTE_DATATYPES })
  @IsIn(ATTRIBUTE_DATATYPES)
  datatype: AttributeDatatype;
  @ApiProperty({ description: '是否必填 / Whether a report must answer it' }) @IsBoolean() required: boolean;
  @ApiPropertyOptional({ description: '填写说明 / How to answer', type: String, example: '选择最接近的一项', nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  datatype_description: string | null;
  @ApiProperty({ description: '显示顺序 / Display order', minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) order: number;
  @ApiProperty({ description: '问题（展示给上报人）/ The question shown to the reporter', example: '坑有多深？', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  description: string;
  @ApiPropertyOptional({
    description: '可选项（单选、多选时）/ Options, for single or multiple choice',
    type: CategoryAttributeValueInput,
    isArray: true,
    maxItems: 50,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CategoryAttributeValueInput)
  values?: CategoryAttributeValueInput[];
}

/** A problem category. */
@ObjectType('IssueCategory', { description: '问题类别 / Problem category' })
export class IssueCategoryDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '代码 / Code', example: 'SAFETY_HAZARD' })
  code: string;
  @ApiField({ description: '名称 / Name', example: '安全隐患' })
  name: string;
  @ApiField(() => Int, { description: '办理时限（小时，自派单起）/ Deadline in hours from dispatch', example: 24 })
  deadlineHours: number;
  @ApiField(() => DeadlineUnit, { description: '时限单位 / Deadline unit', openapi: { enum: DeadlineUnit, enumName: 'DeadlineUnit' } })
  deadlineUnit: DeadlineUnit;
  @ApiField(() => Int, {
    nullable: true,
    description: '办理时限（工作日）/ Deadline in working days (WORKING_DAYS)',
    example: 3,
    openapi: { type: 'integer', format: 'int32', minimum: 1, maximum: 365 },
  })
  deadlineWorkingDays: number | null;
  @ApiField(() => DepartmentKind, { description: '默认承办部门类别 / Default department kind', openapi: { enum: DepartmentKind, enumName: 'DepartmentKind' } })
  defaultDepartmentKind: DepartmentKind;
  @ApiField({ description: '是否可用 / Takes new reports' })
  active: boolean;
  @ApiProperty({
    type: CategoryAttributeInput,
    isArray: true,
    description: '上报时需回答的附加问题（Open311 属性）/ Extra questions a report answers (Open311 attributes)',
  })
  attributes: CategoryAttribute[];

  static from(c: IssueCategoryRow): IssueCategoryDto {
    return {
      id: c.id,
      code: c.code,
      name: c.name,
      deadlineHours: c.deadlineHours,
      deadlineUnit: c.deadlineUnit,
      deadlineWorkingDays: c.deadlineWorkingDays,
      defaultDepartmentKind: c.defaultDepartmentKind,
      active: c.active,
      attributes: c.attributes ?? [],
    };
  }
}

/** `POST /governance/issue-categories`. */
export class CreateIssueCategoryInput {
  @ApiProperty({ description: '类别代码（Open311 service_code）/ Category code, the Open311 service_code', example: 'STREET_LIGHT' })
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'must be SCREAMING_CASE, 2-32 characters' })
  code: string;
  @ApiProperty({ description: '类别名称 / Category name', example: '路灯故障' }) @IsString() @IsNotEmpty() @MaxLength(50) name: string;
  @ApiProperty({
    description: '办理时限（小时或工作日，见 deadlineUnit）/ Deadline, in hours or working days (deadlineUnit)',
    example: 72,
    minimum: 1,
    maximum: 2160,
  })
  @IsInt()
  @Min(1)
  @Max(2160)
  deadlineHours: number;
  @ApiProperty({
    description: '默认承办部门类型 / Kind of department that handles it by default',
    example: 'TOWNSHIP',
    enum: DepartmentKind,
    enumName: 'DepartmentKind',
  })
  @IsEnum(DepartmentKind)
  defaultDepartmentKind: DepartmentKind;
  @ApiPropertyOptional({
    description: '时限单位 / Unit of the deadline',
    example: 'WORKING_DAYS',
    enum: DeadlineUnit,
    enumName: 'DeadlineUnit',
    default: DeadlineUnit.HOURS,
  })
  @IsOptional()
  @IsEnum(DeadlineUnit)
  deadlineUnit?: DeadlineUnit;
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 60,
    example: 5,
    description: '办理时限（工作日，按工作日计时必填）/ Deadline in working days, required with WORKING_DAYS',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  deadlineWorkingDays?: number;
  @ApiPropertyOptional({ description: '上报时需回答的属性 / Attributes a report answers', type: CategoryAttributeInput, isArray: true, maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CategoryAttributeInput)
  attributes?: CategoryAttributeInput[];
}

/** `PATCH /governance/issue-categories/{code}`: only the fields given change; the code stays. */
export class UpdateIssueCategoryInput extends PartialInput(OmitInput(CreateIssueCategoryInput, ['code', 'deadlineUnit', 'deadlineWorkingDays', 'attributes'])) {
  @ApiPropertyOptional({ description: '启用（false 为停用，不再接受上报）/ Active; false retires it (no new reports)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
  @ApiPropertyOptional({ description: '时限单位 / Unit of the deadline', example: 'WORKING_DAYS', enum: DeadlineUnit, enumName: 'DeadlineUnit' })
  @IsOptional()
  @IsEnum(DeadlineUnit)
  deadlineUnit?: DeadlineUnit;
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 60,
    example: 5,
    description: '办理时限（工作日，改为按工作日计时必填）/ Deadline in working days, required when switching to WORKING_DAYS',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  deadlineWorkingDays?: number;
  @ApiPropertyOptional({
    type: CategoryAttributeInput,
    isArray: true,
    maxItems: 20,
    description: '属性（整体替换；[] 清空）/ Attributes: replaces the list; [] removes every attribute',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CategoryAttributeInput)
  attributes?: CategoryAttributeInput[];
}

/** `reportIssue(input)`: a worker reports a problem where they are. */
@InputType('ReportIssueInput', { description: '上报问题 / Report a governance problem' })
export class ReportIssueInput {
  @ApiField({ description: '类别代码 / Category code, e.g. SAFETY_HAZARD', example: 'SAFETY_HAZARD' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'must be a category code' })
  category: string;

  @ApiField({
    description: '问题描述 / What is wrong',
    maxLength: 2000,
    example: '舜陵大道与九嶷路口井盖缺失，夜间有骑手摔倒风险',
    openapi: { maxLength: 2000 },
  })
  @IsNotEmpty()
  description: string;

  @ApiField(() => Float, { description: '纬度 / Latitude', example: 25.5967 })
  @IsLatitude()
  lat: number;
  @ApiField(() => Float, { description: '经度 / Longitude', example: 111.9447 })
  @IsLongitude()
  lng: number;

  @ApiField({ description: '地址 / Address', optional: true, maxLength: 200, example: '宁远县舜陵大道与九嶷路口', openapi: { maxLength: 200 } })
  address?: string;

  @ApiField(() => [String], {
    description: '照片地址（最多 9 张）/ Photo URLs (up to 9)',
    optional: true,
    example: ['https://files.example.gov.cn/ningyuan/manhole.jpg'],
    openapi: { type: [String] },
  })
  @IsArray()
  @ArrayMaxSize(9)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { each: true })
  @MaxLength(500, { each: true })
  photos?: string[];

  @ApiField({
    description: '乡镇代码：位置不在任何网格时必填（缺省取本人所在乡镇）/ Township code, needed when the location is in no grid (default: my township)',
    optional: true,
    example: '431126001',
  })
  @Matches(/^\d{9}$/, { message: 'must be a township code of 9 digits' })
  townshipCode?: string;

  @ApiField({ description: '已看过疑似重复件仍要提交 / Submit even though likely duplicates were shown', optional: true, openapi: { default: false } })
  @IsBoolean()
  submitDespiteDuplicates?: boolean;
  @ApiField(() => ID, {
    description:
      '客户端请求号（应用生成的 UUID；重发同一号返回同一问题）/ Client request id: a UUID the app generates; sending it again returns the same problem',
    optional: true,
    openapi: { format: 'uuid' },
  })
  @IsUUID()
  clientRequestId?: string;
}

/** What the service takes: the input, plus answers to the category's attributes already validated (Open311 only; no field of the GraphQL or REST input). */
export type ReportInput = ReportIssueInput & { attributes?: AttributeAnswers | null };

/** A timeline step as a viewer may see it. */
@ObjectType('IssueEvent', { description: '处置记录 / Timeline step' })
export class IssueEventDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '时间 / When' })
  at: Date;
  @ApiField({ description: '动作：REPORT、IssueAction 或 MARK_OVERDUE（督办）/ REPORT, an IssueAction, or MARK_OVERDUE' })
  action: string;
  @ApiField(() => IssueStatus, {
    description: '原状态（上报时为空）/ Status before; null for the report',
    nullable: true,
    openapi: { enum: IssueStatus, enumName: 'IssueStatus' },
  })
  fromStatus: IssueStatus | null;
  @ApiField(() => IssueStatus, { description: '新状态 / Status after', openapi: { enum: IssueStatus, enumName: 'IssueStatus' } })
  toStatus: IssueStatus;
  @ApiField(() => IssueEventActorKind, {
    description: '操作者类型 / Who acted: staff, worker or system',
    openapi: { enum: IssueEventActorKind, enumName: 'IssueEventActorKind' },
  })
  actorKind: IssueEventActorKind;
  @ApiField(() => Role, {
    nullable: true,
    description: '操作者角色（劳动者不显示）/ Actor role (never for workers)',
    openapi: { enum: Role, enumName: 'Role' },
  })
  actorRole: Role | null;
  @ApiField(() => ID, {
    nullable: true,
    description: '操作人员账号（仅工作人员可见；劳动者永不显示）/ Staff actor id (staff views only; workers never)',
    openapi: { format: 'uuid' },
  })
  actorId: string | null;
  @ApiField(() => String, { nullable: true, description: '说明 / Note' })
  note: string | null;

  /** Strips what the view may not see: worker actors are never identified; staff ids only to staff. */
  static from(event: TimelineStep, view: IssueView): IssueEventDto {
    const worker = event.actorKind === IssueEventActorKind.WORKER;
    return {
      id: event.id,
      at: event.at,
      action: event.action,
      fromStatus: event.fromStatus as IssueStatus | null,
      toStatus: event.toStatus as IssueStatus,
      actorKind: event.actorKind,
      actorRole: worker ? null : (event.actorRole as Role | null),
      actorId: view === IssueView.STAFF && event.actorKind === IssueEventActorKind.STAFF ? event.actorId : null,
      note: event.note,
    };
  }
}

/** A pending extension request (staff views). */
@ObjectType('IssueExtensionRequest', { description: '延期申请 / Pending extension request' })
export class IssueExtensionRequestDto {
  @ApiField(() => Int, {
    nullable: true,
    description: '申请延长小时数（按小时计时的类别）/ Extra hours asked for (categories counted in hours)',
    openapi: { type: 'integer', format: 'int32', minimum: 1, maximum: 720 },
  })
  hours: number | null;
  @ApiField(() => Int, {
    nullable: true,
    description: '申请延长工作日数（按工作日计时的类别）/ Extra working days asked for (categories counted in working days)',
    openapi: { type: 'integer', format: 'int32', minimum: 1, maximum: 30 },
  })
  workingDays: number | null;
  @ApiField({ description: '理由 / Reason' })
  reason: string;
}

/** A governance problem as one viewer sees it; never the reporter's identity. */
@ObjectType('GovernanceIssue', { description: "治理问题（不含上报人身份）/ Governance problem (never the reporter's identity)" })
export class GovernanceIssueDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '类别 / Category id', openapi: { format: 'uuid' } })
  categoryId: string;
  @ApiField({ description: '描述 / Description' })
  description: string;
  @ApiField(() => String, { nullable: true, description: '地址 / Address' })
  address: string | null;
  @ApiField(() => Float, { description: '纬度（WGS84）/ Latitude, WGS84' })
  lat: number;
  @ApiField(() => Float, { description: '经度（WGS84）/ Longitude, WGS84' })
  lng: number;
  @ApiField(() => [String], { description: '照片 / Photo URLs', openapi: { type: [String] } })
  photos: string[];
  @ApiField(() => IssueStatus, { description: '状态 / Status', openapi: { enum: IssueStatus, enumName: 'IssueStatus' } })
  status: IssueStatus;
  @ApiField(() => ValueLabelDto, {
    description: '状态及其中英文标签（界面直接显示）/ The status with its Chinese and English label, for screens',
    openapi: { type: ValueLabelDto },
  })
  statusLabel: ValueLabelDto;
  @ApiField(() => ID, { nullable: true, description: '网格 / Grid id', openapi: { format: 'uuid' } })
  gridId: string | null;
  @ApiField(() => ID, { description: '乡镇 / Township region id', openapi: { format: 'uuid' } })
  townshipId: string;
  @ApiField(() => ID, { nullable: true, description: '承办部门 / Handling department id', openapi: { format: 'uuid' } })
  departmentId: string | null;
  @ApiField(() => ID, { nullable: true, description: '合并至 / Merged into (DUPLICATE)', openapi: { format: 'uuid' } })
  duplicateOfId: string | null;
  // REST only: what the ids above name. GraphQL resolves category, grid and department as objects instead.
  @ApiRef('类别（编码为类别代码）/ Category, its code the category code') category?: RefDto;
  @ApiRef('网格（编码为网格编码；位置不在任何网格时为空）/ Grid, its code the grid code; null when the location is in no grid', { nullable: true })
  grid?: RefDto | null;
  @ApiRef('乡镇（编码为 9 位区划代码）/ Township, its code the 9-digit region code') township?: RefDto;
  @ApiDepartmentRef('承办部门（派单前为空）', 'Handling department; null until dispatched', { nullable: true }) department?: RefDto | null;
  @ApiField({ description: '上报时间 / Reported at' })
  reportedAt: Date;
  @ApiField(() => Date, { description: '受理时间 / Accepted at', nullable: true, openapi: { type: Date } })
  acceptedAt: Date | null;
  @ApiField(() => Date, { description: '派单时间 / Dispatched at', nullable: true, openapi: { type: Date } })
  dispatchedAt: Date | null;
  @ApiField(() => Date, { nullable: true, description: '办理时限 / Deadline', openapi: { type: Date } })
  deadlineAt: Date | null;
  @ApiField(() => String, {
    nullable: true,
    description: '时限提示：按工作日计算时缺少节假日安排 / Deadline warning: counted across a year with no holiday schedule',
  })
  deadlineWarning: string | null;
  @ApiField({ description: '是否超期（办理中且已过时限）/ Past its deadline while being handled' })
  overdue: boolean;
  @ApiField(() => Date, { description: '办结时间 / Resolved at', nullable: true, openapi: { type: Date } })
  resolvedAt: Date | null;
  @ApiField(() => Date, { description: '关闭时间 / Closed at', nullable: true, openapi: { type: Date } })
  closedAt: Date | null;
  @ApiField(() => String, { nullable: true, description: '办结说明 / Resolution note' })
  resolutionNote: string | null;
  @ApiField(() => String, { nullable: true, description: '办结照片 / Resolution photo' })
  resolutionPhoto: string | null;
  @ApiField(() => Int, { nullable: true, description: '评价 1–5 / Rating', openapi: { minimum: 1, maximum: 5 } })
  rating: number | null;
  @ApiField(() => String, { nullable: true, description: '评价内容（仅上报人与工作人员可见）/ Rating comment (reporter and staff only)' })
  ratingComment: string | null;
  @ApiField({ description: '是否自动关闭 / Closed automatically' })
  autoClosed: boolean;
  @ApiField(() => Int, { description: '被上报人重新打开的次数 / Times the reporter reopened it' })
  reopenCount: number;
  @ApiField(() => Int, { description: '关注人数（我也遇到）/ Workers following it ("me too")' })
  followerCount: number;
  @ApiField(() => Date, { nullable: true, description: '最近一次重新打开 / Last reopened at', openapi: { type: Date } })
  reopenedAt: Date | null;
  @ApiField(() => IssueExtensionRequestDto, {
    nullable: true,
    description: '待批延期申请（仅工作人员）/ Pending extension request (staff only)',
    openapi: { type: IssueExtensionRequestDto },
  })
  extensionRequest: IssueExtensionRequestDto | null;
  @ApiField({ description: '是否我上报的 / Reported by me' })
  reportedByMe: boolean;
  @ApiField(() => [IssueAction], {
    description: '当前可做的动作（仅工作人员）/ Actions allowed now (staff only; empty otherwise)',
    openapi: { enum: IssueAction, enumName: 'IssueAction', isArray: true },
  })
  allowedActions: IssueAction[];

  [VIEW]: IssueView;

  /** The problem as `view` may see it. */
  static from(issue: GovernanceIssue, view: IssueView, reportedByMe = false): GovernanceIssueDto {
    const staff = view === IssueView.STAFF;
    return {
      id: issue.id,
      categoryId: issue.categoryId,
      description: issue.description,
      address: issue.address,
      lat: issue.lat,
      lng: issue.lng,
      photos: issue.photos,
      status: issue.status,
      statusLabel: valueLabel('IssueStatus', issue.status),
      gridId: issue.gridId,
      townshipId: issue.townshipId,
      departmentId: issue.departmentId,
      duplicateOfId: issue.duplicateOfId,
      reportedAt: issue.reportedAt,
      acceptedAt: issue.acceptedAt,
      dispatchedAt: issue.dispatchedAt,
      deadlineAt: issue.deadlineAt,
      deadlineWarning: issue.deadlineWarning,
      overdue: issue.overdueAt !== null && DEADLINE_STATUSES.includes(issue.status),
      resolvedAt: issue.resolvedAt,
      closedAt: issue.closedAt,
      resolutionNote: issue.resolutionNote,
      resolutionPhoto: issue.resolutionPhoto,
      rating: issue.rating,
      ratingComment: view === IssueView.PUBLIC ? null : issue.ratingComment,
      autoClosed: issue.autoClosed,
      reopenCount: issue.reopenCount,
      followerCount: issue.followerCount,
      reopenedAt: issue.reopenedAt,
      extensionRequest:
        staff && extensionPending(issue)
          ? { hours: issue.extensionRequestedHours, workingDays: issue.extensionRequestedWorkingDays, reason: issue.extensionReason ?? '' }
          : null,
      reportedByMe: view === IssueView.REPORTER && reportedByMe,
      allowedActions: staff
        ? availableActions(issue.status, extensionPending(issue)).filter(
            (a) => a !== IssueAction.RATE && a !== IssueAction.AUTO_CLOSE && a !== IssueAction.REOPEN,
          )
        : [],
      [VIEW]: view,
    };
  }
}

/** What `reportIssue` answers: the saved problem, or (not saved) the likely duplicates to look at first. */
@ObjectType('ReportIssueResult', { description: '上报结果 / Report outcome' })
export class ReportIssueResultDto {
  @ApiField(() => GovernanceIssueDto, {
    nullable: true,
    description: '已保存的问题；有疑似重复且未确认提交时为空 / The saved problem; null when likely duplicates were found and not overridden',
    openapi: { type: GovernanceIssueDto },
  })
  issue: GovernanceIssueDto | null;

  @ApiField(() => [GovernanceIssueDto], {
    description: '50 米内同类未办结问题 / Open problems of the same category within 50 m',
    openapi: { type: GovernanceIssueDto, isArray: true },
  })
  likelyDuplicates: GovernanceIssueDto[];
}

/** `transitionGovernanceIssue(id, input)`, `POST /governance/issues/{id}/transitions`. */
@InputType('IssueTransitionInput', { description: '处置动作 / A workflow step' })
export class IssueTransitionInput {
  @ApiField(() => IssueAction, { description: '动作 / Action', openapi: { enum: IssueAction, enumName: 'IssueAction' } })
  @IsEnum(IssueAction)
  action: IssueAction;

  @ApiField({
    description: '说明；不予受理、回退、办结、申请延期时必填 / Note: required to reject, return, resolve and request an extension',
    optional: true,
    maxLength: 2000,
    openapi: { maxLength: 2000 },
  })
  @IsNotEmpty()
  note?: string;

  @ApiField(() => ID, { description: '派单部门（缺省按类别）/ Department to dispatch to (default: by category)', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  departmentId?: string;

  @ApiField(() => ID, { description: '合并至（MARK_DUPLICATE）/ Original problem (MARK_DUPLICATE)', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  duplicateOfId?: string;

  @ApiField(() => Int, {
    description: '申请延长小时数（REQUEST_EXTENSION）/ Extra hours (REQUEST_EXTENSION)',
    optional: true,
    openapi: { minimum: 1, maximum: 720 },
  })
  @IsInt()
  @Min(1)
  @Max(720)
  extensionHours?: number;

  @ApiField(() => Int, {
    description: '申请延长工作日数（REQUEST_EXTENSION，按工作日计时的类别）/ Extra working days (REQUEST_EXTENSION, categories counted in working days)',
    optional: true,
    openapi: { type: 'integer', format: 'int32', minimum: 1, maximum: 30 },
  })
  @IsInt()
  @Min(1)
  @Max(30)
  extensionWorkingDays?: number;

  @ApiField({
    description: '办结照片（RESOLVE）/ Resolution photo URL (RESOLVE)',
    optional: true,
    example: 'https://files.example.gov.cn/ningyuan/manhole-fixed.jpg',
  })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  photo?: string;
}

/** `rateGovernanceIssue(id, input)`: the reporter's 回访评价. */
@InputType('RateIssueInput', { description: '评价 / Rate the resolution' })
export class RateIssueInput {
  @ApiField(() => Int, { description: '1–5', openapi: { minimum: 1, maximum: 5 } })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;
  @ApiField({ description: '评价内容 / Comment', optional: true, maxLength: 500, openapi: { maxLength: 500 } })
  comment?: string;
}

/** `reopenGovernanceIssue(id, input)`: the reporter is not satisfied (rated 1 or 2) and reopens the problem. */
@InputType('ReopenIssueInput', { description: '不满意重办 / Reopen a problem you rated 1 or 2' })
export class ReopenIssueInput {
  @ApiField({ description: '理由 / Why it is not fixed', maxLength: 500, openapi: { maxLength: 500 } })
  @IsNotEmpty()
  reason: string;
}

/** Staff list filters. */
@ArgsType()
export class GovernanceIssuesArgs extends ConnectionArgs {
  @Field(() => IssueStatus, { nullable: true }) @IsOptional() @IsEnum(IssueStatus) status?: IssueStatus;
  @Field({ nullable: true, description: '类别代码 / Category code' }) @IsOptional() @IsString() @MaxLength(32) category?: string;
  @Field(() => ID, { nullable: true, description: '网格 / Grid' }) @IsOptional() @IsUUID() gridId?: string;
  @Field({ nullable: true, description: '仅超期 / Only overdue ones' }) @IsOptional() @IsBoolean() overdue?: boolean;
}

export class GovernanceIssueListQuery extends CursorQuery {
  @ApiPropertyOptional({ description: '状态 / Status', enum: IssueStatus, enumName: 'IssueStatus' }) @IsOptional() @IsEnum(IssueStatus) status?: IssueStatus;
  @ApiPropertyOptional({ description: '类别代码 / Category code' }) @IsOptional() @IsString() @MaxLength(32) category?: string;
  @ApiPropertyOptional({ description: '网格 / Grid id', format: 'uuid' }) @IsOptional() @IsUUID() gridId?: string;
  @ApiPropertyOptional({ description: '仅超期 / Only overdue ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

/** Filters a staff list takes. */
export type IssueFilter = Pick<GovernanceIssuesArgs, 'status' | 'category' | 'gridId' | 'overdue'>;

@ObjectType('GovernanceIssueConnection')
export class GovernanceIssueConnection extends Connection(GovernanceIssueDto, 'GovernanceIssue') {}

export class GovernanceIssuePage extends CursorPage(GovernanceIssueDto) {}

/** A department as a problem shows it. */
@ObjectType('IssueDepartment', { description: '承办部门 / Handling department' })
export class IssueDepartmentDto {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => DepartmentKind) kind: DepartmentKind;
}
