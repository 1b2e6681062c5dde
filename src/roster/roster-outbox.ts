import type { RosterSync, RosterSyncStatus } from './roster-sync.entity.js';

export { EventType } from '../outbox/event-types.js';
export { OutboxService } from '../outbox/outbox.service.js';

/** `roster.sync.completed` / `failed`: the sync's id, platform, mode, status and counts (no rider data). */
export function syncEventPayload(sync: RosterSync, status: RosterSyncStatus, counts: Record<string, number>, failureCode?: string): Record<string, unknown> {
  return {
    syncId: sync.id,
    platformId: sync.enterpriseId,
    mode: sync.mode,
    dryRun: sync.dryRun,
    status,
    ...counts,
    ...(failureCode ? { failureCode } : {}),
  };
}
