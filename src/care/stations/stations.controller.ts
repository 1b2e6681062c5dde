import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { StationInspectionsService } from '../station-inspections/station-inspections.service.js';
import { CertificationStatus } from '../station-inspections/certification.js';
import { CheckInCodeDto } from '../check-in-codes/check-in-code.dto.js';
import {
  AmenityStatusInput,
  CreateStationInput,
  StationAmenityDto,
  StationDailyVisitsDto,
  StationDto,
  StationListQuery,
  StationPage,
  StationVisitsQuery,
  UpdateStationInput,
} from './dto/station.dto.js';
import type { Station } from './station.entity.js';
import { StationsService } from './stations.service.js';

/** 驿站 Stations over REST, for county staff. */
@ApiTags('care: stations')
@ApiBearerAuth(BEARER_AUTH)
@Controller('stations')
export class StationsController {
  constructor(
    private readonly stations: StationsService,
    private readonly inspections: StationInspectionsService,
  ) {}

  @RequirePermission(Permission.STATION_READ)
  @Get()
  @ApiOperation({ summary: '驿站列表（最新在前）/ Stations in your scope, newest first' })
  @ApiOkResponse({ type: StationPage })
  async list(@CurrentActor() actor: Actor, @Query() query: StationListQuery): Promise<StationPage> {
    const page = await this.stations.page(actor, query, query);
    return { ...page, items: await this.describe(page.items) };
  }

  @RequirePermission(Permission.STATION_READ)
  @Get(':id')
  @ApiOperation({ summary: '驿站 / A station in your scope' })
  @ApiOkResponse({ type: StationDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StationDto> {
    return (await this.describe([await this.stations.get(actor, id)]))[0];
  }

  @RequirePermission(Permission.STATION_READ)
  @Get(':id/visits')
  @ApiOperation({ summary: '驿站每日到访（北京时间）/ Station visits per day (Asia/Shanghai)' })
  @ApiOkResponse({ type: StationDailyVisitsDto, isArray: true })
  visits(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: StationVisitsQuery): Promise<StationDailyVisitsDto[]> {
    return this.stations.dailyVisits(actor, id, query.from, query.to);
  }

  @RequirePermission(Permission.STATION_MANAGE)
  @Get(':id/check-in-code')
  @ApiOperation({ summary: '驿站现场屏幕的动态签到码（仅本站工作人员）/ The rotating check-in code for the station’s screen (its staff only)' })
  @ApiOkResponse({ type: CheckInCodeDto })
  checkInCode(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CheckInCodeDto> {
    return this.stations.checkInCode(actor, id);
  }

  @RequirePermission(Permission.STATION_MANAGE)
  @Audit({ entity: 'Station' })
  @Post()
  @ApiOperation({ summary: '新建驿站 / Create a station' })
  @ApiCreatedResponse({ type: StationDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateStationInput): Promise<StationDto> {
    return (await this.describe([await this.stations.create(actor, body)]))[0];
  }

  @RequirePermission(Permission.STATION_MANAGE)
  @Audit({ entity: 'Station' })
  @Patch(':id')
  @ApiOperation({ summary: '修改驿站（站长仅可改开放时间和设施）/ Edit a station (managers: hours and amenities only)' })
  @ApiOkResponse({ type: StationDto })
  async update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateStationInput): Promise<StationDto> {
    return (await this.describe([await this.stations.update(actor, id, body)]))[0];
  }

  @RequirePermission(Permission.STATION_MANAGE)
  @Audit({ entity: 'StationAmenity' })
  @Put(':id/amenity-status')
  @ApiOperation({ summary: '标记设施故障或恢复 / Mark an amenity out of order or back in order' })
  @ApiOkResponse({ type: StationAmenityDto })
  async amenityStatus(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: AmenityStatusInput): Promise<StationAmenityDto> {
    return StationAmenityDto.from(await this.stations.setAmenityStatus(actor, id, body));
  }

  /** Stations with their amenities, certification and what they reference named: three queries for the whole page. */
  private async describe(stations: Station[]): Promise<StationDto[]> {
    const ids = stations.map((s) => s.id);
    const [amenities, certification, references] = await Promise.all([
      this.stations.amenitiesOf(ids),
      this.inspections.certificationOf(ids),
      this.stations.references(ids),
    ]);
    return stations.map((s, i) => ({
      ...StationDto.from(s, this.stations.isOpenNow(s)),
      ...references.get(s.id),
      amenities: amenities.filter((a) => a.stationId === s.id).map(StationAmenityDto.from),
      certified: certification[i] === CertificationStatus.CERTIFIED,
    }));
  }
}
