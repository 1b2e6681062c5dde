import { Injectable } from '@nestjs/common';

@Injectable() export class Clock { private fixed?: Date; now(): Date { return this.fixed ? new Date(this.fixed) : new Date(); } set(at: Date | undefined): void { this.fixed = at; } }
