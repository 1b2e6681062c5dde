// The SQL of the GraphQL subscriptions (EventSubscriptionsService, SubscriptionAuth): scope checks and live API keys.

/** The region with a code, as `id`. $1: region code. */
export const REGION_BY_CODE_SQL = 'SELECT id FROM region WHERE code = $1';

/** The platform (enterprise) of a roster sync, as `enterprise_id`. $1: roster sync id. */
export const ROSTER_SYNC_PLATFORM_SQL = 'SELECT enterprise_id FROM roster_sync WHERE id = $1';

/** The owning worker of a row, as `owner`; `table` and `column` come from the service's fixed list, never from input. $1: row id. */
export const ownerSql = (table: 'governance_issue' | 'event_registration', column: 'reporter_worker_id' | 'worker_id'): string =>
  `SELECT ${column} AS owner FROM ${table} WHERE id = $1`;

/** Whether a worker follows a problem ("me too"), as one row or none. $1: problem id, $2: worker id. */
export const FOLLOWS_ISSUE_SQL = 'SELECT 1 FROM governance_issue_follower WHERE issue_id = $1 AND worker_id = $2';

/** When an API key was revoked, as `revoked_at` (null while live; no row once deleted). $1: API key id. */
export const API_KEY_REVOKED_SQL = 'SELECT revoked_at FROM api_key WHERE id = $1';
