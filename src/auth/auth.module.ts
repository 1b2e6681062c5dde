import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { Enterprise } from '../organizing/enterprises/enterprise.entity.js';
import { WorkersModule } from '../workers/workers.module.js';
import { AccessGuard } from '../access/access.guard.js';
import { ApiKey } from './api-keys/api-key.entity.js';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { ApiKeysResolver } from './api-keys/api-keys.resolver.js';
import { ApiKeysService } from './api-keys/api-keys.service.js';
import { AuthController } from './auth.controller.js';
import { AuthResolver } from './auth.resolver.js';
import { CallerCache } from './caller-cache.js';
import { AuthService } from './auth.service.js';
import { StaffUser } from '../reference/staff/staff-user.entity.js';
import { StaffController } from './staff/staff.controller.js';
import { StaffResolver } from './staff/staff.resolver.js';
import { StaffService } from './staff/staff.service.js';
import { ApiKeyStrategy } from './strategies/api-key.strategy.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { jwtKeyOf } from './tokens/jwt-key.js';
import { RefreshToken } from './tokens/refresh-token.entity.js';
import { TokenService } from './tokens/token.service.js';
import { CODE_SENDER, LogCodeSender, MemoryCodeSender, WebhookCodeSender } from './worker-login/code-sender.js';
import { WorkerLoginCode } from './worker-login/worker-login-code.entity.js';
import { WorkerLoginService } from './worker-login/worker-login.service.js';

/** Who the caller is and what they may do: staff and worker sign-in, platform keys, the global guard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([StaffUser, RefreshToken, WorkerLoginCode, ApiKey, Enterprise]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ privateKey: jwtKeyOf(config), publicKey: jwtKeyOf(config), signOptions: { algorithm: 'HS256' } }),
    }),
    WorkersModule,
    JobsModule,
  ],
  providers: [
    CallerCache,
    AuthService,
    TokenService,
    StaffService,
    ApiKeysService,
    WorkerLoginService,
    JwtStrategy,
    ApiKeyStrategy,
    AuthResolver,
    StaffResolver,
    ApiKeysResolver,
    {
      provide: CODE_SENDER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.CODE_SENDER === 'webhook'
          ? new WebhookCodeSender(config.CODE_SENDER_URL!)
          : config.CODE_SENDER === 'memory'
            ? new MemoryCodeSender()
            : new LogCodeSender(),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  controllers: [AuthController, StaffController, ApiKeysController],
  exports: [AuthService, StaffService, ApiKeysService, TokenService],
})
export class AuthModule {}
