import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { isMainlandMobile, normalisePhone } from '../../common/personal-data/personal-data-format.js';
import { PersonalDataService } from '../../common/personal-data/personal-data.service.js';
import { AppConfig } from '../../config/app-config.js';
import { WorkersService } from '../../workers/workers.service.js';
import { RATE_LIMITS, RateLimiter } from '../../rate-limit/rate-limiter.js';
import { Role } from '../../access/role.enum.js';
import { TokenService, type IssuedTokens } from '../tokens/token.service.js';
import { CODE_SENDER, type CodeSender } from './code-sender.js';
import { WorkerLoginCode } from './worker-login-code.entity.js';
import { RESERVE_ATTEMPT_SQL } from './worker-login.sql.js';

/** Login code rules: 6 digits, valid 5 minutes, 5 tries, one request per phone per minute. */
export const WORKER_CODE = { validMs: 5 * 60_000, maxAttempts: 5, resendAfterMs: 60_000 };

/** The answer to a code request. */
export interface CodeRequestResult {
  expiresInSeconds: number;
  retryAfterSeconds: number;
}

/** Worker sign-in by a code sent to their phone; the first sign-in creates their person record. */
@Injectable()
export class WorkerLoginService {
  constructor(
    @InjectRepository(WorkerLoginCode) private readonly codes: Repository<WorkerLoginCode>,
    @Inject(CODE_SENDER) private readonly sender: CodeSender,
    private readonly personalData: PersonalDataService,
    private readonly workers: WorkersService,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Sends a fresh 6-digit code, at most once a minute per phone and within the per-IP limit. */
  async requestCode(rawPhone: string, ip?: string): Promise<CodeRequestResult> {
    const phone = this.validPhone(rawPhone);
    await this.limiter.hit(`worker-code:${ip}`, RATE_LIMITS.workerCodeRequest);
    const phoneIndex = this.personalData.blindIndex('phone', phone);
    const recent = await this.codes.findOne({
      where: { phoneIndex, createdAt: MoreThan(new Date(Date.now() - WORKER_CODE.resendAfterMs)) },
      order: { createdAt: 'DESC' },
    });
    if (recent) {
      const retryAfterSeconds = Math.ceil((recent.createdAt.getTime() + WORKER_CODE.resendAfterMs - Date.now()) / 1000);
      throw new DomainError(ErrorCode.RATE_LIMITED, `A code was just sent to this phone; ask again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    // Earlier unused codes stop working once a new one is sent.
    await this.codes.update({ phoneIndex, consumedAt: IsNull() }, { consumedAt: new Date() });
    await this.codes.insert({
      phoneIndex,
      codeHash: this.codeHash(phoneIndex, code),
      expiresAt: new Date(Date.now() + WORKER_CODE.validMs),
      requestIp: ip ?? null,
    });
    await this.sender.send(phone, code, WORKER_CODE.validMs / 1000);
    return { expiresInSeconds: WORKER_CODE.validMs / 1000, retryAfterSeconds: WORKER_CODE.resendAfterMs / 1000 };
  }

  /** Exchanges a phone and its current code for tokens with role WORKER. */
  async login(rawPhone: string, code: string, ip?: string): Promise<IssuedTokens> {
    const phone = this.validPhone(rawPhone);
    await this.limiter.hit(`worker-login:${ip}`, RATE_LIMITS.workerLogin);
    const phoneIndex = this.personalData.blindIndex('phone', phone);
    const current = await this.codes.findOne({ where: { phoneIndex, consumedAt: IsNull() }, order: { createdAt: 'DESC' } });
    if (!current || current.expiresAt.getTime() <= Date.now()) {
      throw DomainError.unauthenticated('The code has expired or was never requested; request a new one');
    }
    // Reserve one try atomically, so concurrent guesses cannot exceed the limit.
    const reserved: [{ attempts: number }[], number] = await this.codes.query(RESERVE_ATTEMPT_SQL, [current.id, WORKER_CODE.maxAttempts]);
    const attempts = reserved[0][0]?.attempts;
    if (attempts === undefined) throw DomainError.unauthenticated('Too many wrong codes; request a new one');
    const expected = Buffer.from(current.codeHash, 'hex');
    const given = Buffer.from(this.codeHash(phoneIndex, code), 'hex');
    if (!timingSafeEqual(expected, given)) {
      const left = WORKER_CODE.maxAttempts - attempts;
      throw DomainError.unauthenticated(left > 0 ? `Wrong code; ${left} tries left` : 'Wrong code; request a new one');
    }
    const consumed = await this.codes.update({ id: current.id, consumedAt: IsNull() }, { consumedAt: new Date() });
    if (!consumed.affected) throw DomainError.unauthenticated('The code was already used; request a new one');
    const worker = await this.workers.findOrCreateByPhone(phone);
    await this.audit.record({
      action: 'auth.worker_login',
      actor: { kind: 'worker', id: worker.id, role: Role.WORKER, label: worker.phoneMasked ?? 'worker', workerId: worker.id },
      entityType: 'Worker',
      entityId: worker.id,
      ip,
    });
    return this.tokens.issue({ sub: worker.id, kind: 'worker', role: Role.WORKER });
  }

  private validPhone(raw: string): string {
    const phone = normalisePhone(raw);
    if (!isMainlandMobile(phone)) throw DomainError.badField('phone', 'must be an 11-digit mainland China mobile number');
    return phone;
  }

  // Bound to the phone and keyed with the JWT secret: a leaked table gives no usable codes.
  private codeHash(phoneIndex: string, code: string): string {
    return createHmac('sha256', this.config.JWT_SECRET!).update(`${phoneIndex}:${code}`).digest('hex');
  }
}
