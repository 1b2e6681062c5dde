import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Audit } from '../audit/audit.decorator.js';
import type { Actor } from '../access/actor.js';
import { ClientIp, CurrentActor, Public, RequirePermission } from '../access/access.decorators.js';
import { AuthService } from './auth.service.js';
import { AuthTokensDto, ChangePasswordDto, LoginDto, MeDto, RefreshDto, RequestWorkerCodeDto, WorkerCodeRequestDto, WorkerLoginDto } from './dto/auth.dto.js';
import { Permission } from '../access/permission.enum.js';
import { toMe } from './me.js';
import { WorkerLoginService } from './worker-login/worker-login.service.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly workerCodes: WorkerLoginService,
  ) {}

  @Public()
  @Audit({ skip: true })
  @Mutation(() => AuthTokensDto, { description: '工作人员登录 / Staff sign-in' })
  login(@Args() { username, password }: LoginDto, @ClientIp() ip?: string): Promise<AuthTokensDto> {
    return this.auth.login(username, password, ip);
  }

  @Public()
  @Audit({ skip: true })
  @Mutation(() => AuthTokensDto, { description: '用刷新令牌换新令牌 / Exchange a refresh token for a new pair' })
  refreshTokens(@Args() { refreshToken }: RefreshDto, @ClientIp() ip?: string): Promise<AuthTokensDto> {
    return this.auth.refresh(refreshToken, ip);
  }

  @Public()
  @Mutation(() => Boolean, { description: '退出登录（吊销该刷新令牌所属会话）/ Sign out the session of this refresh token' })
  logout(@Args() { refreshToken }: RefreshDto): Promise<boolean> {
    return this.auth.logout(refreshToken);
  }

  @RequirePermission(Permission.SELF_UPDATE)
  @Mutation(() => AuthTokensDto, { description: '修改本人密码（其他会话全部退出）/ Change your password; other sessions end' })
  changePassword(@CurrentActor() actor: Actor, @Args() { currentPassword, newPassword }: ChangePasswordDto): Promise<AuthTokensDto> {
    return this.auth.changePassword(actor, currentPassword, newPassword);
  }

  @Public()
  @Mutation(() => WorkerCodeRequestDto, { description: '发送登录验证码 / Send a login code to a worker phone' })
  requestWorkerCode(@Args() { phone }: RequestWorkerCodeDto, @ClientIp() ip?: string): Promise<WorkerCodeRequestDto> {
    return this.workerCodes.requestCode(phone, ip);
  }

  @Public()
  @Audit({ skip: true })
  @Mutation(() => AuthTokensDto, { description: '劳动者验证码登录 / Worker sign-in with the code' })
  workerLogin(@Args() { phone, code }: WorkerLoginDto, @ClientIp() ip?: string): Promise<AuthTokensDto> {
    return this.workerCodes.login(phone, code, ip);
  }

  @RequirePermission(Permission.SELF_READ)
  @Query(() => MeDto, { description: '当前调用者 / The caller' })
  me(@CurrentActor() actor: Actor): MeDto {
    return toMe(actor);
  }
}
