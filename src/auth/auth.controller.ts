import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator.js';
import { BEARER_AUTH } from '../common/openapi/openapi.js';
import type { Actor } from '../access/actor.js';
import { ClientIp, CurrentActor, Public, RequirePermission } from '../access/access.decorators.js';
import { AuthService } from './auth.service.js';
import { AuthTokensDto, ChangePasswordDto, LoginDto, MeDto, RefreshDto, RequestWorkerCodeDto, WorkerCodeRequestDto, WorkerLoginDto } from './dto/auth.dto.js';
import { toMe } from './me.js';
import { Permission } from '../access/permission.enum.js';
import { WorkerLoginService } from './worker-login/worker-login.service.js';

/** Sign-in for staff and workers, token refresh, sign-out and password change. */
@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly workerLogin: WorkerLoginService,
  ) {}

  @Public()
  @Audit({ skip: true })
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: '工作人员登录 / Staff sign-in' })
  @ApiOkResponse({ type: AuthTokensDto })
  login(@Body() body: LoginDto, @ClientIp() ip?: string): Promise<AuthTokensDto> {
    return this.auth.login(body.username, body.password, ip);
  }

  @Public()
  @Audit({ skip: true })
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: '刷新令牌 / Exchange a refresh token for a new pair' })
  @ApiOkResponse({ type: AuthTokensDto })
  refresh(@Body() body: RefreshDto, @ClientIp() ip?: string): Promise<AuthTokensDto> {
    return this.auth.refresh(body.refreshToken, ip);
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: '退出登录 / Sign out the session of this refresh token' })
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @RequirePermission(Permission.SELF_UPDATE)
  @Post('auth/password')
  @HttpCode(200)
  @ApiBearerAuth(BEARER_AUTH)
  @ApiOperation({ summary: '修改本人密码 / Change your password (other sessions end)' })
  @ApiOkResponse({ type: AuthTokensDto })
  changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordDto): Promise<AuthTokensDto> {
    return this.auth.changePassword(actor, body.currentPassword, body.newPassword);
  }

  @Public()
  @Post('auth/worker-code')
  @HttpCode(200)
  @ApiOperation({ summary: '发送劳动者登录验证码 / Send a worker login code' })
  @ApiOkResponse({ type: WorkerCodeRequestDto })
  requestWorkerCode(@Body() body: RequestWorkerCodeDto, @ClientIp() ip?: string): Promise<WorkerCodeRequestDto> {
    return this.workerLogin.requestCode(body.phone, ip);
  }

  @Public()
  @Audit({ skip: true })
  @Post('auth/worker-login')
  @HttpCode(200)
  @ApiOperation({ summary: '劳动者验证码登录 / Worker sign-in with the code' })
  @ApiOkResponse({ type: AuthTokensDto })
  workerLoginWithCode(@Body() body: WorkerLoginDto, @ClientIp() ip?: string): Promise<AuthTokensDto> {
    return this.workerLogin.login(body.phone, body.code, ip);
  }

  @RequirePermission(Permission.SELF_READ)
  @Get('me')
  @ApiBearerAuth(BEARER_AUTH)
  @ApiOperation({ summary: '当前调用者 / The caller' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): MeDto {
    return toMe(actor);
  }
}
