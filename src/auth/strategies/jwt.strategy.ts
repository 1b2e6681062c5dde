import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { setBounded } from '../../common/collections/bounded-map.js';
import { AppConfig } from '../../config/app-config.js';
import { AuthService } from '../auth.service.js';
import { jwtKeyOf } from '../tokens/jwt-key.js';
import type { AccessTokenPayload } from '../tokens/token.service.js';

/** How many verified access tokens one instance remembers; past that, the longest remembered is forgotten first. */
export const VERIFIED_TOKENS = 10_000;

const bearerOf = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The request as passport hands it over (Fastify's, typed by passport as Express's). */
type PassportRequest = Parameters<Strategy['authenticate']>[0];

/**
 * `Authorization: Bearer <access token>` for staff and workers. A token whose signature checked out
 * once is remembered with its payload until it expires, so a caller's next requests skip the HMAC and
 * JSON work of verifying the same string again; the caller behind it is still checked on every request
 * (AuthService.actorFromToken: a disabled account or a changed password refuses it at once).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verified = new Map<string, AccessTokenPayload>();

  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: bearerOf,
      secretOrKey: jwtKeyOf(config) as unknown as string, // passport-jwt passes it to jsonwebtoken, which takes a KeyObject
      algorithms: ['HS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  override authenticate(request: PassportRequest, options?: object): void {
    const token = bearerOf(request);
    const payload = token ? this.verified.get(token) : undefined;
    // Unknown or expired: passport-jwt verifies it (and says why it fails).
    if (!payload || (payload.exp ?? 0) * 1000 <= Date.now()) {
      if (payload) this.verified.delete(token!);
      return super.authenticate(request, options);
    }
    this.auth.actorFromToken(payload).then(
      (actor) => this.success(actor),
      (error: unknown) => this.error(error as Error),
    );
  }

  /** The caller behind a verified token (refuses disabled accounts and tokens older than a password change). */
  validate(request: PassportRequest, payload: AccessTokenPayload) {
    const token = bearerOf(request);
    if (token && payload.exp !== undefined) {
      setBounded(this.verified, token, payload, VERIFIED_TOKENS);
    }
    return this.auth.actorFromToken(payload);
  }
}
