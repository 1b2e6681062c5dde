import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import type { GuidanceVisit } from '../guidance-visit.entity.js';
import type { InstructorAssignment } from '../instructor-assignment.entity.js';
import { IsDateOnly } from '../../../common/errors/validation.js';
import { ApiField } from '../../../common/fields/api-field.js';

const DATE_MESSAGE = 'must be a date YYYY-MM-DD';
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** An instructor as lists show them (a staff account with role INSTRUCTOR). */
@ObjectType('Instructor', { description: '党建指导员 / Party-building instructor' })
export class InstructorDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '用户名 / Username' })
  username: string;
  @ApiField(() => ID, { nullable: true, description: '所属部门 / Department', openapi: { type: String } })
  departmentId: string | null;
}

/** 选派 An instructor's assignment to an enterprise. */
@ObjectType('InstructorAssignment', { description: '指导员选派 / Instructor assignment' })
export class InstructorAssignmentDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '指导员 / Instructor', openapi: { format: 'uuid' } })
  instructorId: string;
  @ApiField(() => ID, { description: '企业 / Enterprise', openapi: { format: 'uuid' } })
  enterpriseId: string;
  @ApiField({ description: '开始日期 / Started', example: '2023-09-01' })
  startedOn: string;
  @ApiField(() => String, { nullable: true, description: '结束日期 / Ended', openapi: { type: String } })
  endedOn: string | null;
  @ApiField({ description: '在岗 / Active (not ended)' })
  active: boolean;
  @ApiField({ description: '县代码 / County code' })
  countyCode: string;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;

  static from(assignment: InstructorAssignment): InstructorAssignmentDto {
    return {
      id: assignment.id,
      instructorId: assignment.instructorId,
      enterpriseId: assignment.enterpriseId,
      startedOn: assignment.startedOn,
      endedOn: assignment.endedOn,
      active: assignment.endedOn === null,
      countyCode: assignment.countyCode,
      createdAt: assignment.createdAt,
    };
  }
}

/** 指导走访 A guidance visit. */
@ObjectType('GuidanceVisit', { description: '指导走访 / Guidance visit' })
export class GuidanceVisitDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '指导员 / Instructor', openapi: { format: 'uuid' } })
  instructorId: string;
  @ApiField(() => ID, { description: '企业 / Enterprise', openapi: { format: 'uuid' } })
  enterpriseId: string;
  @ApiField({ description: '走访日期 / Visited on', example: '2023-11-20' })
  visitedOn: string;
  @ApiField({ description: '情况摘要 / Summary' })
  summary: string;
  @ApiField(() => [String], { description: '后续事项 / Follow-ups', openapi: { type: String, isArray: true } })
  followUps: string[];
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;

  static from(visit: GuidanceVisit): GuidanceVisitDto {
    return {
      id: visit.id,
      instructorId: visit.instructorId,
      enterpriseId: visit.enterpriseId,
      visitedOn: visit.visitedOn,
      summary: visit.summary,
      followUps: visit.followUps,
      createdAt: visit.createdAt,
    };
  }
}

@ObjectType('InstructorAssignmentConnection', { description: '选派列表 / Assignments, page by page' })
export class InstructorAssignmentConnection extends Connection(InstructorAssignmentDto, 'InstructorAssignment') {}
@ObjectType('GuidanceVisitConnection', { description: '走访列表 / Visits, page by page' })
export class GuidanceVisitConnection extends Connection(GuidanceVisitDto, 'GuidanceVisit') {}
/** A REST page of assignments. */
export class InstructorAssignmentPage extends CursorPage(InstructorAssignmentDto) {}
/** A REST page of visits. */
export class GuidanceVisitPage extends CursorPage(GuidanceVisitDto) {}

/** `POST /instructor-assignments`, `assignInstructor(input)`. */
@InputType('AssignInstructorInput', { description: '选派指导员 / Assign an instructor to an enterprise' })
export class AssignInstructorInput {
  @ApiField(() => ID, { description: '指导员（角色 INSTRUCTOR 的工作人员）/ Instructor (a staff user with role INSTRUCTOR)', openapi: { format: 'uuid' } })
  @IsUUID()
  instructorId: string;

  @ApiField(() => ID, { description: '企业 / Enterprise', openapi: { format: 'uuid' } })
  @IsUUID()
  enterpriseId: string;

  @ApiField({ description: '开始日期（默认今天）/ Start date (default today)', optional: true, example: '2023-09-01' })
  @IsDateOnly({ message: DATE_MESSAGE })
  startedOn?: string;
}

/** `POST /instructor-assignments/{id}/end`, `endInstructorAssignment(id, input)`. */
@InputType('EndInstructorAssignmentInput', { description: '结束选派 / End an assignment' })
export class EndInstructorAssignmentInput {
  @ApiField({ description: '结束日期（默认今天）/ End date (default today)', optional: true, example: '2024-03-01' })
  @IsDateOnly({ message: DATE_MESSAGE })
  endedOn?: string;
}

/** `POST /guidance-visits`, `logGuidanceVisit(input)`: an instructor records a visit to an assigned enterprise. */
@InputType('LogGuidanceVisitInput', { description: '登记指导走访 / Log a guidance visit' })
export class LogGuidanceVisitInput {
  @ApiField(() => ID, { description: '企业（须为本人在岗指导的企业）/ Enterprise (one you are assigned to)', openapi: { format: 'uuid' } })
  @IsUUID()
  enterpriseId: string;

  @ApiField({ description: '走访日期 / Visited on', example: '2023-11-20' })
  @IsDateOnly({ message: DATE_MESSAGE })
  visitedOn: string;

  @ApiField({
    description: '情况摘要 / Summary',
    maxLength: 4000,
    example: '与企业负责人座谈，摸排党员 2 名，宣讲组建党组织政策 / Met the manager, found two party members, explained how to form an organisation',
    openapi: { maxLength: 4000 },
  })
  @IsNotEmpty()
  summary: string;

  @ApiField(() => [String], {
    description: '后续事项 / Follow-ups',
    optional: true,
    example: ['协助两名党员转接组织关系 / help the two members transfer their membership relation'],
    openapi: { type: String, isArray: true },
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  followUps?: string[];
}

/** Filters of the assignment lists. */
export interface AssignmentFilter {
  enterpriseId?: string;
  instructorId?: string;
  activeOnly?: boolean;
}

/** Filters of the visit lists. */
export interface VisitFilter {
  enterpriseId?: string;
  instructorId?: string;
}

/** `instructorAssignments(enterpriseId, instructorId, activeOnly, first, after)`. */
@ArgsType()
export class InstructorAssignmentsArgs extends ConnectionArgs implements AssignmentFilter {
  @Field(() => ID, { nullable: true, description: '企业 / Enterprise' }) @IsOptional() @IsUUID() enterpriseId?: string;
  @Field(() => ID, { nullable: true, description: '指导员 / Instructor' }) @IsOptional() @IsUUID() instructorId?: string;
  @Field({ nullable: true, description: '只列在岗 / Active only' }) @IsOptional() @IsBoolean() activeOnly?: boolean;
}

/** `GET /instructor-assignments?…`. */
export class InstructorAssignmentListQuery extends CursorQuery implements AssignmentFilter {
  @ApiPropertyOptional({ format: 'uuid', description: '企业 / Enterprise' }) @IsOptional() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '指导员 / Instructor' }) @IsOptional() @IsUUID() instructorId?: string;
  @ApiPropertyOptional({ description: '只列在岗 / Active only' }) @IsOptional() @Transform(toBoolean) @IsBoolean() activeOnly?: boolean;
}

/** `guidanceVisits(enterpriseId, instructorId, first, after)`. */
@ArgsType()
export class GuidanceVisitsArgs extends ConnectionArgs implements VisitFilter {
  @Field(() => ID, { nullable: true, description: '企业 / Enterprise' }) @IsOptional() @IsUUID() enterpriseId?: string;
  @Field(() => ID, { nullable: true, description: '指导员 / Instructor' }) @IsOptional() @IsUUID() instructorId?: string;
}

/** `GET /guidance-visits?…`. */
export class GuidanceVisitListQuery extends CursorQuery implements VisitFilter {
  @ApiPropertyOptional({ format: 'uuid', description: '企业 / Enterprise' }) @IsOptional() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '指导员 / Instructor' }) @IsOptional() @IsUUID() instructorId?: string;
}
