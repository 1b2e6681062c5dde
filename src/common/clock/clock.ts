import { Injectable } from '@nestjs/common';
import { shanghaiDate } from './shanghai.js';

/** The one clock every time-dependent rule reads; `set` fixes it (tests, the demo seed). */
@Injectable()
export class Clock {
  private fixed?: Date;
  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }
  set(at: Date | undefined): void {
    this.fixed = at;
  }
  /** Today in Asia/Shanghai, `YYYY-MM-DD`. */
  today(): string {
    return shanghaiDate(this.now());
  }
}
