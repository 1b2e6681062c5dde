import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { CursorPage, CursorQuery } from '../../common/pagination/cursor-page.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { CreatedStaffUserDto, CreateStaffUserInput, StaffUserDto, UpdateStaffUserInput } from './staff.dto.js';
import { StaffService } from './staff.service.js';

class StaffUserPage extends CursorPage(StaffUserDto) {}
class OneTimePasswordDto {
  @ApiProperty({ description: '一次性密码（仅显示一次）/ One-time password, shown once' }) oneTimePassword: string;
}

/** Admin upkeep of staff accounts. */
@ApiTags('staff')
@ApiBearerAuth(BEARER_AUTH)
@Controller('staff-users')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @RequirePermission(Permission.STAFF_MANAGE)
  @Get()
  @ApiOperation({ summary: '工作人员账号列表 / Staff accounts in your scope' })
  @ApiOkResponse({ type: StaffUserPage })
  async list(@CurrentActor() actor: Actor, @Query() query: CursorQuery): Promise<StaffUserPage> {
    const page = await this.staff.list(actor, { first: query.limit, after: query.cursor });
    return { items: page.edges.map((e) => this.staff.toDto(e.node)), nextCursor: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null };
  }

  @RequirePermission(Permission.STAFF_MANAGE)
  @Get(':id')
  @ApiOperation({ summary: '员工账号详情 / One staff account' })
  @ApiOkResponse({ type: StaffUserDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StaffUserDto> {
    return this.staff.toDto(await this.staff.get(actor, id));
  }

  @RequirePermission(Permission.STAFF_MANAGE)
  @Audit({ entity: 'StaffUser' })
  @Post()
  @ApiOperation({ summary: '新建工作人员账号 / Create a staff account' })
  @ApiCreatedResponse({ type: CreatedStaffUserDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateStaffUserInput): Promise<CreatedStaffUserDto> {
    const created = await this.staff.create(actor, body);
    return { user: this.staff.toDto(created.user), oneTimePassword: created.oneTimePassword };
  }

  @RequirePermission(Permission.STAFF_MANAGE)
  @Audit({ entity: 'StaffUser' })
  @Patch(':id')
  @ApiOperation({ summary: '修改或停用工作人员账号 / Edit or disable a staff account' })
  @ApiOkResponse({ type: StaffUserDto })
  async update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateStaffUserInput): Promise<StaffUserDto> {
    return this.staff.toDto(await this.staff.update(actor, id, body));
  }

  @RequirePermission(Permission.STAFF_MANAGE)
  @Audit({ entity: 'StaffUser' })
  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOperation({ summary: '重置为一次性密码 / Reset to a one-time password' })
  @ApiOkResponse({ type: OneTimePasswordDto })
  async resetPassword(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<OneTimePasswordDto> {
    return { oneTimePassword: await this.staff.resetPassword(actor, id) };
  }
}
