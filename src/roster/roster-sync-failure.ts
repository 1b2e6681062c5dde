import { RosterSyncRole } from './roster-sync-lease.js';
import { RosterSyncStatus, type RosterFailureDetails, type RosterSync } from './roster-sync.entity.js';

/** Why a sync failed as a whole (a stable code, see RosterSync.failureCode), with the figures behind it. */
export class RosterSyncRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: RosterFailureDetails = {},
  ) {
    super(message);
  }
}

/** INTERRUPTED: the process receiving or applying the sync died; nothing of it was applied. */
export function interruptedRefusal(role: RosterSyncRole): RosterSyncRefusal {
  const during = role === RosterSyncRole.UPLOAD ? 'while its body was being received' : 'while it was being applied';
  return new RosterSyncRefusal(
    'INTERRUPTED',
    `The service handling this sync stopped ${during} (it was restarted or lost its database connection); nothing was changed. Send the sync again`,
  );
}

/** The columns of a FAILED sync. */
export function failureOf(refusal: RosterSyncRefusal): Partial<RosterSync> {
  return {
    status: RosterSyncStatus.FAILED,
    failureCode: refusal.code,
    failureReason: refusal.message,
    failureDetails: Object.keys(refusal.details).length > 0 ? refusal.details : null,
    finishedAt: new Date(),
  };
}
