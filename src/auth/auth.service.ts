import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditOutcome } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { Region } from '../reference/regions/region.entity.js';
import { Worker } from '../workers/worker.entity.js';
import type { Actor } from '../access/actor.js';
import { hashPassword, passwordPolicyProblems, verifyPassword } from './passwords.js';
import { RATE_LIMITS, RateLimiter } from '../rate-limit/rate-limiter.js';
import { Role } from '../access/role.enum.js';
import { StaffUser } from '../reference/staff/staff-user.entity.js';
import { CallerCache } from './caller-cache.js';
import { STAFF_CALLER_SQL, WORKER_CALLER_SQL, type StaffCallerRow, type WorkerCallerRow } from './auth.sql.js';
import { TokenService, type AccessTokenPayload, type IssuedTokens, type TokenSubject } from './tokens/token.service.js';

/** Failed logins allowed within the window before the account locks. */
export const LOCKOUT = { attempts: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Staff sign-in, token refresh and logout, password changes, and turning tokens back into callers. */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(StaffUser) private readonly staff: Repository<StaffUser>,
    @InjectRepository(Worker) private readonly workers: Repository<Worker>,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly callers: CallerCache,
  ) {}

  /**
   * Checks a username and password. Five failures within 15 minutes lock the account for 15
   * minutes; every attempt, good or bad, is audited.
   */
  async login(username: string, password: string, ip?: string): Promise<IssuedTokens> {
    await this.limiter.hit(`login:${ip}`, RATE_LIMITS.login);
    const user = await this.staff.findOneBy({ username });
    const now = Date.now();
    const fail = async (reason: string, error: DomainError) => {
      await this.audit.record({
        action: 'auth.login',
        outcome: AuditOutcome.FAILURE,
        actor: { kind: 'anonymous', label: username },
        entityType: user ? 'StaffUser' : null,
        entityId: user?.id ?? null,
        changes: { reason },
        ip,
      });
      throw error;
    };
    if (user?.lockedUntil && user.lockedUntil.getTime() > now) {
      return fail(
        'locked',
        new DomainError(ErrorCode.ACCOUNT_LOCKED, `This account is locked until ${user.lockedUntil.toISOString()} after repeated failed logins`, {
          lockedUntil: user.lockedUntil.toISOString(),
        }),
      );
    }
    const valid = await verifyPassword(user?.passwordHash, password);
    if (!user || !valid) {
      if (user) await this.countFailure(user, now);
      return fail(user ? 'wrong_password' : 'unknown_user', DomainError.unauthenticated('Wrong username or password'));
    }
    if (user.disabled) return fail('disabled', DomainError.unauthenticated('This account is disabled'));
    await this.staff.update(user.id, { failedLoginCount: 0, failedLoginWindowStart: null, lockedUntil: null, lastLoginAt: new Date(now) });
    await this.audit.record({ action: 'auth.login', actor: await this.staffActor(user), entityType: 'StaffUser', entityId: user.id, ip });
    return this.tokens.issue(this.staffPayload(user));
  }

  private async countFailure(user: StaffUser, now: number): Promise<void> {
    const windowOpen = user.failedLoginWindowStart && now - user.failedLoginWindowStart.getTime() < LOCKOUT.windowMs;
    const count = windowOpen ? user.failedLoginCount + 1 : 1;
    const lock = count >= LOCKOUT.attempts;
    await this.staff.update(user.id, {
      failedLoginCount: lock ? 0 : count,
      failedLoginWindowStart: lock ? null : windowOpen ? user.failedLoginWindowStart : new Date(now),
      lockedUntil: lock ? new Date(now + LOCKOUT.lockMs) : null,
    });
  }

  /** A new token pair for a valid refresh token (rotation; reuse revokes the family). */
  async refresh(refreshToken: string, ip?: string): Promise<IssuedTokens> {
    await this.limiter.hit(`refresh:${ip}`, RATE_LIMITS.refresh);
    return this.tokens.rotate(refreshToken, async (subjectId, kind) => {
      if (kind === 'worker') {
        const worker = await this.workers.findOneBy({ id: subjectId });
        if (!worker || worker.mergedIntoId) throw DomainError.unauthenticated('This worker record no longer exists');
        return { sub: worker.id, kind: 'worker', role: Role.WORKER };
      }
      const user = await this.staff.findOneBy({ id: subjectId });
      if (!user || user.disabled) throw DomainError.unauthenticated('This account is disabled');
      return this.staffPayload(user);
    });
  }

  /** Ends the session the refresh token belongs to. */
  async logout(refreshToken: string): Promise<boolean> {
    await this.tokens.revokeFamilyOf(refreshToken);
    return true;
  }

  /** Changes a staff user's own password; every other session ends. Returns a fresh token pair. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<IssuedTokens> {
    if (actor.kind !== 'staff') throw DomainError.forbidden('Only staff accounts have passwords');
    const user = await this.staff.findOneByOrFail({ id: actor.id });
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw DomainError.badField('currentPassword', 'is not your current password');
    }
    const problems = passwordPolicyProblems(newPassword, user.username);
    if (problems.length) throw DomainError.badField('newPassword', problems.join('; '));
    if (await verifyPassword(user.passwordHash, newPassword)) throw DomainError.badField('newPassword', 'must differ from the current password');
    await this.staff.update(user.id, { passwordHash: await hashPassword(newPassword), passwordChangedAt: new Date(), mustChangePassword: false });
    await this.tokens.revokeAllOf(user.id, 'password_changed');
    return this.tokens.issue(this.staffPayload({ ...user, mustChangePassword: false }));
  }

  /** Turns a verified access-token payload into the caller, refusing disabled users and stale tokens. */
  async actorFromToken(payload: AccessTokenPayload): Promise<Actor & { mustChangePassword: boolean }> {
    if (payload.kind === 'worker') {
      const worker = await this.callers.get(`worker:${payload.sub}`, () => this.readCaller<WorkerCallerRow>(WORKER_CALLER_SQL, payload.sub));
      if (!worker || worker.merged) throw DomainError.unauthenticated('This worker record no longer exists');
      return {
        kind: 'worker',
        id: worker.id,
        role: Role.WORKER,
        label: worker.phoneMasked ?? 'worker',
        workerId: worker.id,
        countyCode: worker.countyCode ?? undefined,
        mustChangePassword: false,
      };
    }
    const user = await this.callers.get(`staff:${payload.sub}`, () => this.readCaller<StaffCallerRow>(STAFF_CALLER_SQL, payload.sub));
    if (!user) throw DomainError.unauthenticated('This account no longer exists');
    if (user.disabled) throw DomainError.unauthenticated('This account is disabled');
    if ((payload.ims ?? (payload.iat ?? 0) * 1000) < user.passwordChangedAt.getTime()) {
      throw DomainError.unauthenticated('The password was changed since this token was issued; sign in again');
    }
    return {
      kind: 'staff',
      id: user.id,
      role: user.role,
      label: user.username,
      regionPath: user.regionPath ?? undefined,
      countyCode: user.countyCode ?? undefined,
      departmentId: user.departmentId ?? undefined,
      mustChangePassword: user.mustChangePassword,
    };
  }

  /** The one row of a caller statement (auth.sql.ts), or undefined when the account is gone. */
  private async readCaller<Row>(sql: string, id: string): Promise<Row | undefined> {
    const [row]: Row[] = await this.staff.manager.query(sql, [id]);
    return row;
  }

  /** The Actor for a staff user (region scope from its region's ltree path). */
  async staffActor(user: StaffUser): Promise<Actor> {
    const region = user.region ?? (user.regionId ? await this.staff.manager.findOneBy(Region, { id: user.regionId }) : null);
    return {
      kind: 'staff',
      id: user.id,
      role: user.role,
      label: user.username,
      regionPath: region?.path,
      countyCode: region?.countyCode ?? undefined,
      departmentId: user.departmentId ?? undefined,
    };
  }

  private staffPayload(user: Pick<StaffUser, 'id' | 'role' | 'mustChangePassword'>): TokenSubject {
    return { sub: user.id, kind: 'staff', role: user.role, ...(user.mustChangePassword ? { pcr: true } : {}) };
  }
}
