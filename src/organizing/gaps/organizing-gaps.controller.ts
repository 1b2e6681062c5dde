import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { OrganizingGapsDto, OrganizingGapsQuery } from './dto/gaps.dto.js';
import { toGapsDto } from './organizing-gaps.resolver.js';
import { OrganizingGapsService } from './organizing-gaps.service.js';

/** 组织覆盖缺口 over REST. */
@ApiTags('organizing')
@ApiBearerAuth(BEARER_AUTH)
@Controller('organizing-gaps')
export class OrganizingGapsController {
  constructor(private readonly gapsService: OrganizingGapsService) {}

  @Get()
  @RequirePermission(Permission.ENTERPRISE_READ)
  @ApiOperation({ summary: '组织覆盖缺口：应组建党组织、需选派指导员的企业 / Enterprises that should form an organisation, and those that need an instructor' })
  @ApiOkResponse({ type: OrganizingGapsDto })
  async gaps(@CurrentActor() actor: Actor, @Query() query: OrganizingGapsQuery): Promise<OrganizingGapsDto> {
    return toGapsDto(await this.gapsService.gaps(actor, query.regionCode));
  }
}
