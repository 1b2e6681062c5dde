import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import type { PlanCounts } from './roster-apply.sql.js';
import { RosterSyncRefusal } from './roster-sync-failure.js';
import { RosterSyncMode, type RosterSync } from './roster-sync.entity.js';

// The rules that refuse a roster sync as a whole. They are asked in the apply's transaction, under
// the platform's lock, before anything is written: a refused sync changes nothing on the roster.

/**
 * SUPERSEDED: a sync of this platform received after this one has committed; applying this one
 * would undo it. Asked under the platform's lock, so none can commit meanwhile.
 */
export async function refuseIfSuperseded(manager: EntityManager, sync: RosterSync): Promise<void> {
  const [newer] = await manager.query<{ id: string }[]>(
    `SELECT id FROM roster_sync
     WHERE enterprise_id = $1 AND status = 'COMMITTED' AND NOT dry_run AND (created_at, id) > ($2, $3)
     ORDER BY created_at DESC, id DESC LIMIT 1`,
    [sync.enterpriseId, sync.createdAt, sync.id],
  );
  if (newer) {
    throw new RosterSyncRefusal(
      'SUPERSEDED',
      `A newer sync of this platform (${newer.id}), received after this one, has been applied already; applying this one would undo it. ` +
        'Nothing was changed; send the roster again if this one is still current',
      { supersededBy: newer.id },
    );
  }
}

/**
 * The first guard this sync trips, if any: stale rows, too many rejected rows, mass deactivation
 * (compared with `activeBefore`, the platform's active riders before the sync wrote any, or else
 * with those on the roster now).
 */
export async function firstRefusal(
  manager: EntityManager,
  config: AppConfig,
  sync: RosterSync,
  counts: PlanCounts,
  activeBefore?: number,
): Promise<RosterSyncRefusal | null> {
  const refusal = staleRefusal(counts) ?? rejectedShareRefusal(counts, config.ROSTER_MAX_REJECTED_PERCENT);
  if (refusal) return refusal;
  if (sync.mode !== RosterSyncMode.SNAPSHOT || sync.allowMassDeactivation || counts.deactivated === 0) return null;
  const active = activeBefore ?? (await activeRiders(manager, sync.enterpriseId));
  return massDeactivationRefusal(counts, active, config.ROSTER_MAX_DEACTIVATED_PERCENT);
}

/** ROSTER_CHANGED: riders unchanged when staged changed on the roster before the sync was applied. */
export function staleRefusal(counts: Pick<PlanCounts, 'stale'>): RosterSyncRefusal | null {
  if (counts.stale === 0) return null;
  return new RosterSyncRefusal(
    'ROSTER_CHANGED',
    `${counts.stale} riders changed on the roster while this sync waited (another sync of this platform); send it again`,
    { changedMeanwhile: counts.stale },
  );
}

/** REJECTED_SHARE_EXCEEDED: more than `maxRejected` percent of the rows were rejected. */
export function rejectedShareRefusal(counts: Pick<PlanCounts, 'received' | 'rejected'>, maxRejected: number): RosterSyncRefusal | null {
  if (counts.received === 0 || counts.rejected * 100 <= counts.received * maxRejected) return null;
  return new RosterSyncRefusal(
    'REJECTED_SHARE_EXCEEDED',
    `${counts.rejected} of ${counts.received} rows were rejected, more than ${maxRejected}%; nothing was changed. ` +
      'Fix the rejected rows (see the change list) and send the sync again',
    { rejected: counts.rejected, received: counts.received, limitPercent: maxRejected },
  );
}

/** MASS_DEACTIVATION: a snapshot would deactivate more than `maxDeactivated` percent of `active` riders. */
export function massDeactivationRefusal(counts: Pick<PlanCounts, 'deactivated'>, active: number, maxDeactivated: number): RosterSyncRefusal | null {
  if (counts.deactivated * 100 <= active * maxDeactivated) return null;
  return new RosterSyncRefusal(
    'MASS_DEACTIVATION',
    `This snapshot would deactivate ${counts.deactivated} of ${active} active riders, more than ${maxDeactivated}%; nothing was changed. ` +
      'Send it with allowMassDeactivation=true if that is intended',
    { wouldDeactivate: counts.deactivated, activeRiders: active, limitPercent: maxDeactivated },
  );
}

/** Active riders of a platform (what a snapshot's deactivations are compared with). */
export async function activeRiders(manager: EntityManager, platform: string): Promise<number> {
  const [{ active }] = await manager.query<{ active: number }[]>('SELECT count(*)::int AS active FROM roster_rider WHERE enterprise_id = $1 AND active', [
    platform,
  ]);
  return active;
}

/** Given the last staged line each time it looks, says whether none has arrived for `idleSeconds`. */
export function stallWatch(idleSeconds: number, now: () => number = Date.now): (last: number) => boolean {
  let seen = -1;
  let lastArrival = now();
  return (last) => {
    if (last !== seen) {
      seen = last;
      lastArrival = now();
    }
    return now() - lastArrival > idleSeconds * 1000;
  };
}

/** UPLOAD_STALLED: the body of a sync being applied while it is received stopped arriving. */
export function stalledRefusal(idleSeconds: number): RosterSyncRefusal {
  return new RosterSyncRefusal('UPLOAD_STALLED', `No rows of this sync arrived for ${idleSeconds} s; nothing was changed. Send the sync again`);
}
