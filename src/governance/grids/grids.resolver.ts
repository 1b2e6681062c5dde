import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, Public, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { Loaders, type RequestLoaders } from '../../common/graphql/request-loaders.js';
import { WorkerProfileDto } from '../../workers/dto/worker-profile.dto.js';
import { PointsService } from '../points/points.service.js';
import { WorkerProfiles } from '../worker-profiles.js';
import {
  CreateGridInput,
  GridAtArgs,
  GridConnection,
  GridDto,
  GridEnrolmentConnection,
  GridEnrolmentDto,
  GridEnrolmentsArgs,
  GridsArgs,
  UpdateGridInput,
  WorkerPointsDto,
} from './dto/grid.dto.js';
import { GridsService } from './grids.service.js';

/** 网格 Grids over GraphQL. */
@Resolver(() => GridDto)
export class GridsResolver {
  constructor(private readonly gridsService: GridsService) {}

  @Query(() => GridDto, {
    nullable: true,
    description: '坐标所在网格（边界上的点算在内）/ The grid containing a point (a point on the edge counts), else null',
  })
  @Public()
  async gridAt(@Args() args: GridAtArgs): Promise<GridDto | null> {
    const grid = await this.gridsService.gridAt(args.lat, args.lng);
    return grid && GridDto.from(grid);
  }

  @Query(() => GridConnection, { description: '网格列表 / Grids in my scope' })
  @RequirePermission(Permission.GRID_READ)
  async grids(@CurrentActor() actor: Actor, @Args() args: GridsArgs): Promise<GridConnection> {
    const page = await this.gridsService.connection(actor, args, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: GridDto.from(e.node) })) };
  }

  @Query(() => GridDto, { description: '网格 / One grid' })
  @RequirePermission(Permission.GRID_READ)
  async grid(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<GridDto> {
    return GridDto.from(await this.gridsService.get(actor, id));
  }

  @Mutation(() => GridDto, { description: '新建网格 / Create a grid' })
  @RequirePermission(Permission.GRID_MANAGE)
  @Audit({ entity: 'Grid' })
  async createGrid(@CurrentActor() actor: Actor, @Args('input') input: CreateGridInput): Promise<GridDto> {
    return GridDto.from(await this.gridsService.create(actor, input));
  }

  @Mutation(() => GridDto, { description: '修改网格 / Update a grid' })
  @RequirePermission(Permission.GRID_MANAGE)
  @Audit({ entity: 'Grid' })
  async updateGrid(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdateGridInput,
  ): Promise<GridDto> {
    return GridDto.from(await this.gridsService.update(actor, id, input));
  }
}

/** 流动网格报到 Mobile-grid enrolment and points over GraphQL. */
@Resolver(() => GridEnrolmentDto)
export class GridEnrolmentsResolver {
  constructor(
    private readonly grids: GridsService,
    private readonly points: PointsService,
    private readonly workers: WorkerProfiles,
  ) {}

  @Mutation(() => GridEnrolmentDto, { description: '流动网格报到（一次只能在一个网格）/ Enrol in a mobile grid (one at a time)' })
  @RequirePermission(Permission.GRID_ENROLL)
  @Audit({ entity: 'GridEnrolment' })
  async enrolInGrid(@CurrentActor() actor: Actor, @Args('gridId', { type: () => ID }, ParseUUIDPipe) gridId: string): Promise<GridEnrolmentDto> {
    return GridEnrolmentDto.from(await this.grids.enrol(actor, gridId));
  }

  @Mutation(() => GridEnrolmentDto, { description: '退出网格 / Leave my grid' })
  @RequirePermission(Permission.GRID_ENROLL)
  @Audit({ entity: 'GridEnrolment' })
  async leaveGrid(@CurrentActor() actor: Actor): Promise<GridEnrolmentDto> {
    return GridEnrolmentDto.from(await this.grids.leave(actor));
  }

  @Query(() => GridEnrolmentDto, { nullable: true, description: '我的网格报到 / My current enrolment' })
  @RequirePermission(Permission.GRID_ENROLL)
  async myGridEnrolment(@CurrentActor() actor: Actor): Promise<GridEnrolmentDto | null> {
    const enrolment = await this.grids.mine(actor);
    return enrolment && GridEnrolmentDto.from(enrolment);
  }

  @Query(() => WorkerPointsDto, { description: '我的积分 / My points' })
  @RequirePermission(Permission.GRID_ENROLL)
  myPoints(@CurrentActor() actor: Actor): Promise<WorkerPointsDto> {
    return this.points.mine(actor);
  }

  @Mutation(() => GridEnrolmentDto, { description: '网格员确认报到 / Confirm an enrolment (grid worker)' })
  @RequirePermission(Permission.GRID_CONFIRM)
  @Audit({ entity: 'GridEnrolment' })
  async confirmGridEnrolment(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<GridEnrolmentDto> {
    return GridEnrolmentDto.from(await this.grids.confirm(actor, id));
  }

  @Query(() => GridEnrolmentConnection, { description: '网格报到列表 / Enrolments in my grids' })
  @RequirePermission(Permission.GRID_READ)
  async gridEnrolments(@CurrentActor() actor: Actor, @Args() args: GridEnrolmentsArgs): Promise<GridEnrolmentConnection> {
    const page = await this.grids.enrolmentConnection(actor, args, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: GridEnrolmentDto.from(e.node) })) };
  }

  @ResolveField(() => WorkerProfileDto, { nullable: true, description: '劳动者（脱敏）/ The worker, masked' })
  worker(@Parent() enrolment: GridEnrolmentDto, @Loaders() loaders: RequestLoaders): Promise<WorkerProfileDto | null> {
    return this.workers.load(loaders, enrolment.workerId);
  }
}
