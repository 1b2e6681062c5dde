// The SQL of worker sign-in by SMS code (WorkerLoginService) that is not a repository call.

/** Reserves one try of an unconsumed code $1 while it has fewer than $2 tries; returns the tries made, no row when none is left. */
export const RESERVE_ATTEMPT_SQL =
  'UPDATE worker_login_code SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 AND consumed_at IS NULL RETURNING attempts';
