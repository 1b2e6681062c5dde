import { ArgsType, Field, Float, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEnum,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import { WorkerProfileDto } from '../../../workers/dto/worker-profile.dto.js';
import type { PublicCommitment } from '../public-commitment.entity.js';
import type { ResponsibilityZone } from '../responsibility-zone.entity.js';
import { VolunteerActivityKind, type VolunteerActivity } from '../volunteer-activity.entity.js';
import { VolunteerHoursSource, VolunteerHoursStatus, type VolunteerHours } from '../volunteer-hours.entity.js';
import { TeamMemberRole } from '../volunteer-team-member.entity.js';
import { VolunteerTeamKind, type VolunteerTeam } from '../volunteer-team.entity.js';
import { labelledEnum } from '../../../common/labels/labels.js';
import { IsDateOnly } from '../../../common/errors/validation.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { ApiRef, RefDto } from '../../../common/references/ref.dto.js';

registerEnumType(VolunteerTeamKind, labelledEnum(VolunteerTeamKind, 'VolunteerTeamKind'));
registerEnumType(TeamMemberRole, labelledEnum(TeamMemberRole, 'TeamMemberRole'));
registerEnumType(VolunteerActivityKind, labelledEnum(VolunteerActivityKind, 'VolunteerActivityKind'));
registerEnumType(VolunteerHoursStatus, labelledEnum(VolunteerHoursStatus, 'VolunteerHoursStatus'));
registerEnumType(VolunteerHoursSource, labelledEnum(VolunteerHoursSource, 'VolunteerHoursSource'));

/** A team as both APIs show it. */
@ObjectType('VolunteerTeam', { description: '志愿/先锋服务队 / Volunteer or vanguard team' })
export class VolunteerTeamDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '名称 / Name' })
  name: string;
  @ApiField(() => VolunteerTeamKind, { description: '队伍类型 / Team kind', openapi: { enum: VolunteerTeamKind, enumName: 'VolunteerTeamKind' } })
  kind: VolunteerTeamKind;
  @ApiField(() => ID, { description: '乡镇 / Township region id', openapi: { format: 'uuid' } })
  townshipId: string;
  /** REST only: the township named (the leader stays an id: a worker is never named). */
  @ApiRef('乡镇（编码为 9 位区划代码）/ Township, its code the 9-digit region code') township?: RefDto;
  @ApiField(() => ID, { description: '队长（劳动者）/ Leader (worker id)', openapi: { format: 'uuid' } })
  leaderWorkerId: string;
  @ApiField({ description: '成立时间 / Formed at' })
  createdAt: Date;

  static from(team: VolunteerTeam): VolunteerTeamDto {
    return { id: team.id, name: team.name, kind: team.kind, townshipId: team.townshipId, leaderWorkerId: team.leaderWorkerId, createdAt: team.createdAt };
  }
}

@ObjectType('VolunteerTeamConnection')
export class VolunteerTeamConnection extends Connection(VolunteerTeamDto, 'VolunteerTeam') {}
export class VolunteerTeamPage extends CursorPage(VolunteerTeamDto) {}

/** A current member. */
@ObjectType('VolunteerTeamMember', { description: '队员 / Team member' })
export class VolunteerTeamMemberDto {
  @ApiField(() => TeamMemberRole, { openapi: { enum: TeamMemberRole, enumName: 'TeamMemberRole' } })
  role: TeamMemberRole;
  @ApiField({ description: '加入日期 / Joined on', openapi: { format: 'date' } })
  joinedOn: string;
  @ApiField(() => WorkerProfileDto, { description: '劳动者（脱敏）/ The worker, masked', openapi: { type: WorkerProfileDto } })
  worker: WorkerProfileDto;
}

/** `POST /volunteer-teams`, `createVolunteerTeam(input)`. */
@InputType('CreateVolunteerTeamInput', { description: '组建服务队 / Form a team' })
export class CreateVolunteerTeamInput {
  @ApiField({ description: '队伍名称 / Team name', maxLength: 100, example: '宁远小哥先锋服务队', openapi: { maxLength: 100 } })
  @IsNotEmpty()
  name: string;
  @ApiField(() => VolunteerTeamKind, { description: '队伍类型 / Team kind', openapi: { enum: VolunteerTeamKind, enumName: 'VolunteerTeamKind' } })
  @IsEnum(VolunteerTeamKind)
  kind: VolunteerTeamKind;
  @ApiField({ description: '乡镇代码 / Township code', example: '431126001' })
  @Matches(/^\d{9}$/, { message: 'must be a township code of 9 digits' })
  townshipCode: string;
  @ApiField(() => ID, { description: '队长（劳动者）/ Leader (worker id)', openapi: { format: 'uuid' } })
  @IsUUID()
  leaderWorkerId: string;
}

/** `POST /volunteer-teams/{id}/members`. */
@InputType('AddTeamMemberInput')
export class AddTeamMemberInput {
  @ApiField(() => ID, { description: '劳动者 / Worker id', openapi: { format: 'uuid' } })
  @IsUUID()
  workerId: string;
  @ApiField({ description: '加入日期（缺省今天）/ Joined on (default today)', optional: true, openapi: { format: 'date' } })
  @IsDateOnly({ message: 'must be a date YYYY-MM-DD' })
  joinedOn?: string;
}

/** One participant's hours. */
@InputType('VolunteerParticipantInput')
export class VolunteerParticipantInput {
  @ApiField(() => ID, { description: '队员 / Member (worker id)', openapi: { format: 'uuid' } })
  @IsUUID()
  workerId: string;
  @ApiField(() => Float, { description: '时长（小时，0.5 精度）/ Hours (0.1 precision, up to 24)', example: 2, openapi: { minimum: 0.1, maximum: 24 } })
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0.1)
  @Max(24)
  hours: number;
}

/** `recordVolunteerActivity(teamId, input)`: an activity with its participants' hours, which count at once. */
@InputType('RecordVolunteerActivityInput', { description: '记录活动 / Record an activity' })
export class RecordVolunteerActivityInput {
  @ApiField(() => VolunteerActivityKind, {
    description: '活动类型 / Activity kind',
    openapi: { enum: VolunteerActivityKind, enumName: 'VolunteerActivityKind' },
  })
  @IsEnum(VolunteerActivityKind)
  kind: VolunteerActivityKind;
  @ApiField({ description: '日期 YYYY-MM-DD / Date', example: '2023-11-20', openapi: { format: 'date' } })
  @IsDateString({ strict: true })
  @IsDateOnly({ message: 'must be a date YYYY-MM-DD' })
  heldOn: string;
  @ApiField({ description: '地点 / Place', maxLength: 200, example: '九嶷大道', openapi: { maxLength: 200 } })
  @IsNotEmpty()
  place: string;
  @ApiField({
    description: '内容 / Description',
    optional: true,
    maxLength: 2000,
    example: '文明劝导、交通安全宣传 / civility and road-safety outreach',
    openapi: { maxLength: 2000 },
  })
  description?: string;
  @ApiField(() => [VolunteerParticipantInput], {
    description: '参与者及时长 / Participants and hours',
    openapi: { type: VolunteerParticipantInput, isArray: true },
  })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => VolunteerParticipantInput)
  participants: VolunteerParticipantInput[];
}

/** An activity. */
@ObjectType('VolunteerActivity', { description: '服务活动 / Activity' })
export class VolunteerActivityDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '队伍 / Team', openapi: { format: 'uuid' } })
  teamId: string;
  @ApiField(() => VolunteerActivityKind, {
    description: '活动类型 / Activity kind',
    openapi: { enum: VolunteerActivityKind, enumName: 'VolunteerActivityKind' },
  })
  kind: VolunteerActivityKind;
  @ApiField({ description: '举行日期（北京时间）/ Day held, China Standard Time', openapi: { format: 'date' } })
  heldOn: string;
  @ApiField({ description: '地点 / Place' })
  place: string;
  @ApiField(() => String, { description: '内容 / What was done', nullable: true })
  description: string | null;

  static from(a: VolunteerActivity): VolunteerActivityDto {
    return { id: a.id, teamId: a.teamId, kind: a.kind, heldOn: a.heldOn, place: a.place, description: a.description };
  }
}

/** One participant's hours at an activity. */
@ObjectType('VolunteerHours', { description: '服务时长 / Hours' })
export class VolunteerHoursDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '活动 / Activity', openapi: { format: 'uuid' } })
  activityId: string;
  @ApiField(() => ID, { description: '劳动者 / Worker id', openapi: { format: 'uuid' } })
  workerId: string;
  @ApiField(() => Float, { description: '时长（小时）/ Hours' })
  hours: number;
  @ApiField(() => VolunteerHoursStatus, { description: '审核状态 / Review status', openapi: { enum: VolunteerHoursStatus, enumName: 'VolunteerHoursStatus' } })
  status: VolunteerHoursStatus;
  @ApiField(() => VolunteerHoursSource, {
    description: '来源（签到或补录）/ Source: check-in or recorded by staff',
    openapi: { enum: VolunteerHoursSource, enumName: 'VolunteerHoursSource' },
  })
  source: VolunteerHoursSource;

  static from(h: VolunteerHours): VolunteerHoursDto {
    return { id: h.id, activityId: h.activityId, workerId: h.workerId, hours: h.hours, status: h.status, source: h.source };
  }
}

/** `decideVolunteerHours(id, approve)` / `POST /volunteer-hours/{id}/decision`. */
export class HoursDecisionInput {
  @ApiProperty({ description: '是否计入 / Approve (true) or reject (false)' }) @IsBoolean() approve: boolean;
}

/** `volunteerHoursSummary(from, to, teamId)`. */
@ArgsType()
export class HoursSummaryArgs {
  @ApiField({ description: '起始日期（含）/ From date, inclusive', openapi: { format: 'date' } })
  @IsDateOnly({ message: 'must be a date YYYY-MM-DD' })
  from: string;
  @ApiField({ description: '截止日期（含）/ To date, inclusive', openapi: { format: 'date' } })
  @IsDateOnly({ message: 'must be a date YYYY-MM-DD' })
  to: string;
  @ApiField(() => ID, { description: '只看一个队 / One team only', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  teamId?: string;
}

@ObjectType('TeamHours')
export class TeamHoursDto {
  @ApiField(() => ID, { description: '队伍 / Team', openapi: { format: 'uuid' } })
  teamId: string;
  @ApiField({ description: '队伍名称 / Team name' })
  teamName: string;
  @ApiField(() => Float, { description: '已确认时长（小时）/ Confirmed hours' })
  hours: number;
}

@ObjectType('WorkerHours')
export class WorkerHoursDto {
  @ApiField(() => WorkerProfileDto, { openapi: { type: WorkerProfileDto } })
  worker: WorkerProfileDto;
  @ApiField(() => Float)
  hours: number;
}

/** Approved hours over a period, per team and per worker. */
@ObjectType('VolunteerHoursSummary', { description: '服务时长统计（仅已计入）/ Approved hours over a period' })
export class HoursSummaryDto {
  @ApiField(() => Float, { description: '合计 / Total' })
  totalHours: number;
  @ApiField(() => [TeamHoursDto], { openapi: { type: TeamHoursDto, isArray: true } })
  byTeam: TeamHoursDto[];
  @ApiField(() => [WorkerHoursDto], { openapi: { type: WorkerHoursDto, isArray: true } })
  byWorker: WorkerHoursDto[];
}

/** A worker's own hours over a period. */
@ObjectType('MyVolunteerHours')
export class MyHoursDto {
  @Field(() => Float, { description: '已计入 / Approved' }) approvedHours: number;
  @Field(() => Float, { description: '待审核 / Pending' }) pendingHours: number;
}

/** `makeCommitment(input)`: 亮身份、亮承诺. */
@InputType('MakeCommitmentInput', { description: '亮承诺 / Make a public commitment' })
export class MakeCommitmentInput {
  @Field({ description: '承诺内容 / Commitment' }) @IsString() @IsNotEmpty() @MaxLength(500) text: string;
  @Field({ description: '亮身份：公开显示党员身份（姓名脱敏）/ Show my party-member identity (masked name)' }) @IsBoolean() showIdentity: boolean;
  @Field({ nullable: true, description: '乡镇代码（缺省为本人所在乡镇）/ Township code (default: mine)' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'must be a township code of 9 digits' })
  townshipCode?: string;
}

/** A public commitment; the name shows (masked) only when the member chose to show their identity. */
@ObjectType('PublicCommitment', { description: '公开承诺 / Public commitment' })
export class PublicCommitmentDto {
  @Field(() => ID) id: string;
  @Field() text: string;
  @Field() showIdentity: boolean;
  @Field(() => String, { nullable: true, description: '姓名（脱敏，仅亮身份时）/ Masked name, only when shown' }) name: string | null;
  @Field() createdAt: Date;

  static from(c: PublicCommitment & { worker?: { nameMasked: string | null } }): PublicCommitmentDto {
    return { id: c.id, text: c.text, showIdentity: c.showIdentity, name: c.showIdentity ? (c.worker?.nameMasked ?? null) : null, createdAt: c.createdAt };
  }
}

@ObjectType('PublicCommitmentConnection')
export class PublicCommitmentConnection extends Connection(PublicCommitmentDto, 'PublicCommitment') {}

@ArgsType()
export class CommitmentsArgs extends ConnectionArgs {
  @Field({ description: '乡镇或县代码 / Township or county code' })
  @Matches(/^\d{6}(\d{3})?$/, { message: 'must be a county or township code' })
  regionCode: string;
}

/** `createResponsibilityZone(input)`: 党员责任区. */
@InputType('CreateResponsibilityZoneInput', { description: '划定党员责任区 / Assign a responsibility zone' })
export class CreateResponsibilityZoneInput {
  @ApiField(() => ID, {
    description: '党员（劳动者；台账经劳动者关联）/ Party member (worker; the ledger entry is reached through the worker)',
    openapi: { format: 'uuid' },
  })
  @IsUUID()
  workerId: string;
  @ApiField(() => ID, { description: '网格 / Grid', openapi: { format: 'uuid' } })
  @IsUUID()
  gridId: string;
  @ApiField({ maxLength: 500, openapi: { maxLength: 500 } })
  @IsNotEmpty()
  description: string;
}

@ObjectType('ResponsibilityZone', { description: '党员责任区 / Party-member responsibility zone' })
export class ResponsibilityZoneDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '网格 / Grid', openapi: { format: 'uuid' } })
  gridId: string;
  @ApiField(() => ID, { description: '劳动者 / Worker id', openapi: { format: 'uuid' } })
  workerId: string;
  @ApiField()
  description: string;

  static from(z: ResponsibilityZone): ResponsibilityZoneDto {
    return { id: z.id, gridId: z.gridId, workerId: z.workerId, description: z.description };
  }
}

export class TeamListQuery extends CursorQuery {}
@ArgsType()
export class TeamsArgs extends ConnectionArgs {}
