import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config.js';
import { AuthService } from '../auth.service.js';
import { jwtKeyOf } from '../tokens/jwt-key.js';
import type { AccessTokenPayload } from '../tokens/token.service.js';

/** `Authorization: Bearer <access token>` for staff and workers. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtKeyOf(config) as unknown as string, // passport-jwt passes it to jsonwebtoken, which takes a KeyObject
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** The caller behind a verified token (refuses disabled accounts and tokens older than a password change). */
  validate(payload: AccessTokenPayload) {
    return this.auth.actorFromToken(payload);
  }
}
