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
  rejectedRows: { line: number; externalId: string | null; field: string | null; reasonCode: string; reason: string }[];
}

/** The consent reference every test sync carries. */
export const CONSENT = 'consent-2024-001';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a sync until it is COMMITTED or FAILED (at most 30 s). */
export async function settle(platform: Platform, id: string): Promise<SyncBody> {
  for (let i = 0; i < 600; i++) {
    const response = await platform.get(`/api/v1/roster/syncs/${id}`).expect(200);
    if (response.body.status === 'COMMITTED' || response.body.status === 'FAILED') return response.body as SyncBody;
    await sleep(50);
  }
  throw new Error(`sync ${id} did not finish`);
}
