import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';

/** The one clock every time-dependent rule reads; tests set it with `app.get(Clock).set(...)`. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
