import { Logger } from '@nestjs/common';
import { maskPhone } from '../../common/personal-data/personal-data-format.js';

/** Delivers a worker's login code to their phone. */
export interface CodeSender {
  send(phone: string, code: string, expiresInSeconds: number): Promise<void>;
}

export const CODE_SENDER = Symbol('CODE_SENDER');

/** Development: writes the code to the log (with the phone masked), so no SMS gateway is needed. */
export class LogCodeSender implements CodeSender {
  private readonly logger = new Logger('WorkerLoginCode');

  async send(phone: string, code: string): Promise<void> {
    this.logger.log(`login code for ${maskPhone(phone)}: ${code} (development only)`);
  }
}

/** Tests: keeps the last code per phone in memory, to be read back with `lastCodeFor`. */
export class MemoryCodeSender implements CodeSender {
  private readonly codes = new Map<string, string>();

  async send(phone: string, code: string): Promise<void> {
    this.codes.set(phone, code);
  }

  lastCodeFor(phone: string): string | undefined {
    return this.codes.get(phone);
  }
}

/** Production: POSTs `{ phone, code, expiresInSeconds }` as JSON to the county's SMS gateway. */
export class WebhookCodeSender implements CodeSender {
  constructor(private readonly url: string) {}

  async send(phone: string, code: string, expiresInSeconds: number): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, code, expiresInSeconds }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}
