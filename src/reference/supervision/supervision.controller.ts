import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { Industry } from '../industries/industry.enum.js';
import { SetSupervisionRuleBody, SupervisionRuleDto, SupervisionRuleListQuery, SupervisionRuleParams } from './dto/supervision-rule.dto.js';
import { SupervisionService } from './supervision.service.js';

/** 主管单位规则 Supervision rules over REST. */
@ApiTags('reference')
@ApiBearerAuth(BEARER_AUTH)
@Controller('supervision-rules')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get()
  @RequirePermission(Permission.REFERENCE_READ)
  @ApiOperation({ summary: "县的主管单位规则 / A county's supervision rules, one per industry" })
  @ApiOkResponse({ type: SupervisionRuleDto, isArray: true })
  async list(@Query() query: SupervisionRuleListQuery): Promise<SupervisionRuleDto[]> {
    return (await this.supervision.rulesFor(query.countyCode)).map(SupervisionRuleDto.from);
  }

  @Put(':countyCode/:industry')
  @RequirePermission(Permission.REFERENCE_MANAGE)
  @ApiOperation({ summary: '设置行业的主管部门类别 / Set which department kind supervises an industry in a county' })
  @ApiParam({ name: 'countyCode', example: '431126' })
  @ApiParam({ name: 'industry', enum: Industry, enumName: 'Industry' })
  @ApiOkResponse({ type: SupervisionRuleDto })
  async set(@Param() params: SupervisionRuleParams, @Body() body: SetSupervisionRuleBody): Promise<SupervisionRuleDto> {
    return SupervisionRuleDto.from(await this.supervision.setRule(params.countyCode, params.industry, body.departmentKind));
  }
}
