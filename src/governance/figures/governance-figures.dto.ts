import { ArgsType, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { IsDate, Matches } from 'class-validator';

/** Counts of one group. */
@ObjectType('IssueCounts', { description: '分组计数 / Counts of one group' })
export class IssueCountsDto {
  @Field({ description: '类别代码、乡镇代码或月份 / Category code, township code or month' }) key: string;
  @Field({ description: '名称 / Name' }) name: string;
  @Field(() => Int, { description: '上报 / Reported' }) reported: number;
  @Field(() => Int, { description: '办结 / Resolved' }) resolved: number;
}

/** 新星闪耀 figures of a region over a period. */
@ObjectType('GovernanceFigures', { description: '新星闪耀统计 / Governance figures' })
export class GovernanceFiguresDto {
  @Field(() => Int, { description: '上报问题数 / Problems reported' }) reported: number;
  @Field(() => Int, { description: '办结问题数 / Problems resolved' }) resolved: number;
  @Field(() => Float, { nullable: true, description: '按期办结率（0–1）/ On-time rate' }) onTimeRate: number | null;
  @Field(() => Float, { nullable: true, description: '办结用时中位数（小时）/ Median hours to resolve' }) medianHoursToResolve: number | null;
  @Field(() => [IssueCountsDto], { description: '按类别 / By category' }) byCategory: IssueCountsDto[];
  @Field(() => [IssueCountsDto], { description: '按乡镇 / By township' }) byTownship: IssueCountsDto[];
  @Field(() => [IssueCountsDto], { description: '按月 / By month' }) byPeriod: IssueCountsDto[];
  @Field(() => Int, { description: '服务队数 / Volunteer teams' }) volunteerTeams: number;
  @Field(() => Int, { description: '动员劳动者数（队员、参加活动者、网格报到者，去重）/ Workers mobilised (members, volunteers, grid enrollees; distinct)' })
  workersMobilized: number;
  @Field(() => Int, { description: '流动网格报到人数 / Grid enrollees' }) gridEnrollees: number;
  @Field(() => Int, { description: '解决问题数 / Issues resolved' }) issuesResolved: number;
}

@ArgsType()
export class GovernanceFiguresArgs {
  @Field({ description: '区划代码 / Region code' }) @Matches(/^\d{6}(\d{3})?(\d{3})?$/, { message: 'must be a region code' }) regionCode: string;
  @Field({ description: '起（含）/ From, inclusive' }) @IsDate() from: Date;
  @Field({ description: '止（不含）/ To, exclusive' }) @IsDate() to: Date;
}
