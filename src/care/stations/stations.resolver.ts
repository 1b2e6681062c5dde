import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, Public, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { withPrefetched } from '../../common/graphql/prefetched-fields.js';
import { Loaders, RequestLoaders, groupByKeys } from '../../common/graphql/request-loaders.js';
import { ConnectionArgs } from '../../common/pagination/connection.types.js';
import { StationInspectionsService } from '../station-inspections/station-inspections.service.js';
import { CertificationStatus } from '../station-inspections/certification.js';
import { CheckInCodeDto } from '../check-in-codes/check-in-code.dto.js';
import {
  AmenityStatusInput,
  CreateStationInput,
  NearbyStationDto,
  NearestStationsArgs,
  StationAmenityDto,
  StationCheckInDto,
  StationConnection,
  StationDailyVisitsDto,
  StationDto,
  StationFilter,
  UpdateStationInput,
} from './dto/station.dto.js';
import { StationsService } from './stations.service.js';

/** 驿站 Stations over GraphQL: the public distance search, staff upkeep and worker check-ins. */
@Resolver(() => StationDto)
export class StationsResolver {
  constructor(
    private readonly stations: StationsService,
    private readonly inspections: StationInspectionsService,
  ) {}

  @Public()
  @Query(() => [NearbyStationDto], { description: '附近的驿站（公开；按距离由近到远）/ Open stations near a point, nearest first (public)' })
  nearestStations(@Args() args: NearestStationsArgs): Promise<NearbyStationDto[]> {
    return this.stations.nearest(args);
  }

  @RequirePermission(Permission.STATION_READ)
  @Query(() => StationDto, { description: '驿站 / A station in your scope' })
  async station(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<StationDto> {
    const station = await this.stations.get(actor, id);
    return StationDto.from(station, this.stations.isOpenNow(station));
  }

  @RequirePermission(Permission.STATION_READ)
  @Query(() => StationConnection, { name: 'stations', description: '驿站列表（最新在前）/ Stations in your scope, newest first' })
  async listStations(
    @CurrentActor() actor: Actor,
    @Args('filter', { type: () => StationFilter, nullable: true }) filter: StationFilter | undefined,
    @Args() args: ConnectionArgs,
  ): Promise<StationConnection> {
    const page = await this.stations.connection(actor, filter ?? {}, args);
    // Each station came with its amenities: the field answers from them (no resolver call).
    return {
      ...page,
      edges: page.edges.map(({ cursor, node }) => ({
        cursor,
        node: withPrefetched(StationDto.from(node, this.stations.isOpenNow(node)), { amenities: node.amenities.map(StationAmenityDto.from) }),
      })),
    };
  }

  @RequirePermission(Permission.STATION_READ)
  @Query(() => [StationDailyVisitsDto], { description: '驿站每日到访（北京时间）/ Station visits per day (Asia/Shanghai)' })
  stationVisits(
    @CurrentActor() actor: Actor,
    @Args('stationId', { type: () => ID }, ParseUUIDPipe) stationId: string,
    @Args('from', { description: '起始日期 YYYY-MM-DD / From date' }) from: string,
    @Args('to', { description: '截止日期 YYYY-MM-DD / To date (inclusive)' }) to: string,
  ): Promise<StationDailyVisitsDto[]> {
    return this.stations.dailyVisits(actor, stationId, from, to);
  }

  @RequirePermission(Permission.STATION_MANAGE)
  @Query(() => CheckInCodeDto, {
    description: '驿站现场屏幕的动态签到码（仅本站工作人员）/ The rotating check-in code for the station’s screen (its staff only)',
  })
  stationCheckInCode(@CurrentActor() actor: Actor, @Args('stationId', { type: () => ID }, ParseUUIDPipe) stationId: string): Promise<CheckInCodeDto> {
    return this.stations.checkInCode(actor, stationId);
  }

  @RequirePermission(Permission.STATION_MANAGE)
  @Audit({ entity: 'Station' })
  @Mutation(() => StationDto, { description: '新建驿站 / Create a station' })
  async createStation(@CurrentActor() actor: Actor, @Args('input') input: CreateStationInput): Promise<StationDto> {
    const station = await this.stations.create(actor, input);
    return StationDto.from(station, this.stations.isOpenNow(station));
  }

  @RequirePermission(Permission.STATION_MANAGE)
  @Audit({ entity: 'Station' })
  @Mutation(() => StationDto, { description: '修改驿站（站长仅可改开放时间和设施）/ Edit a station (managers: hours and amenities only)' })
  async updateStation(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdateStationInput,
  ): Promise<StationDto> {
    const station = await this.stations.update(actor, id, input);
    return StationDto.from(station, this.stations.isOpenNow(station));
  }

  @RequirePermission(Permission.STATION_MANAGE)
  @Audit({ entity: 'StationAmenity' })
  @Mutation(() => StationAmenityDto, { description: '标记设施故障或恢复 / Mark an amenity out of order or back in order' })
  async setStationAmenityStatus(
    @CurrentActor() actor: Actor,
    @Args('stationId', { type: () => ID }, ParseUUIDPipe) stationId: string,
    @Args('input') input: AmenityStatusInput,
  ): Promise<StationAmenityDto> {
    return StationAmenityDto.from(await this.stations.setAmenityStatus(actor, stationId, input));
  }

  @RequirePermission(Permission.STATION_CHECK_IN)
  @Audit({ entity: 'StationCheckIn' })
  @Mutation(() => StationCheckInDto, {
    description: '扫驿站屏幕上的动态码签到（每站每小时一次）/ Check in by scanning the rotating code on the station’s screen (once per station per hour)',
  })
  async checkInToStation(
    @CurrentActor() actor: Actor,
    @Args('code', { description: '扫到的动态码 NF-STN-…… / Scanned payload, NF-STN-<station>.<rotating code>' }) code: string,
  ): Promise<StationCheckInDto> {
    const { checkIn, station } = await this.stations.checkIn(actor, code);
    return { id: checkIn.id, stationId: station.id, stationName: station.name, checkedInAt: checkIn.checkedInAt };
  }

  @ResolveField(() => [StationAmenityDto], { description: '设施及状态 / Amenities and their status' })
  async amenities(@Parent() station: StationDto, @Loaders() loaders: RequestLoaders): Promise<StationAmenityDto[]> {
    const loader = loaders.get<string, StationAmenityDto[]>('station.amenities', async (ids) =>
      groupByKeys(
        ids,
        (await this.stations.amenitiesOf(ids)).map((a) => ({ ...StationAmenityDto.from(a), stationId: a.stationId })),
        (a) => a.stationId,
      ),
    );
    return loader.load(station.id);
  }

  @ResolveField(() => CertificationStatus, { description: '六有达标状态 / Certification against the current standard' })
  certification(@Parent() station: StationDto, @Loaders() loaders: RequestLoaders): Promise<CertificationStatus> {
    return loaders.get<string, CertificationStatus>('station.certification', (ids) => this.inspections.certificationOf(ids)).load(station.id);
  }

  @ResolveField(() => Boolean, { description: '是否达标（认证有效）/ Certified right now' })
  async certified(@Parent() station: StationDto, @Loaders() loaders: RequestLoaders): Promise<boolean> {
    return (await this.certification(station, loaders)) === CertificationStatus.CERTIFIED;
  }
}
