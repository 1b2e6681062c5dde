import { ArgsType, Float, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, Matches } from 'class-validator';
import { WelfareEventKind } from '../../../care/events/event.enums.js';
import { FormationMode } from '../../../organizing/party-organizations/party-organization.enums.js';
import type { Overview } from '../overview.service.js';
import { ApiField } from '../../../common/fields/api-field.js';

export const REGION_CODE = /^\d{6}(\d{3})?(\d{3})?$/;

/** `overview(regionCode, from, to)` arguments; also the REST query. */
@ArgsType()
export class OverviewArgs {
  @ApiField({ description: '区划代码（须在本人辖区内）/ Region code, within your scope', example: '431126' })
  @Matches(REGION_CODE, { message: 'must be a region code' })
  regionCode: string;

  @ApiField({
    description:
      '起（含）；缺省为有记录以来。流量指标（活动、服务人次、动员、办结）计入 [from, to) / From, inclusive; default: since records began. Flow figures count within [from, to)',
    optional: true,
    openapi: { type: String, format: 'date-time' },
  })
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiField({
    description:
      '止（不含）；缺省为当前。存量指标（党员、党组织、指导员、驿站、达标驿站、服务队、企业）取截至 to 的数 / To, exclusive; default: now. Stock figures are as of `to`',
    optional: true,
    openapi: { type: String, format: 'date-time' },
  })
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

@ObjectType('FormationModeCount', { description: '按组建方式计数 / Count by formation mode' })
export class FormationModeCountDto {
  @ApiField(() => FormationMode, { description: '组建方式 / Formation mode', openapi: { enum: FormationMode, enumName: 'FormationMode' } })
  mode: FormationMode;
  @ApiField(() => Int, { description: '数量 / Count' })
  count: number;
}

@ObjectType('PartyOrganizationFigures', { description: '党组织（存量：截至期末已建立、未撤销）/ Party organisations, as of `to` (established, not dissolved)' })
export class PartyOrganizationFiguresDto {
  @ApiField(() => Int, { description: '合计 / Total' })
  total: number;
  @ApiField(() => [FormationModeCountDto], {
    description: '按组建方式（单独组建、行业共建、派驻帮建，均列出）/ By formation mode, every mode listed',
    openapi: { type: [FormationModeCountDto] },
  })
  byFormationMode: FormationModeCountDto[];
}

@ObjectType('EnterpriseCoverageFigures', { description: '企业党建覆盖（存量）/ Enterprises by party coverage, as of `to`' })
export class EnterpriseCoverageFiguresDto {
  @ApiField(() => Int, { description: '企业数 / Enterprises' })
  total: number;
  @ApiField(() => Int, { description: '已覆盖（有党组织或有党建指导员）/ Covered: a party organisation or an instructor' })
  covered: number;
  @ApiField(() => Int, { description: '组织覆盖（建有或纳入党组织）/ Covered by a party organisation' })
  withOrganization: number;
  @ApiField(() => Int, { description: '工作覆盖（无党组织、有党建指导员）/ No organisation, but an instructor' })
  withInstructorOnly: number;
  @ApiField(() => Int, { description: '未覆盖 / Uncovered' })
  uncovered: number;
}

@ObjectType('EventKindFigures', { description: '按活动类型（期内已结束的活动）/ Completed events in the period by kind' })
export class EventKindFiguresDto {
  @ApiField(() => WelfareEventKind, { description: '活动类型 / Event kind', openapi: { enum: WelfareEventKind, enumName: 'WelfareEventKind' } })
  kind: WelfareEventKind;
  @ApiField(() => Int, { description: '场次 / Events held' })
  held: number;
  @ApiField(() => Int, { description: '服务人次（签到 + 现场发放数）/ Workers served (check-ins + served count)' })
  workersServed: number;
}

@ObjectType('OverviewMonth', {
  description: '月度数据：每项为该月的同名指标（流量计当月，存量取月末）/ One month: each figure over that month (flows within it, stocks at its end)',
})
export class OverviewMonthDto {
  @ApiField({ description: '月份 YYYY-MM（北京时间）/ Month, China Standard Time', example: '2023-11' })
  month: string;
  @ApiField(() => Int, { description: '识别党员 / Party members identified' })
  partyMembersIdentified: number;
  @ApiField(() => Int, { description: '党组织合计 / Party organisations, total' })
  partyOrganizations: number;
  @ApiField(() => Int, { description: '党建指导员 / Party-building instructors' })
  instructors: number;
  @ApiField(() => Int, { description: '驿站 / Stations' })
  stations: number;
  @ApiField(() => Int, { description: '达标驿站 / Certified stations' })
  certifiedStations: number;
  @ApiField(() => Int, { description: '暖新活动场次 / Welfare events held' })
  eventsHeld: number;
  @ApiField(() => Int, { description: '服务人次 / Workers served' })
  workersServed: number;
  @ApiField(() => Int, { description: '动员参与人数 / Workers mobilised' })
  workersMobilized: number;
  @ApiField(() => Int, { description: '志愿服务队 / Volunteer teams' })
  volunteerTeams: number;
  @ApiField(() => Int, { description: '网格报到人数 / Grid enrollees' })
  gridEnrollees: number;
  @ApiField(() => Int, { description: '办结问题 / Problems resolved' })
  issuesResolved: number;
}

/** The overview (docs/ARCHITECTURE.md §8 contract names). */
@ObjectType('Overview', { description: '总览：一个区划在一个期间的主要数据 / The overview of a region over a period' })
export class OverviewDto {
  @ApiField({ description: '区划代码 / Region code' })
  regionCode: string;
  @ApiField({ description: '区划名称 / Region name' })
  regionName: string;
  @ApiField(() => Date, {
    nullable: true,
    description: '起（含），未给出时为空（有记录以来）/ From, inclusive; null = since records began',
    openapi: { type: String, format: 'date-time' },
  })
  from: Date | null;
  @ApiField({ description: '止（不含）/ To, exclusive' })
  to: Date;
  @ApiField({ description: '存量指标的截至日（北京时间，期末或今天）/ Day stock figures are read on (China Standard Time)', openapi: { format: 'date' } })
  asOfDay: string;

  @ApiField(() => Int, { description: '排摸党员数（存量）：五个清台账中未被否定的条目 / Party members identified: ledger entries not rejected, as of `to`' })
  partyMembersIdentified: number;
  @ApiField(() => PartyOrganizationFiguresDto, {
    description: '党组织（存量）/ Party organisations, as of `to`',
    openapi: { type: PartyOrganizationFiguresDto },
  })
  partyOrganizations: PartyOrganizationFiguresDto;
  @ApiField(() => Int, {
    description: '在岗党建指导员（存量，按所指导企业所在地，去重）/ Instructors with an active assignment to an enterprise of the region, as of `to`',
  })
  instructors: number;
  @ApiField(() => Int, { description: '驿站（存量：运营或暂停，未关闭）/ Stations open or suspended, as of `to`' })
  stations: number;
  @ApiField(() => Int, { description: '六有达标驿站（存量：截至日认证有效）/ Stations certified on the as-of day' })
  certifiedStations: number;
  @ApiField(() => Int, { description: '开展活动场次（流量：期内开始且已结束）/ Welfare events completed, starting within [from, to)' })
  eventsHeld: number;
  @ApiField(() => Int, { description: '服务人次（流量：上述活动的签到数 + 发放数）/ Workers served by those events (check-ins + served count)' })
  workersServed: number;
  @ApiField(() => Int, { description: '组织动员人数（流量：期内在队、参加活动或网格报到，去重）/ Workers mobilised within [from, to), distinct' })
  workersMobilized: number;
  @ApiField(() => Int, { description: '志愿服务队（存量：期末前组建）/ Volunteer teams formed before `to`' })
  volunteerTeams: number;
  @ApiField(() => Int, { description: '流动网格报到人数（期内有效报到，去重）/ Workers with a confirmed grid enrolment overlapping the period' })
  gridEnrollees: number;
  @ApiField(() => Int, { description: '解决问题数（流量：期内办结或关闭）/ Governance problems resolved within [from, to)' })
  issuesResolved: number;
  @ApiField(() => Float, {
    nullable: true,
    description: '按期办结率（0–1；期内办结且有期限者中按期的比例）/ On-time rate of problems resolved in the period (0–1)',
    openapi: { type: Number },
  })
  issuesOnTimeRate: number | null;
  @ApiField(() => EnterpriseCoverageFiguresDto, {
    description: '企业党建覆盖 / Enterprises covered and uncovered',
    openapi: { type: EnterpriseCoverageFiguresDto },
  })
  enterprises: EnterpriseCoverageFiguresDto;
  @ApiField(() => [EventKindFiguresDto], { description: '按活动类型 / Events by kind', openapi: { type: [EventKindFiguresDto] } })
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
