import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { CreateDepartmentInput, DepartmentDto, DepartmentListQuery, UpdateDepartmentInput } from './dto/department.dto.js';
import { DepartmentService } from './department.service.js';

/** 部门 Departments over REST. */
@ApiTags('reference')
@ApiBearerAuth(BEARER_AUTH)
@Controller('departments')
export class DepartmentController {
  constructor(private readonly departments: DepartmentService) {}

  @Get()
  @RequirePermission(Permission.REFERENCE_READ)
  @ApiOperation({ summary: '县内部门（含乡镇） / Departments of a county, township offices included' })
  @ApiOkResponse({ type: DepartmentDto, isArray: true })
  async list(@Query() query: DepartmentListQuery): Promise<DepartmentDto[]> {
    return (await this.departments.listByCounty(query.countyCode)).map(DepartmentDto.from);
  }

  @Post()
  @RequirePermission(Permission.REFERENCE_MANAGE)
  @ApiOperation({ summary: '新建部门 / Create a department' })
  @ApiCreatedResponse({ type: DepartmentDto })
  async create(@Body() body: CreateDepartmentInput): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.departments.create(body));
  }

  @Patch(':id')
  @RequirePermission(Permission.REFERENCE_MANAGE)
  @ApiOperation({ summary: '修改部门 / Rename a department or change its kind' })
  @ApiOkResponse({ type: DepartmentDto })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateDepartmentInput): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.departments.update(id, body));
  }
}
