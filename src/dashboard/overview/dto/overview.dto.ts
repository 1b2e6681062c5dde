import { ArgsType, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, Matches } from 'class-validator';
import { WelfareEventKind } from '../../../care/events/event.enums.js';
import { FormationMode } from '../../../organizing/party-organizations/party-organization.enums.js';
import type { Overview } from '../overview.service.js';

export const REGION_CODE = /^\d{6}(\d{3})?(\d{3})?$/;

/** `overview(regionCode, from, to)` arguments; also the REST query. */
@ArgsType()
export class OverviewArgs {
  @Field({ description: '区划代码（须在本人辖区内）/ Region code, within your scope' })
  @ApiProperty({ example: '431126' })
  @Matches(REGION_CODE, { message: 'must be a region code' })
  regionCode: string;

  @Field({
    nullable: true,
    description:
      '起（含）；缺省为有记录以来。流量指标（活动、服务人次、动员、办结）计入 [from, to) / From, inclusive; default: since records began. Flow figures count within [from, to)',
  })
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field({
    nullable: true,
    description:
      '止（不含）；缺省为当前。存量指标（党员、党组织、指导员、驿站、达标驿站、服务队、企业）取截至 to 的数 / To, exclusive; default: now. Stock figures are as of `to`',
  })
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

@ObjectType('FormationModeCount', { description: '按组建方式计数 / Count by formation mode' })
export class FormationModeCountDto {
  @Field(() => FormationMode) @ApiProperty({ enum: FormationMode, enumName: 'FormationMode' }) mode: FormationMode;
  @Field(() => Int) @ApiProperty() count: number;
}

@ObjectType('PartyOrganizationFigures', { description: '党组织（存量：截至期末已建立、未撤销）/ Party organisations, as of `to` (established, not dissolved)' })
export class PartyOrganizationFiguresDto {
  @Field(() => Int, { description: '合计 / Total' }) @ApiProperty() total: number;
  @Field(() => [FormationModeCountDto], { description: '按组建方式（单独组建、行业共建、派驻帮建，均列出）/ By formation mode, every mode listed' })
  @ApiProperty({ type: [FormationModeCountDto] })
  byFormationMode: FormationModeCountDto[];
}

@ObjectType('EnterpriseCoverageFigures', { description: '企业党建覆盖（存量）/ Enterprises by party coverage, as of `to`' })
export class EnterpriseCoverageFiguresDto {
  @Field(() => Int, { description: '企业数 / Enterprises' }) @ApiProperty() total: number;
  @Field(() => Int, { description: '已覆盖（有党组织或有党建指导员）/ Covered: a party organisation or an instructor' }) @ApiProperty() covered: number;
  @Field(() => Int, { description: '组织覆盖（建有或纳入党组织）/ Covered by a party organisation' }) @ApiProperty() withOrganization: number;
  @Field(() => Int, { description: '工作覆盖（无党组织、有党建指导员）/ No organisation, but an instructor' }) @ApiProperty() withInstructorOnly: number;
  @Field(() => Int, { description: '未覆盖 / Uncovered' }) @ApiProperty() uncovered: number;
}

@ObjectType('EventKindFigures', { description: '按活动类型（期内已结束的活动）/ Completed events in the period by kind' })
export class EventKindFiguresDto {
  @Field(() => WelfareEventKind) @ApiProperty({ enum: WelfareEventKind, enumName: 'WelfareEventKind' }) kind: WelfareEventKind;
  @Field(() => Int, { description: '场次 / Events held' }) @ApiProperty() held: number;
  @Field(() => Int, { description: '服务人次（签到 + 现场发放数）/ Workers served (check-ins + served count)' }) @ApiProperty() workersServed: number;
}

@ObjectType('OverviewMonth', {
  description: '月度数据：每项为该月的同名指标（流量计当月，存量取月末）/ One month: each figure over that month (flows within it, stocks at its end)',
})
export class OverviewMonthDto {
  @Field({ description: '月份 YYYY-MM（北京时间）/ Month, China Standard Time' }) @ApiProperty({ example: '2023-11' }) month: string;
  @Field(() => Int) @ApiProperty() partyMembersIdentified: number;
  @Field(() => Int, { description: '党组织合计 / Party organisations, total' }) @ApiProperty() partyOrganizations: number;
  @Field(() => Int) @ApiProperty() instructors: number;
  @Field(() => Int) @ApiProperty() stations: number;
  @Field(() => Int) @ApiProperty() certifiedStations: number;
  @Field(() => Int) @ApiProperty() eventsHeld: number;
  @Field(() => Int) @ApiProperty() workersServed: number;
  @Field(() => Int) @ApiProperty() workersMobilized: number;
  @Field(() => Int) @ApiProperty() volunteerTeams: number;
  @Field(() => Int) @ApiProperty() gridEnrollees: number;
  @Field(() => Int) @ApiProperty() issuesResolved: number;
}

/** The overview (docs/ARCHITECTURE.md §8 contract names). */
@ObjectType('Overview', { description: '总览：一个区划在一个期间的主要数据 / The overview of a region over a period' })
export class OverviewDto {
  @Field({ description: '区划代码 / Region code' }) @ApiProperty() regionCode: string;
  @Field({ description: '区划名称 / Region name' }) @ApiProperty() regionName: string;
  @Field(() => Date, { nullable: true, description: '起（含），未给出时为空（有记录以来）/ From, inclusive; null = since records began' })
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  from: Date | null;
  @Field({ description: '止（不含）/ To, exclusive' }) @ApiProperty() to: Date;
  @Field({ description: '存量指标的截至日（北京时间，期末或今天）/ Day stock figures are read on (China Standard Time)' })
  @ApiProperty({ format: 'date' })
  asOfDay: string;

  @Field(() => Int, { description: '排摸党员数（存量）：五个清台账中未被否定的条目 / Party members identified: ledger entries not rejected, as of `to`' })
  @ApiProperty()
  partyMembersIdentified: number;
  @Field(() => PartyOrganizationFiguresDto, { description: '党组织（存量）/ Party organisations, as of `to`' })
  @ApiProperty({ type: PartyOrganizationFiguresDto })
  partyOrganizations: PartyOrganizationFiguresDto;
  @Field(() => Int, {
    description: '在岗党建指导员（存量，按所指导企业所在地，去重）/ Instructors with an active assignment to an enterprise of the region, as of `to`',
  })
  @ApiProperty()
  instructors: number;
  @Field(() => Int, { description: '驿站（存量：运营或暂停，未关闭）/ Stations open or suspended, as of `to`' }) @ApiProperty() stations: number;
  @Field(() => Int, { description: '六有达标驿站（存量：截至日认证有效）/ Stations certified on the as-of day' }) @ApiProperty() certifiedStations: number;
  @Field(() => Int, { description: '开展活动场次（流量：期内开始且已结束）/ Welfare events completed, starting within [from, to)' })
  @ApiProperty()
  eventsHeld: number;
  @Field(() => Int, { description: '服务人次（流量：上述活动的签到数 + 发放数）/ Workers served by those events (check-ins + served count)' })
  @ApiProperty()
  workersServed: number;
  @Field(() => Int, { description: '组织动员人数（流量：期内在队、参加活动或网格报到，去重）/ Workers mobilised within [from, to), distinct' })
  @ApiProperty()
  workersMobilized: number;
  @Field(() => Int, { description: '志愿服务队（存量：期末前组建）/ Volunteer teams formed before `to`' }) @ApiProperty() volunteerTeams: number;
  @Field(() => Int, { description: '流动网格报到人数（期内有效报到，去重）/ Workers with a confirmed grid enrolment overlapping the period' })
  @ApiProperty()
  gridEnrollees: number;
  @Field(() => Int, { description: '解决问题数（流量：期内办结或关闭）/ Governance problems resolved within [from, to)' })
  @ApiProperty()
  issuesResolved: number;
  @Field(() => Float, {
    nullable: true,
    description: '按期办结率（0–1；期内办结且有期限者中按期的比例）/ On-time rate of problems resolved in the period (0–1)',
  })
  @ApiPropertyOptional({ type: Number, nullable: true })
  issuesOnTimeRate: number | null;
  @Field(() => EnterpriseCoverageFiguresDto, { description: '企业党建覆盖 / Enterprises covered and uncovered' })
  @ApiProperty({ type: EnterpriseCoverageFiguresDto })
  enterprises: EnterpriseCoverageFiguresDto;
  @Field(() => [EventKindFiguresDto], { description: '按活动类型 / Events by kind' })
  @ApiProperty({ type: [EventKindFiguresDto] })
  eventsByKind: EventKindFiguresDto[];

  /** For the monthly series resolver; not part of the schema. */
  seriesContext?: Overview['seriesContext'];

  static from(overview: Overview): OverviewDto {
    return Object.assign(new OverviewDto(), overview);
  }
}

/** REST: the overview with its monthly series. */
export class OverviewWithSeriesDto extends OverviewDto {
  @ApiProperty({ type: [OverviewMonthDto], description: '月度数据 / Monthly series' }) monthly: OverviewMonthDto[];
}
