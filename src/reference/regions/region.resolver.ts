import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { RegionImportReportDto } from './dto/region-import.dto.js';
import { RegionConnection, RegionDto, RegionsArgs } from './dto/region.dto.js';
import { RegionService } from './region.service.js';

/** 行政区划 Regions over GraphQL. */
@Resolver(() => RegionDto)
export class RegionResolver {
  constructor(private readonly regionService: RegionService) {}

  @Query(() => RegionDto, { description: '按代码查询行政区划 / A region by code' })
  @RequirePermission(Permission.REFERENCE_READ)
  async region(@Args('code', { description: '区划代码 / Region code' }) code: string): Promise<RegionDto> {
    return RegionDto.from(await this.regionService.getByCode(code));
  }

  @Query(() => RegionConnection, { description: '行政区划列表（按代码） / Regions by code, filtered by parent, level or subtree' })
  @RequirePermission(Permission.REFERENCE_READ)
  async regions(@Args() args: RegionsArgs): Promise<RegionConnection> {
    const connection = await this.regionService.connection(args, args);
    return { ...connection, edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: RegionDto.from(node) })) };
  }

  @Mutation(() => RegionImportReportDto, {
    description: '导入行政区划 CSV（code,name,parentCode），任何一行被拒绝则全部不写入 / Import regions from CSV; nothing is written if any row is rejected',
  })
  @RequirePermission(Permission.REFERENCE_MANAGE)
  importRegions(
    @Args('csv', { description: 'CSV 文本 / CSV text with the header code,name,parentCode' }) csv: string,
    @Args('dryRun', { defaultValue: false, description: '只校验不写入 / Only validate and report' }) dryRun: boolean,
  ): Promise<RegionImportReportDto> {
    return this.regionService.importCsv(csv, { dryRun });
  }
}
