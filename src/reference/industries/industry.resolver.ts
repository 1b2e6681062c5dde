import { Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { IndustryDto } from './industry.dto.js';
import { IndustryService } from './industry.service.js';

/** 行业 Industries over GraphQL. */
@Resolver(() => IndustryDto)
export class IndustryResolver {
  constructor(private readonly industryService: IndustryService) {}

  @Query(() => [IndustryDto], { description: '行业列表 / Industries with their Chinese labels' })
  @RequirePermission(Permission.REFERENCE_READ)
  industries(): IndustryDto[] {
    return this.industryService.list();
  }
}
