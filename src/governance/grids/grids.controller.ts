import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, Public, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BULK_JSON_BODY_ROUTE } from '../../common/http/json-body.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { withReferences } from '../../common/references/references.js';
import { PointsService } from '../points/points.service.js';
import {
  CreateGridInput,
  GridAtQuery,
  GridDto,
  GridEnrolmentDto,
  GridEnrolmentListQuery,
  GridEnrolmentPage,
  GridImportDto,
  GridImportResultDto,
  GridListQuery,
  GridPage,
  PointsRulesDto,
  PointsRulesInput,
  UpdateGridInput,
} from './dto/grid.dto.js';
import { GridsService } from './grids.service.js';

/** 网格 Grids, GeoJSON import, enrolments and points rules over REST (admin). */
@ApiTags('governance')
@ApiBearerAuth(BEARER_AUTH)
@Controller()
export class GridsController {
  constructor(
    private readonly grids: GridsService,
    private readonly points: PointsService,
  ) {}

  @Get('grids')
  @RequirePermission(Permission.GRID_READ)
  @ApiOperation({ summary: '网格列表 / Grids in my scope' })
  @ApiOkResponse({ type: GridPage })
  async list(@CurrentActor() actor: Actor, @Query() query: GridListQuery): Promise<GridPage> {
    const page = await this.grids.page(actor, query, query);
    return { ...page, items: await this.named(page.items.map(GridDto.from)) };
  }

  @Get('grids/at')
  @Public()
  @ApiOperation({ summary: '坐标所在网格（边界上的点算在内）/ The grid containing a point (a point on the edge counts)' })
  @ApiOkResponse({ type: GridDto })
  async at(@Query() query: GridAtQuery): Promise<GridDto | null> {
    const grid = await this.grids.gridAt(query.lat, query.lng);
    return grid && this.namedOne(GridDto.from(grid));
  }

  @Get('grids/:id')
  @RequirePermission(Permission.GRID_READ)
  @ApiOperation({ summary: '网格 / One grid' })
  @ApiOkResponse({ type: GridDto })
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<GridDto> {
    return this.namedOne(GridDto.from(await this.grids.get(actor, id)));
  }

  @Post('grids')
  @RequirePermission(Permission.GRID_MANAGE)
  @Audit({ entity: 'Grid' })
  @ApiOperation({ summary: '新建网格（边界为 GeoJSON Polygon）/ Create a grid (GeoJSON Polygon boundary)' })
  @ApiCreatedResponse({ type: GridDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateGridInput): Promise<GridDto> {
    return this.namedOne(GridDto.from(await this.grids.create(actor, body)));
  }

  @Patch('grids/:id')
  @RequirePermission(Permission.GRID_MANAGE)
  @Audit({ entity: 'Grid' })
  @ApiOperation({ summary: '修改网格 / Update a grid' })
  @ApiOkResponse({ type: GridDto })
  async update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateGridInput): Promise<GridDto> {
    return this.namedOne(GridDto.from(await this.grids.update(actor, id, body)));
  }

  @Post('grids/import')
  @RouteConfig(BULK_JSON_BODY_ROUTE)
  @RequirePermission(Permission.GRID_MANAGE)
  @Audit({ entity: 'Grid', action: 'grids.import' })
  @ApiOperation({ summary: '导入 GeoJSON 网格（按编码新建或更新，全部成功或全部不写）/ Import a GeoJSON FeatureCollection (by code; all or nothing)' })
  @ApiCreatedResponse({ type: GridImportResultDto })
  importGeoJson(@CurrentActor() actor: Actor, @Body() body: GridImportDto): Promise<GridImportResultDto> {
    return this.grids.importGeoJson(actor, body);
  }

  @Get('grid-enrolments')
  @RequirePermission(Permission.GRID_READ)
  @ApiOperation({ summary: '网格报到列表 / Enrolments in my grids' })
  @ApiOkResponse({ type: GridEnrolmentPage })
  async enrolments(@CurrentActor() actor: Actor, @Query() query: GridEnrolmentListQuery): Promise<GridEnrolmentPage> {
    const page = await this.grids.enrolmentPage(actor, query, query);
    return { ...page, items: await this.namedEnrolments(page.items.map(GridEnrolmentDto.from)) };
  }

  @Post('grid-enrolments/:id/confirm')
  @RequirePermission(Permission.GRID_CONFIRM)
  @Audit({ entity: 'GridEnrolment' })
  @ApiOperation({ summary: '确认报到 / Confirm an enrolment' })
  @ApiCreatedResponse({ type: GridEnrolmentDto })
  async confirm(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<GridEnrolmentDto> {
    return (await this.namedEnrolments([GridEnrolmentDto.from(await this.grids.confirm(actor, id))]))[0];
  }

  @Get('governance/points-rules/:scope')
  @RequirePermission(Permission.GRID_READ)
  @ApiOperation({ summary: '积分规则（县代码或 ALL）/ Points rates of a county (or ALL, the default)' })
  @ApiOkResponse({ type: PointsRulesDto })
  rules(@Param('scope') scope: string): Promise<PointsRulesDto> {
    return this.points.rates(scope === 'ALL' ? null : scope);
  }

  @Put('governance/points-rules/:scope')
  @RequirePermission(Permission.ISSUE_CATEGORY_MANAGE)
  @Audit({ entity: 'PointsRule' })
  @ApiOperation({ summary: "设置积分规则 / Set a county's points rates (or ALL, the default)" })
  @ApiOkResponse({ type: PointsRulesDto })
  setRules(@Param('scope') scope: string, @Body() body: PointsRulesInput): Promise<PointsRulesDto> {
    return this.points.setRates(scope, body);
  }

  /** Grids with their community and township named: one statement for them all. */
  private named(grids: GridDto[]): Promise<GridDto[]> {
    return withReferences(grids, (ids) => this.grids.references(ids));
  }

  /** Enrolments with their grid named: one statement for them all. */
  private namedEnrolments(enrolments: GridEnrolmentDto[]): Promise<GridEnrolmentDto[]> {
    return withReferences(enrolments, (ids) => this.grids.enrolmentReferences(ids));
  }

  private async namedOne(grid: GridDto): Promise<GridDto> {
    return (await this.named([grid]))[0];
  }
}
