import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';

/** Provides the one Clock every time-dependent rule reads (tests set it). */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
