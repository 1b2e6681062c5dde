import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../access/actor.js';
import { CurrentActor, RequirePermission } from '../access/access.decorators.js';
import { Permission } from '../access/permission.enum.js';
import { alignToKeys, Loaders, type RequestLoaders } from '../common/graphql/request-loaders.js';
import type { ConnectionShape } from '../common/pagination/connection.types.js';
import { RosterCountsArgs, RosterCountsDto, RosterPlatformDto } from './dto/roster-counts.dto.js';
import { RosterSyncConnection, RosterSyncDto, RosterSyncFilterArgs } from './dto/roster-sync.dto.js';
import { RosterOverviewService } from './roster-overview.service.js';
import { FIELD_COSTS } from '../common/graphql/field-costs.js';

/** Staff views of platform rosters (ROSTER_READ), within the caller's scope. */
@Resolver(() => RosterSyncDto)
export class RosterResolver {
  constructor(private readonly overview: RosterOverviewService) {}

  @RequirePermission(Permission.ROSTER_READ)
  @Query(() => RosterSyncConnection, { description: '平台名单同步记录（本人范围内注册的平台）/ Roster syncs of platforms registered in your scope' })
  async rosterSyncs(@CurrentActor() actor: Actor, @Args() args: RosterSyncFilterArgs): Promise<ConnectionShape<RosterSyncDto>> {
    const connection = await this.overview.syncHistory(actor, args, args);
    return { ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: RosterSyncDto.from(edge.node) })) };
  }

  @RequirePermission(Permission.ROSTER_READ)
  @Query(() => RosterCountsDto, {
    complexity: FIELD_COSTS.rosterCounts,
    description: '在册骑手统计（按乡镇、按站点）/ Active riders by township and by site, within your scope',
  })
  rosterCounts(@CurrentActor() actor: Actor, @Args() args: RosterCountsArgs): Promise<RosterCountsDto> {
    return this.overview.counts(actor, args);
  }

  @ResolveField(() => RosterPlatformDto, { nullable: true, description: '平台企业 / The platform' })
  platform(@Parent() sync: RosterSyncDto, @Loaders() loaders: RequestLoaders): Promise<RosterPlatformDto | null> {
    return loaders
      .get<string, RosterPlatformDto | null>('rosterSync.platform', async (ids) => alignToKeys(ids, await this.overview.platforms(ids), (p) => p.id))
      .load(sync.platformId);
  }
}
