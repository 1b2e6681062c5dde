import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { withReferences } from '../../common/references/references.js';
import {
  CreateIssueCategoryInput,
  GovernanceIssueDto,
  GovernanceIssueListQuery,
  GovernanceIssuePage,
  IssueCategoryDto,
  IssueEventDto,
  IssueTransitionInput,
  IssueView,
  ReopenIssueInput,
  ReportIssueInput,
  ReportIssueResultDto,
  UpdateIssueCategoryInput,
} from './dto/issue.dto.js';
import { IssueCategoriesService } from './issue-categories.service.js';
import { IssuesService } from './issues.service.js';

/** 治理问题 Problem reporting (workers), handling and categories over REST (staff). */
@ApiTags('governance')
@ApiBearerAuth(BEARER_AUTH)
@Controller('governance')
export class IssuesController {
  constructor(
    private readonly issues: IssuesService,
    private readonly categories: IssueCategoriesService,
  ) {}

  @Get('issues')
  @RequirePermission(Permission.ISSUE_READ)
  @ApiOperation({ summary: '辖区内问题 / Problems in my scope (filters: status, category, gridId, overdue)' })
  @ApiOkResponse({ type: GovernanceIssuePage })
  async list(@CurrentActor() actor: Actor, @Query() query: GovernanceIssueListQuery): Promise<GovernanceIssuePage> {
    const page = await this.issues.page(actor, query, query);
    return { ...page, items: await this.named(page.items.map((i) => GovernanceIssueDto.from(i, IssueView.STAFF))) };
  }

  @Post('issues')
  @RequirePermission(Permission.ISSUE_REPORT)
  @Audit({ entity: 'GovernanceIssue' })
  @ApiOperation({
    summary:
      '上报问题（同 reportIssue；clientRequestId 重发返回同一问题）/ Report a problem, as reportIssue; resending a clientRequestId returns the same problem',
  })
  @ApiCreatedResponse({ type: ReportIssueResultDto })
  async report(@CurrentActor() actor: Actor, @Body() body: ReportIssueInput): Promise<ReportIssueResultDto> {
    const { issue, likelyDuplicates } = await this.issues.report(actor, body);
    const saved = issue ? [GovernanceIssueDto.from(issue, IssueView.REPORTER, true)] : [];
    const named = await this.named([...saved, ...likelyDuplicates.map((d) => GovernanceIssueDto.from(d, IssueView.PUBLIC))]);
    return { issue: issue ? named[0] : null, likelyDuplicates: named.slice(saved.length) };
  }

  @Get('issues/:id')
  @RequirePermission(Permission.ISSUE_READ)
  @ApiOperation({ summary: '问题详情 / One problem (never the reporter)' })
  @ApiOkResponse({ type: GovernanceIssueDto })
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<GovernanceIssueDto> {
    const { issue, view } = await this.issues.view(actor, id);
    return this.namedOne(GovernanceIssueDto.from(issue, view));
  }

  @Get('issues/:id/timeline')
  @RequirePermission(Permission.ISSUE_READ)
  @ApiOperation({ summary: '处置记录 / Timeline, oldest first' })
  @ApiOkResponse({ type: IssueEventDto, isArray: true })
  async timeline(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<IssueEventDto[]> {
    const { events, view } = await this.issues.timeline(actor, id);
    return events.map((e) => IssueEventDto.from(e, view));
  }

  @Post('issues/:id/transitions')
  @RequirePermission(Permission.ISSUE_HANDLE)
  @Audit({ entity: 'GovernanceIssue' })
  @ApiOperation({ summary: '处置问题（受理、派单、办理、回退、办结、延期…）/ Take a workflow step; an illegal one is 409 with `allowed`' })
  @ApiCreatedResponse({ type: GovernanceIssueDto })
  @ApiBody({
    type: IssueTransitionInput,
    examples: {
      accept: { summary: '受理一件新上报的问题 / Accept a newly reported problem', value: { action: 'ACCEPT', note: '已受理，转交乡镇处理' } },
    },
  })
  async transition(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: IssueTransitionInput,
  ): Promise<GovernanceIssueDto> {
    return this.namedOne(GovernanceIssueDto.from(await this.issues.transition(actor, id, body), IssueView.STAFF));
  }

  @Post('issues/:id/reopen')
  @RequirePermission(Permission.ISSUE_REPORT)
  @Audit({ entity: 'GovernanceIssue' })
  @ApiOperation({ summary: '不满意重办（上报人评 1–2 分后 7 天内）/ Reopen a problem you rated 1 or 2, within 7 days, with a reason' })
  @ApiCreatedResponse({ type: GovernanceIssueDto })
  async reopen(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReopenIssueInput): Promise<GovernanceIssueDto> {
    return this.namedOne(GovernanceIssueDto.from(await this.issues.reopen(actor, id, body), IssueView.REPORTER, true));
  }

  @Post('issues/:id/followers')
  @RequirePermission(Permission.ISSUE_REPORT)
  @Audit({ entity: 'GovernanceIssue' })
  @ApiOperation({ summary: '我也遇到：关注未办结问题 / Follow an open problem ("me too")' })
  @ApiCreatedResponse({ type: GovernanceIssueDto })
  async follow(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<GovernanceIssueDto> {
    return this.namedOne(GovernanceIssueDto.from(await this.issues.follow(actor, id), IssueView.PUBLIC));
  }

  @Delete('issues/:id/followers')
  @RequirePermission(Permission.ISSUE_REPORT)
  @Audit({ entity: 'GovernanceIssue' })
  @ApiOperation({ summary: '取消关注 / Stop following a problem' })
  @ApiOkResponse({ type: GovernanceIssueDto })
  async unfollow(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<GovernanceIssueDto> {
    return this.namedOne(GovernanceIssueDto.from(await this.issues.unfollow(actor, id), IssueView.PUBLIC));
  }

  @Get('issue-categories')
  @RequirePermission(Permission.ISSUE_READ)
  @ApiOperation({ summary: '问题类别 / Problem categories' })
  @ApiOkResponse({ type: IssueCategoryDto, isArray: true })
  async listCategories(): Promise<IssueCategoryDto[]> {
    return (await this.categories.list()).map(IssueCategoryDto.from);
  }

  @Post('issue-categories')
  @RequirePermission(Permission.ISSUE_CATEGORY_MANAGE)
  @Audit({ entity: 'IssueCategory' })
  @ApiOperation({ summary: '新增问题类别 / Add a category' })
  @ApiCreatedResponse({ type: IssueCategoryDto })
  async createCategory(@Body() body: CreateIssueCategoryInput): Promise<IssueCategoryDto> {
    return IssueCategoryDto.from(await this.categories.create(body));
  }

  @Patch('issue-categories/:code')
  @RequirePermission(Permission.ISSUE_CATEGORY_MANAGE)
  @Audit({ entity: 'IssueCategory' })
  @ApiOperation({ summary: '修改问题类别（时限自下次派单起生效）/ Edit a category (a new deadline applies to later dispatches)' })
  @ApiOkResponse({ type: IssueCategoryDto })
  async updateCategory(@Param('code') code: string, @Body() body: UpdateIssueCategoryInput): Promise<IssueCategoryDto> {
    return IssueCategoryDto.from(await this.categories.update(code, body));
  }

  /** Problems with what they reference named (category, grid, township, department): one statement for them all. */
  private named(issues: GovernanceIssueDto[]): Promise<GovernanceIssueDto[]> {
    return withReferences(issues, (ids) => this.issues.references(ids));
  }

  private async namedOne(issue: GovernanceIssueDto): Promise<GovernanceIssueDto> {
    return (await this.named([issue]))[0];
  }
}
