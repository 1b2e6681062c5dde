import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { Connection, ConnectionArgs } from '../../common/pagination/connection.types.js';
import { Role, STAFF_ROLES } from '../../access/role.enum.js';
import { ApiField } from '../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../common/fields/derived-inputs.js';

const USERNAME = /^[a-z0-9_.-]{3,40}$/;
const REGION_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** A staff account as admins see it. */
@ObjectType('StaffUser', { description: '工作人员账号 / Staff account' })
export class StaffUserDto {
  @ApiField(() => ID, { description: '编号 / Id' })
  id: string;
  @ApiField({ description: '用户名 / Username' })
  username: string;
  @ApiField(() => Role, { description: '角色 / Role', openapi: { enum: Role } })
  role: Role;
  @ApiField(() => String, {
    nullable: true,
    description: '管辖区划代码；管理员可为空（全部）/ Region scope code; null = everywhere (ADMIN)',
    example: '431126',
    openapi: { type: String },
  })
  regionCode: string | null;
  @ApiField(() => String, { nullable: true, description: '管辖区划名称 / Region scope name', openapi: { type: String } })
  regionName: string | null;
  @ApiField(() => ID, { nullable: true, description: '所属部门 / Department', openapi: { type: String } })
  departmentId: string | null;
  @ApiField({ description: '已停用 / Disabled' })
  disabled: boolean;
  @ApiField({ description: '须修改密码 / Must change password at next sign-in' })
  mustChangePassword: boolean;
  @ApiField(() => Date, { nullable: true, description: '锁定至 / Locked until', openapi: { type: Date } })
  lockedUntil: Date | null;
  @ApiField(() => Date, { nullable: true, description: '最近登录 / Last sign-in', openapi: { type: Date } })
  lastLoginAt: Date | null;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;
}

/** A new staff account; the one-time password comes back once. */
@ObjectType('CreatedStaffUser', { description: '新建账号与一次性密码 / New account and its one-time password' })
export class CreatedStaffUserDto {
  @ApiField(() => StaffUserDto, { description: '新建的账号 / The account created', openapi: { type: StaffUserDto } })
  user: StaffUserDto;
  @ApiField(() => String, {
    nullable: true,
    description: '一次性密码（仅显示一次）/ One-time password, shown once; null when you set one',
    openapi: { type: String },
  })
  oneTimePassword: string | null;
}

@InputType('CreateStaffUserInput')
export class CreateStaffUserInput {
  @ApiField({ description: '用户名（小写字母、数字、_.-，3–40 位）/ Username', example: 'samr.zhang' })
  @Transform(lower)
  @IsString()
  @Matches(USERNAME, { message: 'username must be 3-40 lower-case letters, digits, _ . -' })
  username: string;

  @ApiField({
    description: '初始密码；为空则生成一次性密码 / Initial password; omit for a generated one-time password',
    optional: true,
    maxLength: 128,
    example: 'ningyuan-samr-2026',
  })
  password?: string;

  @ApiField(() => Role, { description: '角色 / Role', example: 'DEPARTMENT_OFFICER', openapi: { enum: STAFF_ROLES } })
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  role: Role;

  @ApiField({ description: '管辖区划代码（管理员以外必填）/ Region scope code (required except ADMIN)', optional: true, example: '431126' })
  @Matches(REGION_CODE, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @ApiField(() => ID, { description: '部门（行业部门人员、党建指导员必填）/ Department (DEPARTMENT_OFFICER, INSTRUCTOR)', optional: true })
  @IsUUID()
  departmentId?: string;
}

/** `PATCH /staff-users/{id}`, `updateStaffUser(id, input)`: only the fields given change; the username stays, passwords have their own routes. */
@InputType('UpdateStaffUserInput')
export class UpdateStaffUserInput extends PartialInput(OmitInput(CreateStaffUserInput, ['username', 'password', 'regionCode', 'departmentId'])) {
  @ApiField({ description: '管辖区划代码 / Region scope code', optional: true, example: '431126' })
  @Matches(REGION_CODE, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @ApiField(() => ID, { description: '部门；传空字符串清除 / Department; empty string clears it', optional: true, maxLength: 36, openapi: { maxLength: 36 } })
  departmentId?: string;

  @ApiField({ description: '停用 / Disable (ends every session)', optional: true })
  @IsBoolean()
  disabled?: boolean;
}

@ArgsType()
export class StaffUsersArgs extends ConnectionArgs {
  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: Role;

  @Field({ nullable: true, description: '区划代码（含下级）/ Region code, subtree included' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;
}

@ObjectType()
export class StaffUserConnection extends Connection(StaffUserDto, 'StaffUser') {}
