import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';

/** The one Clock every time-dependent rule reads (deadlines, overdue, expiry); tests set it. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
