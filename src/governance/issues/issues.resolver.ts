import { ParseUUIDPipe } from '@nestjs/common';
import { Args, Float, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, Public, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import type { Department } from '../../reference/departments/department.entity.js';
import { withPrefetched } from '../../common/graphql/prefetched-fields.js';
import { alignToKeys, groupByKeys, Loaders, type RequestLoaders } from '../../common/graphql/request-loaders.js';
import { ConnectionArgs } from '../../common/pagination/connection.types.js';
import { GridDto } from '../grids/dto/grid.dto.js';
import { GridsService } from '../grids/grids.service.js';
import { workerOf } from '../grids/grids.service.js';
import {
  GovernanceIssueConnection,
  GovernanceIssueDto,
  GovernanceIssuesArgs,
  IssueCategoryDto,
  IssueDepartmentDto,
  IssueEventDto,
  IssueTransitionInput,
  IssueView,
  RateIssueInput,
  ReopenIssueInput,
  ReportIssueInput,
  ReportIssueResultDto,
  VIEW,
} from './dto/issue.dto.js';
import { IssueCategoriesService } from './issue-categories.service.js';
import type { IssueEvent } from './issue-event.entity.js';
import { IssuesService } from './issues.service.js';

/** 治理问题 Governance problems over GraphQL: reporting, reading in every view, the workflow. */
@Resolver(() => GovernanceIssueDto)
export class IssuesResolver {
  constructor(
    private readonly issues: IssuesService,
    private readonly categories: IssueCategoriesService,
    private readonly grids: GridsService,
  ) {}

  @Query(() => [IssueCategoryDto], { description: '可上报的问题类别 / Categories open for reports' })
  @Public()
  async issueCategories(): Promise<IssueCategoryDto[]> {
    return (await this.categories.list(true)).map(IssueCategoryDto.from);
  }

  @Mutation(() => ReportIssueResultDto, {
    description: '上报问题（50 米内同类未办结问题先返回供确认）/ Report a problem (likely duplicates within 50 m come back first)',
  })
  @RequirePermission(Permission.ISSUE_REPORT)
  @Audit({ entity: 'GovernanceIssue' })
  async reportIssue(@CurrentActor() actor: Actor, @Args('input') input: ReportIssueInput): Promise<ReportIssueResultDto> {
    const { issue, likelyDuplicates } = await this.issues.report(actor, input);
    return {
      issue: issue && GovernanceIssueDto.from(issue, IssueView.REPORTER, true),
      likelyDuplicates: likelyDuplicates.map((d) => GovernanceIssueDto.from(d, IssueView.PUBLIC)),
    };
  }

  @Query(() => [GovernanceIssueDto], { description: '50 米内同类未办结问题 / Open problems of a category within 50 m' })
  @RequirePermission(Permission.ISSUE_REPORT)
  async likelyDuplicateIssues(
    @Args('category') category: string,
    @Args('lat', { type: () => Float }) lat: number,
    @Args('lng', { type: () => Float }) lng: number,
  ): Promise<GovernanceIssueDto[]> {
    const found = (await this.categories.list(true)).find((c) => c.code === category);
    if (!found) return [];
    return (await this.issues.likelyDuplicates(found.id, lat, lng)).map((d) => GovernanceIssueDto.from(d, IssueView.PUBLIC));
  }

  @Query(() => GovernanceIssueDto, { description: '问题详情（公开视图不含上报人）/ One problem; public views never show the reporter' })
  @Public()
  async governanceIssue(@CurrentActor() actor: Actor | undefined, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<GovernanceIssueDto> {
    const { issue, view, reportedByMe } = await this.issues.view(actor, id);
    return GovernanceIssueDto.from(issue, view, reportedByMe);
  }

  @Query(() => GovernanceIssueConnection, {
    description: '我上报的问题（含我的重复件所并入的问题）/ My reports, and the originals my merged duplicates follow',
  })
  @RequirePermission(Permission.ISSUE_REPORT)
  async myIssues(@CurrentActor() actor: Actor, @Args() args: ConnectionArgs): Promise<GovernanceIssueConnection> {
    const workerId = workerOf(actor);
    const page = await this.issues.mine(actor, args);
    return {
      ...page,
      edges: page.edges.map((e) => {
        const own = e.node.reporterWorkerId === workerId;
        return { cursor: e.cursor, node: GovernanceIssueDto.from(e.node, own ? IssueView.REPORTER : IssueView.PUBLIC, own) };
      }),
    };
  }

  @Query(() => GovernanceIssueConnection, { description: '辖区内问题（可按状态、类别、网格、超期筛选）/ Problems in my scope' })
  @RequirePermission(Permission.ISSUE_READ)
  async governanceIssues(@CurrentActor() actor: Actor, @Args() args: GovernanceIssuesArgs): Promise<GovernanceIssueConnection> {
    const page = await this.issues.connection(actor, args, args);
    // The page came with its relations: each node answers its relation fields from them (no resolver call).
    const categories = new Map<string, IssueCategoryDto>();
    const grids = new Map<string, GridDto>();
    const departments = new Map<string, IssueDepartmentDto>();
    const shared = <T>(cache: Map<string, T>, id: string, make: () => T): T => cache.get(id) ?? cache.set(id, make()).get(id)!;
    return {
      ...page,
      edges: page.edges.map(({ cursor, node: issue, node: { relations: r } }) => ({
        cursor,
        node: withPrefetched(GovernanceIssueDto.from(issue, IssueView.STAFF), {
          category: shared(categories, r.category.id, () => IssueCategoryDto.from(r.category)),
          grid: r.grid && shared(grids, r.grid.id, () => GridDto.from(r.grid!)),
          department: r.department && shared(departments, r.department.id, () => toDepartmentDto(r.department!)),
          timeline: r.timeline.map((e) => IssueEventDto.from(e, IssueView.STAFF)),
        }),
      })),
    };
  }

  @Mutation(() => GovernanceIssueDto, { description: '处置问题（受理、派单、办理、回退、办结、延期…）/ Take a workflow step' })
  @RequirePermission(Permission.ISSUE_HANDLE)
  @Audit({ entity: 'GovernanceIssue' })
  async transitionGovernanceIssue(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: IssueTransitionInput,
  ): Promise<GovernanceIssueDto> {
    return GovernanceIssueDto.from(await this.issues.transition(actor, id, input), IssueView.STAFF);
  }

  @Mutation(() => GovernanceIssueDto, { description: '评价办结结果并关闭 / Rate the resolution (closes the problem)' })
  @RequirePermission(Permission.ISSUE_REPORT)
  @Audit({ entity: 'GovernanceIssue' })
  async rateGovernanceIssue(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: RateIssueInput,
  ): Promise<GovernanceIssueDto> {
    return GovernanceIssueDto.from(await this.issues.rate(actor, id, input), IssueView.REPORTER, true);
  }

  @Mutation(() => GovernanceIssueDto, {
    description: '不满意重办：评 1–2 分后 7 天内重新打开（需理由）/ Reopen a problem you rated 1 or 2, within 7 days, with a reason',
  })
  @RequirePermission(Permission.ISSUE_REPORT)
  @Audit({ entity: 'GovernanceIssue' })
  async reopenGovernanceIssue(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: ReopenIssueInput,
  ): Promise<GovernanceIssueDto> {
    return GovernanceIssueDto.from(await this.issues.reopen(actor, id, input), IssueView.REPORTER, true);
  }

  @Mutation(() => GovernanceIssueDto, {
    description: '我也遇到：关注一个未办结问题（代替重复上报）/ Follow an open problem ("me too") instead of reporting it again',
  })
  @RequirePermission(Permission.ISSUE_REPORT)
  @Audit({ entity: 'GovernanceIssue' })
  async followGovernanceIssue(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<GovernanceIssueDto> {
    return GovernanceIssueDto.from(await this.issues.follow(actor, id), IssueView.PUBLIC);
  }

  @Mutation(() => GovernanceIssueDto, { description: '取消关注 / Stop following a problem' })
  @RequirePermission(Permission.ISSUE_REPORT)
  @Audit({ entity: 'GovernanceIssue' })
  async unfollowGovernanceIssue(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<GovernanceIssueDto> {
    return GovernanceIssueDto.from(await this.issues.unfollow(actor, id), IssueView.PUBLIC);
  }

  @ResolveField(() => IssueCategoryDto, { description: '类别 / Category' })
  category(@Parent() issue: GovernanceIssueDto, @Loaders() loaders: RequestLoaders): Promise<IssueCategoryDto> {
    return this.categoryLoader(loaders).load(issue.categoryId);
  }

  @ResolveField(() => GridDto, { nullable: true, description: '网格 / Grid' })
  async grid(@Parent() issue: GovernanceIssueDto, @Loaders() loaders: RequestLoaders): Promise<GridDto | null> {
    return issue.gridId ? this.gridLoader(loaders).load(issue.gridId) : null;
  }

  @ResolveField(() => IssueDepartmentDto, { nullable: true, description: '承办部门 / Handling department' })
  async department(@Parent() issue: GovernanceIssueDto, @Loaders() loaders: RequestLoaders): Promise<IssueDepartmentDto | null> {
    return issue.departmentId ? this.departmentLoader(loaders).load(issue.departmentId) : null;
  }

  @ResolveField(() => [IssueEventDto], { description: '处置记录（只增不改）/ Timeline, append-only' })
  async timeline(@Parent() issue: GovernanceIssueDto, @Loaders() loaders: RequestLoaders): Promise<IssueEventDto[]> {
    const events = await this.timelineLoader(loaders).load(issue.id);
    return events.map((e) => IssueEventDto.from(e, issue[VIEW] ?? IssueView.PUBLIC));
  }

  // The request's loaders for a problem's relations (a page read with its relations never calls them: withPrefetched).
  private categoryLoader(loaders: RequestLoaders) {
    return loaders.get<string, IssueCategoryDto>(
      'issue.category',
      async (ids) => alignToKeys(ids, (await this.issues.categoriesByIds(ids)).map(IssueCategoryDto.from), (c) => c.id) as IssueCategoryDto[],
    );
  }

  private gridLoader(loaders: RequestLoaders) {
    return loaders.get<string, GridDto | null>('issue.grid', async (ids) => alignToKeys(ids, (await this.grids.byIds(ids)).map(GridDto.from), (g) => g.id));
  }

  private departmentLoader(loaders: RequestLoaders) {
    return loaders.get<string, IssueDepartmentDto | null>('issue.department', async (ids) =>
      alignToKeys(ids, (await this.issues.departmentsByIds(ids)).map(toDepartmentDto), (d) => d.id),
    );
  }

  private timelineLoader(loaders: RequestLoaders) {
    return loaders.get<string, IssueEvent[]>('issue.timeline', async (ids) => groupByKeys(ids, await this.issues.timelines(ids), (e) => e.issueId));
  }
}

function toDepartmentDto(d: Pick<Department, 'id' | 'name' | 'kind'>): IssueDepartmentDto {
  return { id: d.id, name: d.name, kind: d.kind };
}
