import { ArgsType, ID, Int, ObjectType } from '@nestjs/graphql';
import { Matches, MinLength } from 'class-validator';
import { Role } from '../../access/role.enum.js';
import { ApiField } from '../../common/fields/api-field.js';

/** `{accessToken, refreshToken, expiresIn}`, as outside clients rely on. */
@ObjectType('AuthTokens', { description: '令牌 / Tokens' })
export class AuthTokensDto {
  @ApiField({ description: '访问令牌（JWT，15 分钟）/ Access token (JWT, 15 minutes)' })
  accessToken: string;
  @ApiField({ description: '刷新令牌（每次使用后轮换）/ Refresh token (rotates on each use)' })
  refreshToken: string;
  @ApiField(() => Int, { description: '访问令牌有效秒数 / Access-token lifetime in seconds', example: 900 })
  expiresIn: number;
}

@ArgsType()
export class LoginDto {
  @ApiField({ description: '用户名 / Username', maxLength: 100, example: 'admin' })
  @MinLength(1)
  username: string;

  @ApiField({ description: '密码 / Password', maxLength: 200, example: 'your-password', openapi: { maxLength: 200, format: 'password' } })
  @MinLength(1)
  password: string;
}

@ArgsType()
export class RefreshDto {
  @ApiField({ description: '刷新令牌 / Refresh token', maxLength: 200, example: 'q3Xb0yYpT1vV8cJmR2nHfW6kLzA9sDgE4uIoPeQrStU' })
  @MinLength(10)
  refreshToken: string;
}

@ArgsType()
export class ChangePasswordDto {
  @ApiField({ description: '当前密码 / Current password', maxLength: 200, example: 'your-current-password' })
  currentPassword: string;

  @ApiField({ description: '新密码（至少 10 位，含两类字符）/ New password (10+ characters, two kinds)', maxLength: 128, example: 'a-new-passphrase-2026' })
  newPassword: string;
}

@ArgsType()
export class RequestWorkerCodeDto {
  @ApiField({ description: '手机号 / Mainland mobile number', maxLength: 20, example: '13812345678' })
  phone: string;
}

@ArgsType()
export class WorkerLoginDto {
  @ApiField({ description: '手机号 / Mainland mobile number', maxLength: 20, example: '13812345678' })
  phone: string;

  @ApiField({ description: '6 位验证码 / 6-digit code', example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

/** The answer to a code request. */
@ObjectType('WorkerCodeRequest', { description: '验证码已发送 / Code sent' })
export class WorkerCodeRequestDto {
  @ApiField(() => Int, { description: '验证码有效秒数 / Seconds the code stays valid', example: 300 })
  expiresInSeconds: number;
  @ApiField(() => Int, { description: '多少秒后可再次获取 / Seconds before another code can be requested', example: 60 })
  retryAfterSeconds: number;
}

/** The caller, whoever they are. */
@ObjectType('Me', { description: '当前调用者 / The caller' })
export class MeDto {
  @ApiField({ description: '调用者类型 / Kind of caller: staff, worker or platform', openapi: { enum: ['staff', 'worker', 'platform'] } })
  kind: string;
  @ApiField(() => ID, { description: '编号 / Id' })
  id: string;
  @ApiField(() => Role, { description: '角色 / Role', openapi: { enum: Role } })
  role: Role;
  @ApiField({ description: '用户名、脱敏手机号或密钥名称 / Username, masked phone or key name' })
  label: string;
  @ApiField(() => String, { nullable: true, description: '管辖区划路径 / Region scope (ltree path)', openapi: { type: String } })
  regionPath: string | null;
  @ApiField(() => ID, { description: '所属部门（部门干部）/ Department (department officers)', nullable: true, openapi: { type: String } })
  departmentId: string | null;
  @ApiField(() => ID, { description: '劳动者编号（劳动者登录时）/ Worker id, when a worker is signed in', nullable: true, openapi: { type: String } })
  workerId: string | null;
  @ApiField(() => ID, { description: '平台企业（平台密钥时）/ Platform enterprise, for a platform key', nullable: true, openapi: { type: String } })
  enterpriseId: string | null;
  @ApiField({ description: '须先修改一次性密码 / Must change the one-time password first' })
  mustChangePassword: boolean;
}
