import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Role } from '../../access/role.enum.js';

/** `{accessToken, refreshToken, expiresIn}`, as outside clients rely on. */
@ObjectType('AuthTokens', { description: '令牌 / Tokens' })
export class AuthTokensDto {
  @Field({ description: '访问令牌（JWT，15 分钟）/ Access token (JWT, 15 minutes)' }) @ApiProperty() accessToken: string;
  @Field({ description: '刷新令牌（每次使用后轮换）/ Refresh token (rotates on each use)' }) @ApiProperty() refreshToken: string;
  @Field(() => Int, { description: '访问令牌有效秒数 / Access-token lifetime in seconds' }) @ApiProperty({ example: 900 }) expiresIn: number;
}

@ArgsType()
export class LoginDto {
  @Field({ description: '用户名 / Username' })
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username: string;

  @Field({ description: '密码 / Password' })
  @ApiProperty({ description: '密码 / Password', example: 'your-password', maxLength: 200, format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

@ArgsType()
export class RefreshDto {
  @Field({ description: '刷新令牌 / Refresh token' })
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken: string;
}

@ArgsType()
export class ChangePasswordDto {
  @Field({ description: '当前密码 / Current password' })
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @Field({ description: '新密码（至少 10 位，含两类字符）/ New password (10+ characters, two kinds)' })
  @ApiProperty()
  @IsString()
  @MaxLength(128)
  newPassword: string;
}

@ArgsType()
export class RequestWorkerCodeDto {
  @Field({ description: '手机号 / Mainland mobile number' })
  @ApiProperty({ example: '13812345678' })
  @IsString()
  @MaxLength(20)
  phone: string;
}

@ArgsType()
export class WorkerLoginDto {
  @Field({ description: '手机号 / Mainland mobile number' })
  @ApiProperty({ example: '13812345678' })
  @IsString()
  @MaxLength(20)
  phone: string;

  @Field({ description: '6 位验证码 / 6-digit code' })
  @ApiProperty({ example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

/** The answer to a code request. */
@ObjectType('WorkerCodeRequest', { description: '验证码已发送 / Code sent' })
export class WorkerCodeRequestDto {
  @Field(() => Int, { description: '验证码有效秒数 / Seconds the code stays valid' }) @ApiProperty({ example: 300 }) expiresInSeconds: number;
  @Field(() => Int, { description: '多少秒后可再次获取 / Seconds before another code can be requested' })
  @ApiProperty({ example: 60 })
  retryAfterSeconds: number;
}

/** The caller, whoever they are. */
@ObjectType('Me', { description: '当前调用者 / The caller' })
export class MeDto {
  @Field({ description: 'staff | worker | platform' }) @ApiProperty({ enum: ['staff', 'worker', 'platform'] }) kind: string;
  @Field(() => ID) @ApiProperty() id: string;
  @Field(() => Role) @ApiProperty({ enum: Role }) role: Role;
  @Field({ description: '用户名、脱敏手机号或密钥名称 / Username, masked phone or key name' }) @ApiProperty() label: string;
  @Field(() => String, { nullable: true, description: '管辖区划路径 / Region scope (ltree path)' })
  @ApiPropertyOptional({ type: String, nullable: true })
  regionPath: string | null;
  @Field(() => ID, { nullable: true }) @ApiPropertyOptional({ type: String, nullable: true }) departmentId: string | null;
  @Field(() => ID, { nullable: true }) @ApiPropertyOptional({ type: String, nullable: true }) workerId: string | null;
  @Field(() => ID, { nullable: true }) @ApiPropertyOptional({ type: String, nullable: true }) enterpriseId: string | null;
  @Field({ description: '须先修改一次性密码 / Must change the one-time password first' }) @ApiProperty() mustChangePassword: boolean;
}
