import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { withReferences } from '../../common/references/references.js';
import {
  AddTeamMemberInput,
  CreateVolunteerTeamInput,
  HoursDecisionInput,
  HoursSummaryArgs,
  RecordVolunteerActivityInput,
  TeamHoursDto,
  TeamListQuery,
  VolunteerActivityDto,
  VolunteerHoursDto,
  VolunteerTeamDto,
  VolunteerTeamPage,
} from './dto/team.dto.js';
import { TeamsService } from './teams.service.js';

/** One worker's approved hours (REST names workers by id; GraphQL gives masked profiles). */
class WorkerHoursRestDto {
  @ApiProperty({ description: '劳动者 / Worker id', format: 'uuid' }) workerId: string;
  @ApiProperty({ description: '已确认时长（小时）/ Confirmed hours' }) hours: number;
}

/** Approved hours over a period, per team and per worker. */
class HoursSummaryRestDto {
  @ApiProperty({ description: '合计 / Total' }) totalHours: number;
  @ApiProperty({ description: '按队伍 / By team', type: TeamHoursDto, isArray: true }) byTeam: TeamHoursDto[];
  @ApiProperty({ description: '按劳动者 / By worker', type: WorkerHoursRestDto, isArray: true }) byWorker: WorkerHoursRestDto[];
}

/** 志愿服务队 Teams, members, activities and hours over REST (staff). */
@ApiTags('governance')
@ApiBearerAuth(BEARER_AUTH)
@Controller()
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get('volunteer-teams')
  @RequirePermission(Permission.TEAM_READ)
  @ApiOperation({ summary: '服务队 / Teams in my region' })
  @ApiOkResponse({ type: VolunteerTeamPage })
  async list(@CurrentActor() actor: Actor, @Query() query: TeamListQuery): Promise<VolunteerTeamPage> {
    const page = await this.teams.page(actor, query);
    return { ...page, items: await this.named(page.items.map(VolunteerTeamDto.from)) };
  }

  @Post('volunteer-teams')
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerTeam' })
  @ApiOperation({ summary: '组建服务队 / Form a team' })
  @ApiCreatedResponse({ type: VolunteerTeamDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateVolunteerTeamInput): Promise<VolunteerTeamDto> {
    return this.namedOne(VolunteerTeamDto.from(await this.teams.create(actor, body)));
  }

  @Post('volunteer-teams/:id/members')
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerTeam' })
  @ApiOperation({ summary: '加入队员 / Add a member' })
  async addMember(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: AddTeamMemberInput): Promise<{ ok: true }> {
    await this.teams.addMember(actor, id, body.workerId, body.joinedOn);
    return { ok: true };
  }

  @Delete('volunteer-teams/:id/members/:workerId')
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerTeam' })
  @ApiOperation({ summary: '队员退出 / A member leaves' })
  async removeMember(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('workerId', new ParseUUIDPipe()) workerId: string,
  ): Promise<{ ok: true }> {
    await this.teams.removeMember(actor, id, workerId);
    return { ok: true };
  }

  @Post('volunteer-teams/:id/activities')
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerActivity' })
  @ApiOperation({ summary: '记录活动（时长即计入）/ Record an activity (hours count at once)' })
  @ApiCreatedResponse({ type: VolunteerActivityDto })
  async record(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordVolunteerActivityInput,
  ): Promise<VolunteerActivityDto> {
    return VolunteerActivityDto.from((await this.teams.recordActivity(actor, id, body)).activity);
  }

  @Post('volunteer-hours/:id/decision')
  @RequirePermission(Permission.TEAM_MANAGE)
  @Audit({ entity: 'VolunteerHours' })
  @ApiOperation({ summary: '审核申报时长 / Approve or reject reported hours' })
  @ApiCreatedResponse({ type: VolunteerHoursDto })
  async decide(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: HoursDecisionInput): Promise<VolunteerHoursDto> {
    return VolunteerHoursDto.from(await this.teams.decideHours(actor, id, body.approve));
  }

  @Get('volunteer-hours/summary')
  @RequirePermission(Permission.TEAM_READ)
  @ApiOperation({ summary: '服务时长统计 / Approved hours per team and per worker over a period' })
  @ApiOkResponse({ type: HoursSummaryRestDto })
  summary(@CurrentActor() actor: Actor, @Query() query: HoursSummaryArgs): Promise<HoursSummaryRestDto> {
    return this.teams.hoursSummary(actor, query);
  }

  /** Teams with their township named: one statement for them all. */
  private named(teams: VolunteerTeamDto[]): Promise<VolunteerTeamDto[]> {
    return withReferences(teams, (ids) => this.teams.references(ids));
  }

  private async namedOne(volunteerTeam: VolunteerTeamDto): Promise<VolunteerTeamDto> {
    return (await this.named([volunteerTeam]))[0];
  }
}
