import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export interface Received {
  /** The path and query the request was sent to (tests give each endpoint its own query). */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered with. */
  status: number;
  at: number;
}

/** A local webhook receiver that can be "down" (answering 503) and record everything it got. */
export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** Requests answered 2xx. */
  delivered(): Received[];
  /** While down, every request is answered with this status (and Retry-After when given). */
  down(status?: number, retryAfter?: string): void;
  up(): void;
  /** Waits until `predicate` holds (polling), or fails after `ms`. */
  until(predicate: () => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 on a free port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Received[] = [];
  let failing: { status: number; retryAfter?: string } | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = failing?.status ?? 200;
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status, at: Date.now() });
      res.writeHead(status, failing?.retryAfter ? { 'retry-after': failing.retryAfter } : {});
      res.end(status === 200 ? 'ok' : 'x'.repeat(5000));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    delivered: () => received.filter((r) => r.status >= 200 && r.status < 300),
    down: (status = 503, retryAfter?: string) => void (failing = { status, retryAfter }),
    up: () => void (failing = null),
    async until(predicate, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('the receiver did not get what was expected in time');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
