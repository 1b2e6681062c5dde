import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../access/actor.js';
import { RATE_LIMITS, RateLimiter } from '../../rate-limit/rate-limiter.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';

/** How long a screen shows one code; a code is accepted in its own window and the next. */
export const CHECK_IN_CODE_WINDOW_MS = 60_000;
const DIGITS = 6;

/** The code a station's or an event's screen shows right now, and when it changes and stops being accepted. */
export interface RotatingCode {
  code: string;
  refreshAt: Date;
  validUntil: Date;
}

/** A scanned check-in payload split into its fixed part (a station's or event's code) and the rotating code, if any. */
export interface ScannedCode {
  fixed: string;
  rotating: string | null;
}

/**
 * 动态签到码 Rotating check-in codes. A printed QR code can be photographed and scanned from anywhere, so a
 * worker's own check-in needs the code a screen on site shows: six digits, an HMAC-SHA256 of the
 * subject (`station:<id>`, `event:<id>`) and the minute, under a key derived (HKDF) from JWT_SECRET.
 * A code is accepted during its minute and the next, so a scan just before the screen changes still
 * counts; wrong codes are limited per worker (`RATE_LIMITS.wrongCheckInCode`).
 */
@Injectable()
export class CheckInCodes {
  private readonly key: Buffer;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', config.JWT_SECRET!, Buffer.alloc(0), 'newforce check-in codes v1', 32));
  }

  /** The subject's code for the Clock's current window. */
  current(subject: string): RotatingCode {
    const window = this.windowAt(this.clock.now());
    return {
      code: this.codeFor(subject, window),
      refreshAt: new Date((window + 1) * CHECK_IN_CODE_WINDOW_MS),
      validUntil: new Date((window + 2) * CHECK_IN_CODE_WINDOW_MS),
    };
  }

  /**
   * Accepts a scan carrying the subject's code of this window or the last. Refuses on `code` a scan
   * without the rotating code (a printed QR) and a wrong or old code, which counts against the worker:
   * past `RATE_LIMITS.wrongCheckInCode` even the right code is RATE_LIMITED until the hour is over.
   */
  async verify(actor: Actor, subject: string, scanned: ScannedCode, place: string): Promise<void> {
    await this.limiter.assertUnder(limitKey(actor), RATE_LIMITS.wrongCheckInCode);
    if (!scanned.rotating) throw DomainError.badField('code', `scan the code shown on the ${place}'s screen: the printed code alone no longer checks in`);
    const window = this.windowAt(this.clock.now());
    const given = Buffer.from(scanned.rotating);
    const matches = [window, window - 1].some((w) => {
      const expected = Buffer.from(this.codeFor(subject, w));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (matches) return;
    await this.limiter.hit(limitKey(actor), RATE_LIMITS.wrongCheckInCode);
    throw DomainError.badField('code', `is not the code the ${place}'s screen shows now; scan it again`);
  }

  private windowAt(at: Date): number {
    return Math.floor(at.getTime() / CHECK_IN_CODE_WINDOW_MS);
  }

  // RFC 4226's dynamic truncation of the HMAC, so every digit is as likely as any other.
  private codeFor(subject: string, window: number): string {
    const mac = createHmac('sha256', this.key).update(`${subject}:${window}`).digest();
    const offset = mac[mac.length - 1] & 0x0f;
    return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS).padStart(DIGITS, '0');
  }
}

/** Splits `NF-STN-NY-0001.123456` (or `NY-0001.123456`) into `NY-0001` and `123456`; a printed code has no rotating part. */
export function splitScanned(scanned: string, prefix: string): ScannedCode {
  const trimmed = scanned.trim();
  if (trimmed.length > 80) throw DomainError.badField('code', 'must be at most 80 characters');
  const bare = trimmed.startsWith(prefix) ? trimmed.slice(prefix.length) : trimmed;
  const dot = bare.lastIndexOf('.');
  return dot < 0 ? { fixed: bare, rotating: null } : { fixed: bare.slice(0, dot), rotating: bare.slice(dot + 1) };
}

function limitKey(actor: Actor): string {
  return `check-in-code:${actor.workerId ?? actor.id}`;
}
