import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ParseUUIDPipe } from '@nestjs/common';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { CreatedStaffUserDto, CreateStaffUserInput, StaffUserConnection, StaffUserDto, StaffUsersArgs, UpdateStaffUserInput } from './staff.dto.js';
import { StaffService } from './staff.service.js';

@Resolver(() => StaffUserDto)
export class StaffResolver {
  constructor(private readonly staff: StaffService) {}

  @RequirePermission(Permission.STAFF_MANAGE)
  @Query(() => StaffUserConnection, { description: '工作人员账号 / Staff accounts in your scope' })
  async staffUsers(@CurrentActor() actor: Actor, @Args() args: StaffUsersArgs): Promise<StaffUserConnection> {
    const page = await this.staff.list(actor, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: this.staff.toDto(e.node) })) };
  }

  @RequirePermission(Permission.STAFF_MANAGE)
  @Audit({ entity: 'StaffUser' })
  @Mutation(() => CreatedStaffUserDto, { description: '新建工作人员账号 / Create a staff account' })
  async createStaffUser(@CurrentActor() actor: Actor, @Args('input') input: CreateStaffUserInput): Promise<CreatedStaffUserDto> {
    const created = await this.staff.create(actor, input);
    return { user: this.staff.toDto(created.user), oneTimePassword: created.oneTimePassword };
  }

  @RequirePermission(Permission.STAFF_MANAGE)
  @Audit({ entity: 'StaffUser' })
  @Mutation(() => StaffUserDto, { description: '修改或停用工作人员账号 / Edit or disable a staff account' })
  async updateStaffUser(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdateStaffUserInput,
  ): Promise<StaffUserDto> {
    return this.staff.toDto(await this.staff.update(actor, id, input));
  }

  @RequirePermission(Permission.STAFF_MANAGE)
  @Audit({ entity: 'StaffUser' })
  @Mutation(() => String, { description: '重置为一次性密码（仅显示一次）/ Reset to a one-time password, shown once' })
  resetStaffPassword(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<string> {
    return this.staff.resetPassword(actor, id);
  }
}
