import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { IndustryDto } from './industry.dto.js';
import { IndustryService } from './industry.service.js';

/** 行业 Industries over REST. */
@ApiTags('reference')
@ApiBearerAuth(BEARER_AUTH)
@Controller('industries')
export class IndustryController {
  constructor(private readonly industries: IndustryService) {}

  @Get()
  @RequirePermission(Permission.REFERENCE_READ)
  @ApiOperation({ summary: '行业列表 / Industries with their Chinese labels' })
  @ApiOkResponse({ type: IndustryDto, isArray: true })
  list(): IndustryDto[] {
    return this.industries.list();
  }
}
