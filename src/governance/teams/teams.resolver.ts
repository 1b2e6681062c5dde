import { ParseUUIDPipe } from '@nestjs/common';
import { Args, Float, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, Public, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { groupByKeys, Loaders, type RequestLoaders } from '../../common/graphql/request-loaders.js';
import { WorkerProfileDto } from '../../workers/dto/worker-profile.dto.js';
import { WorkerProfiles } from '../worker-profiles.js';
import {
  AddTeamMemberInput,
  CommitmentsArgs,
  CreateResponsibilityZoneInput,
  CreateVolunteerTeamInput,
  HoursSummaryArgs,
  HoursSummaryDto,
  MakeCommitmentInput,
  MyHoursDto,
  PublicCommitmentConnection,
  PublicCommitmentDto,
  RecordVolunteerActivityInput,
  ResponsibilityZoneDto,
  TeamsArgs,
  VolunteerActivityDto,
  VolunteerHoursDto,
  VolunteerTeamConnection,
  VolunteerTeamDto,
  VolunteerTeamMemberDto,
} from './dto/team.dto.js';
import { TeamsService, type HoursSummary } from './teams.service.js';
import type { VolunteerTeamMember } from './volunteer-team-member.entity.js';

/** 志愿服务队 Teams, activities, hours, commitments and responsibility zones over GraphQL. */
@Resolver(() => VolunteerTeamDto)
export class TeamsResolver {
  constructor(
    private readonly teams: TeamsService,
    private readonly workers: WorkerProfiles,
  ) {}

  @Query(() => VolunteerTeamConnection, { description: '服务队 / Teams in my region' })
  @RequirePermission(Permission.TEAM_READ)
  async volunteerTeams(@CurrentActor() actor: Actor, @Args() args: TeamsArgs): Promise<VolunteerTeamConnection> {
    const page = await this.teams.connection(actor, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: VolunteerTeamDto.from(e.node) })) };
  }

  @Mutation(() => VolunteerTeamDto, { description: '组建服务队 / Form a team' })
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerTeam' })
  async createVolunteerTeam(@CurrentActor() actor: Actor, @Args('input') input: CreateVolunteerTeamInput): Promise<VolunteerTeamDto> {
    return VolunteerTeamDto.from(await this.teams.create(actor, input));
  }

  @Mutation(() => Boolean, { description: '加入队员 / Add a member' })
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerTeam' })
  async addVolunteerTeamMember(
    @CurrentActor() actor: Actor,
    @Args('teamId', { type: () => ID }, ParseUUIDPipe) teamId: string,
    @Args('input') input: AddTeamMemberInput,
  ): Promise<boolean> {
    await this.teams.addMember(actor, teamId, input.workerId, input.joinedOn);
    return true;
  }

  @Mutation(() => Boolean, { description: '队员退出 / A member leaves' })
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerTeam' })
  async removeVolunteerTeamMember(
    @CurrentActor() actor: Actor,
    @Args('teamId', { type: () => ID }, ParseUUIDPipe) teamId: string,
    @Args('workerId', { type: () => ID }, ParseUUIDPipe) workerId: string,
  ): Promise<boolean> {
    await this.teams.removeMember(actor, teamId, workerId);
    return true;
  }

  @Mutation(() => VolunteerActivityDto, { description: '工作人员记录活动（时长即计入）/ Staff record an activity (hours count at once)' })
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerActivity' })
  async recordVolunteerActivity(
    @CurrentActor() actor: Actor,
    @Args('teamId', { type: () => ID }, ParseUUIDPipe) teamId: string,
    @Args('input') input: RecordVolunteerActivityInput,
  ): Promise<VolunteerActivityDto> {
    return VolunteerActivityDto.from((await this.teams.recordActivity(actor, teamId, input)).activity);
  }

  @Mutation(() => VolunteerActivityDto, { description: '队长记录本队活动（时长即计入）/ The team leader records an activity (hours count at once)' })
  @RequirePermission(Permission.VOLUNTEER_SELF)
  @Audit({ entity: 'VolunteerActivity' })
  async recordMyTeamActivity(
    @CurrentActor() actor: Actor,
    @Args('teamId', { type: () => ID }, ParseUUIDPipe) teamId: string,
    @Args('input') input: RecordVolunteerActivityInput,
  ): Promise<VolunteerActivityDto> {
    return VolunteerActivityDto.from((await this.teams.recordActivity(actor, teamId, input)).activity);
  }

  @Mutation(() => VolunteerHoursDto, { description: '申报本人服务时长（待队长审核）/ Report my own hours (wait for the leader)' })
  @RequirePermission(Permission.VOLUNTEER_SELF)
  @Audit({ entity: 'VolunteerHours' })
  async reportMyVolunteerHours(
    @CurrentActor() actor: Actor,
    @Args('activityId', { type: () => ID }, ParseUUIDPipe) activityId: string,
    @Args('hours', { type: () => Float }) hours: number,
  ): Promise<VolunteerHoursDto> {
    return VolunteerHoursDto.from(await this.teams.reportOwnHours(actor, activityId, hours));
  }

  @Mutation(() => VolunteerHoursDto, { description: '队长审核队员申报的时长 / The leader approves or rejects reported hours' })
  @RequirePermission(Permission.VOLUNTEER_SELF)
  @Audit({ entity: 'VolunteerHours' })
  async decideMyTeamVolunteerHours(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('approve') approve: boolean,
  ): Promise<VolunteerHoursDto> {
    return VolunteerHoursDto.from(await this.teams.decideHours(actor, id, approve));
  }

  @Mutation(() => VolunteerHoursDto, { description: '工作人员审核申报的时长 / Staff approve or reject reported hours' })
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerHours' })
  async decideVolunteerHours(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('approve') approve: boolean,
  ): Promise<VolunteerHoursDto> {
    return VolunteerHoursDto.from(await this.teams.decideHours(actor, id, approve));
  }

  @Query(() => HoursSummaryDto, { description: '服务时长统计（按队、按人）/ Approved hours per team and per worker over a period' })
  @RequirePermission(Permission.TEAM_READ)
  async volunteerHoursSummary(@CurrentActor() actor: Actor, @Args() args: HoursSummaryArgs, @Loaders() loaders: RequestLoaders): Promise<HoursSummaryDto> {
    return this.summaryDto(await this.teams.hoursSummary(actor, args), loaders);
  }

  @Query(() => MyHoursDto, { description: '我的服务时长 / My hours over a period' })
  @RequirePermission(Permission.VOLUNTEER_SELF)
  myVolunteerHours(@CurrentActor() actor: Actor, @Args() args: HoursSummaryArgs): Promise<MyHoursDto> {
    return this.teams.myHours(actor, args.from, args.to);
  }

  @Mutation(() => PublicCommitmentDto, { description: '亮身份、亮承诺（替换我之前的承诺）/ Make my public commitment (replaces the previous one)' })
  @RequirePermission(Permission.VOLUNTEER_SELF)
  @Audit({ entity: 'PublicCommitment' })
  async makeCommitment(@CurrentActor() actor: Actor, @Args('input') input: MakeCommitmentInput): Promise<PublicCommitmentDto> {
    return PublicCommitmentDto.from(await this.teams.makeCommitment(actor, input));
  }

  @Query(() => PublicCommitmentConnection, { description: '公开承诺（仅亮身份者显示脱敏姓名）/ Public commitments; masked names only of those who show them' })
  @Public()
  async publicCommitments(@Args() args: CommitmentsArgs): Promise<PublicCommitmentConnection> {
    const page = await this.teams.commitmentConnection(args.regionCode, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: PublicCommitmentDto.from(e.node) })) };
  }

  @Mutation(() => ResponsibilityZoneDto, { description: '划定党员责任区 / Assign a party-member responsibility zone' })
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'ResponsibilityZone' })
  async createResponsibilityZone(@CurrentActor() actor: Actor, @Args('input') input: CreateResponsibilityZoneInput): Promise<ResponsibilityZoneDto> {
    return ResponsibilityZoneDto.from(await this.teams.createZone(actor, input));
  }

  @Query(() => [ResponsibilityZoneDto], { description: '网格内的党员责任区 / Responsibility zones in a grid' })
  @RequirePermission(Permission.TEAM_READ)
  async responsibilityZones(@CurrentActor() actor: Actor, @Args('gridId', { type: () => ID }, ParseUUIDPipe) gridId: string): Promise<ResponsibilityZoneDto[]> {
    return (await this.teams.zonesOf(actor, gridId)).map(ResponsibilityZoneDto.from);
  }

  @ResolveField(() => [VolunteerTeamMemberDto], { description: '现任队员 / Current members' })
  async members(@Parent() team: VolunteerTeamDto, @Loaders() loaders: RequestLoaders): Promise<VolunteerTeamMemberDto[]> {
    const members = await loaders
      .get<string, VolunteerTeamMember[]>('team.members', async (ids) => groupByKeys(ids, await this.teams.currentMembers(ids), (m) => m.teamId))
      .load(team.id);
    return Promise.all(members.map(async (m) => ({ role: m.role, joinedOn: m.joinedOn, worker: (await this.workers.load(loaders, m.workerId))! })));
  }

  @ResolveField(() => WorkerProfileDto, { nullable: true, description: '队长（脱敏）/ Leader, masked' })
  leader(@Parent() team: VolunteerTeamDto, @Loaders() loaders: RequestLoaders): Promise<WorkerProfileDto | null> {
    return this.workers.load(loaders, team.leaderWorkerId);
  }

  private async summaryDto(summary: HoursSummary, loaders: RequestLoaders): Promise<HoursSummaryDto> {
    const byWorker = await Promise.all(summary.byWorker.map(async (w) => ({ worker: (await this.workers.load(loaders, w.workerId))!, hours: w.hours })));
    return { totalHours: summary.totalHours, byTeam: summary.byTeam, byWorker };
  }
}
