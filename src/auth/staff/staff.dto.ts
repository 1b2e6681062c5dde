import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Connection, ConnectionArgs } from '../../common/pagination/connection.types.js';
import { Role, STAFF_ROLES } from '../../access/role.enum.js';

const USERNAME = /^[a-z0-9_.-]{3,40}$/;
const REGION_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** A staff account as admins see it. */
@ObjectType('StaffUser', { description: '工作人员账号 / Staff account' })
export class StaffUserDto {
  @Field(() => ID) @ApiProperty() id: string;
  @Field({ description: '用户名 / Username' }) @ApiProperty() username: string;
  @Field(() => Role, { description: '角色 / Role' }) @ApiProperty({ enum: Role }) role: Role;
  @Field(() => String, { nullable: true, description: '管辖区划代码；管理员可为空（全部）/ Region scope code; null = everywhere (ADMIN)' })
  @ApiPropertyOptional({ type: String, nullable: true, example: '431126' })
  regionCode: string | null;
  @Field(() => String, { nullable: true, description: '管辖区划名称 / Region scope name' })
  @ApiPropertyOptional({ type: String, nullable: true })
  regionName: string | null;
  @Field(() => ID, { nullable: true, description: '所属部门 / Department' })
  @ApiPropertyOptional({ type: String, nullable: true })
  departmentId: string | null;
  @Field({ description: '已停用 / Disabled' }) @ApiProperty() disabled: boolean;
  @Field({ description: '须修改密码 / Must change password at next sign-in' }) @ApiProperty() mustChangePassword: boolean;
  @Field(() => Date, { nullable: true, description: '锁定至 / Locked until' }) @ApiPropertyOptional({ type: Date, nullable: true }) lockedUntil: Date | null;
  @Field(() => Date, { nullable: true, description: '最近登录 / Last sign-in' }) @ApiPropertyOptional({ type: Date, nullable: true }) lastLoginAt: Date | null;
  @Field({ description: '创建时间 / Created' }) @ApiProperty() createdAt: Date;
}

/** A new staff account; the one-time password comes back once. */
@ObjectType('CreatedStaffUser', { description: '新建账号与一次性密码 / New account and its one-time password' })
export class CreatedStaffUserDto {
  @Field(() => StaffUserDto) @ApiProperty({ type: StaffUserDto }) user: StaffUserDto;
  @Field(() => String, { nullable: true, description: '一次性密码（仅显示一次）/ One-time password, shown once; null when you set one' })
  @ApiPropertyOptional({ type: String, nullable: true })
  oneTimePassword: string | null;
}

@InputType('CreateStaffUserInput')
export class CreateStaffUserInput {
  @Field({ description: '用户名（小写字母、数字、_.-，3–40 位）/ Username' })
  @ApiProperty({ example: 'samr.zhang' })
  @Transform(lower)
  @IsString()
  @Matches(USERNAME, { message: 'username must be 3-40 lower-case letters, digits, _ . -' })
  username: string;

  @Field({ nullable: true, description: '初始密码；为空则生成一次性密码 / Initial password; omit for a generated one-time password' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  password?: string;

  @Field(() => Role, { description: '角色 / Role' })
  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  role: Role;

  @Field({ nullable: true, description: '管辖区划代码（管理员以外必填）/ Region scope code (required except ADMIN)' })
  @ApiPropertyOptional({ example: '431126' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @Field(() => ID, { nullable: true, description: '部门（行业部门人员、党建指导员必填）/ Department (DEPARTMENT_OFFICER, INSTRUCTOR)' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

@InputType('UpdateStaffUserInput')
export class UpdateStaffUserInput {
  @Field(() => Role, { nullable: true })
  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: Role;

  @Field({ nullable: true })
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(REGION_CODE, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @Field(() => ID, { nullable: true, description: '部门；传空字符串清除 / Department; empty string clears it' })
  @ApiPropertyOptional({ maxLength: 36 })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  departmentId?: string;

  @Field({ nullable: true, description: '停用 / Disable (ends every session)' })
  @ApiPropertyOptional()
  @IsOptional()
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
