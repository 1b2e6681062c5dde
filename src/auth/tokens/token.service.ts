import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { Role } from '../../access/role.enum.js';
import { RefreshToken } from './refresh-token.entity.js';

/** What the access token says about its holder. */
export interface AccessTokenPayload {
  sub: string;
  kind: 'staff' | 'worker';
  role: Role;
  /** Password change required: only changePassword, me and logout are allowed. */
  pcr?: boolean;
  /** Issued-at in milliseconds (`iat` has whole seconds), compared with the last password change. */
  ims?: number;
  iat?: number;
  exp?: number;
}

/** Who a token is for; the signing adds the times. */
export type TokenSubject = Omit<AccessTokenPayload, 'iat' | 'exp' | 'ims'>;

/** The pair a login returns. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Access-token lifetime in seconds. */
  expiresIn: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Issues access tokens (JWT, 15 minutes) and rotating refresh tokens stored only as hashes. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A new access token and a refresh token starting (or continuing) a family. */
  async issue(payload: TokenSubject, familyId = randomUUID()): Promise<IssuedTokens> {
    const refreshToken = randomBytes(32).toString('base64url');
    await this.dataSource.getRepository(RefreshToken).insert({
      subjectKind: payload.kind,
      subjectId: payload.sub,
      tokenHash: sha256(refreshToken),
      familyId,
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    });
    return { accessToken: await this.sign(payload), refreshToken, expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }

  /** Signs an access token. */
  sign(payload: TokenSubject): Promise<string> {
    return this.jwt.signAsync({ ...payload, ims: Date.now() }, { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS });
  }

  /**
   * Exchanges a refresh token for a new pair (the old one is revoked). A revoked token presented
   * again revokes its whole family: someone else may hold a copy.
   */
  async rotate(refreshToken: string, current: (subjectId: string, kind: 'staff' | 'worker') => Promise<TokenSubject>): Promise<IssuedTokens> {
    const reused = await this.dataSource.transaction(async (manager) => {
      const tokens = manager.getRepository(RefreshToken);
      const stored = await tokens.findOne({ where: { tokenHash: sha256(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!stored) throw DomainError.unauthenticated('Refresh token is not valid');
      if (stored.revokedAt) {
        await tokens.update({ familyId: stored.familyId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'reuse_detected' });
        return true;
      }
      if (stored.expiresAt.getTime() <= Date.now()) throw DomainError.unauthenticated('Refresh token expired; sign in again');
      const payload = await current(stored.subjectId, stored.subjectKind);
      const next = await this.issueInFamily(manager.getRepository(RefreshToken), payload, stored.familyId);
      await tokens.update(stored.id, { revokedAt: new Date(), revokedReason: 'rotated', replacedById: next.id });
      return { accessToken: await this.sign(payload), refreshToken: next.token, expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
    });
    if (reused === true) throw DomainError.unauthenticated('Refresh token was already used; every session from it is signed out');
    return reused;
  }

  /** Revokes the family of one refresh token (logout); unknown tokens are ignored. */
  async revokeFamilyOf(refreshToken: string): Promise<void> {
    const stored = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(refreshToken) });
    if (stored) await this.revoke({ familyId: stored.familyId }, 'logout');
  }

  /** Revokes every refresh token of a subject (password change, account disabled). */
  async revokeAllOf(subjectId: string, reason: string): Promise<void> {
    await this.revoke({ subjectId }, reason);
  }

  private async revoke(where: { familyId?: string; subjectId?: string }, reason: string): Promise<void> {
    await this.dataSource.getRepository(RefreshToken).update({ ...where, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  private async issueInFamily(repository: ReturnType<DataSource['getRepository']>, payload: TokenSubject, familyId: string) {
    const token = randomBytes(32).toString('base64url');
    const result = await repository.insert({
      subjectKind: payload.kind,
      subjectId: payload.sub,
      tokenHash: sha256(token),
      familyId,
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    });
    return { id: result.identifiers[0].id as string, token };
  }
}
