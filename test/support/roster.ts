import { request as httpRequest, type ClientRequest } from 'node:http';
import type { ActorClient } from './actors.js';

/** A platform's API-key client, with its enterprise. */
export type Platform = ActorClient & { enterpriseId: string };

/** `GET /api/v1/roster/syncs/{id}` as the tests read it. */
export interface SyncBody {
  id: string;
  status: string;
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  rejected: number;
  matchedPartyMembers: number;
  ledgerEntriesCreated: number;
  failureCode: string | null;
  failureReason: string | null;
  failureDetails: Record<string, number> | null;
  rejectedRows: {
    line: number;
    externalId: string | null;
    field: string | null;
    reasonCode: string;
    reason: string;
    problems: { code: string; field: string | null; reason: string }[];
  }[];
}

/** The consent reference every test sync carries. */
export const CONSENT = 'consent-2024-001';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a sync until it is COMMITTED, DRY_RUN_COMPLETE or FAILED (at most 30 s). */
export async function settle(platform: Platform, id: string): Promise<SyncBody> {
  for (let i = 0; i < 600; i++) {
    const response = await platform.get(`/api/v1/roster/syncs/${id}`).expect(200);
    if (['COMMITTED', 'DRY_RUN_COMPLETE', 'FAILED'].includes(response.body.status as string)) return response.body as SyncBody;
    await sleep(50);
  }
  throw new Error(`sync ${id} did not finish`);
}

/** What the server answered to an upload. */
export interface UploadResponse {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

/** An upload whose body is sent piece by piece, for tests that act while it is being received. */
export interface OpenUpload {
  send(text: string): void;
  /** Sends the last piece and waits for the answer. */
  end(text?: string): Promise<UploadResponse>;
  /** Cuts the connection, as a client that goes away does. */
  abort(): void;
  /** The answer, whenever it comes (it may come before the body has ended). */
  response: Promise<UploadResponse>;
}

/** Starts `POST /api/v1/roster/syncs?{query}` to the app listening on `port` with a chunked body. */
export function openUpload(port: number, platform: Platform, query = 'mode=snapshot', type = 'application/x-ndjson'): OpenUpload {
  let request!: ClientRequest;
  const response = new Promise<UploadResponse>((resolve, reject) => {
    request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/v1/roster/syncs?${query}`,
        headers: { 'content-type': type, 'x-api-key': platform.token, 'x-consent-ref': CONSENT, 'transfer-encoding': 'chunked' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
          }),
        );
      },
    );
    request.on('error', reject);
  });
  return {
    send: (text) => void request.write(text),
    end: (text) => {
      request.end(text);
      return response;
    },
    abort: () => {
      response.catch(() => undefined);
      request.destroy();
    },
    response,
  };
}
