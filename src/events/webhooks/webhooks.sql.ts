// The SQL of webhooks: managing endpoints, their deliveries and replays (WebhooksService), and sending deliveries (WebhookDeliveryWorker).

/** The columns of webhook_endpoint an EndpointRow reads (never the sealed secrets). */
const ENDPOINT_COLUMNS =
  'id, owner_kind, owner_id, platform_id, url, events, description, enabled, disabled_reason, previous_secret_until, failing_since, created_at';

/** How many endpoints an owner has, as `n`. $1 owner kind, $2 owner id. */
export const COUNT_OWNER_ENDPOINTS_SQL = 'SELECT count(*)::int AS n FROM webhook_endpoint WHERE owner_kind = $1 AND owner_id = $2';

/**
 * Adds an endpoint; returns its ENDPOINT_COLUMNS. $1 owner kind, $2 owner id, $3 platform id or null,
 * $4 url, $5 event types, $6 description or null, $7 sealed secret.
 */
export const INSERT_ENDPOINT_SQL = `INSERT INTO webhook_endpoint (owner_kind, owner_id, platform_id, url, events, description, secret_sealed)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ENDPOINT_COLUMNS}`;

/** A platform's own endpoints, oldest first. $1: platform id. */
export const PLATFORM_ENDPOINTS_SQL = `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE owner_kind = 'platform' AND owner_id = $1 ORDER BY created_at, id`;

/** Every endpoint, or those of one platform, oldest first, at most 1000. $1: platform id or null. */
export const ENDPOINTS_SQL = `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE ($1::uuid IS NULL OR platform_id = $1) ORDER BY created_at, id LIMIT 1000`;

/**
 * Changes an endpoint; when re-enabled, clears why it was disabled and since when it failed; returns its
 * ENDPOINT_COLUMNS. $1 id, $2 url, $3 event types, $4 enabled, $5 description or null, $6 re-enabled.
 */
export const UPDATE_ENDPOINT_SQL = `UPDATE webhook_endpoint SET url = $2, events = $3, enabled = $4, description = $5, updated_at = now(),
         disabled_reason = CASE WHEN $6 THEN NULL ELSE disabled_reason END, failing_since = CASE WHEN $6 THEN NULL ELSE failing_since END
       WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`;

/** Deletes an endpoint (its deliveries cascade). $1: endpoint id. */
export const DELETE_ENDPOINT_SQL = 'DELETE FROM webhook_endpoint WHERE id = $1';

/**
 * Rotates an endpoint's secret: the current one becomes the previous one until $2; returns its
 * ENDPOINT_COLUMNS. $1 endpoint id, $2 until when the previous secret still signs, $3 the new sealed secret.
 */
export const ROTATE_SECRET_SQL = `UPDATE webhook_endpoint SET previous_secret_sealed = secret_sealed, previous_secret_until = $2, secret_sealed = $3, updated_at = now()
       WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`;

/** An endpoint's deliveries with their event type, newest event first. $1 endpoint id, $2 status or null, $3 limit. */
export const ENDPOINT_DELIVERIES_SQL = `SELECT d.id, d.event_id, d.event_sequence::text AS event_sequence, o.type, d.subject_key, d.status, d.attempts, d.response_code, d.response_body,
              d.latency_ms, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at
       FROM webhook_delivery d LEFT JOIN event_outbox o ON o.sequence = d.event_sequence
       WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2) ORDER BY d.event_sequence DESC LIMIT $3`;

/**
 * Queues again an endpoint's events from a sequence on (finished deliveries back to PENDING, missing ones
 * created), in sequence order; returns how many as `queued`. $1 endpoint id, $2 first sequence, $3 limit.
 */
export const REPLAY_SQL = `WITH queued AS (INSERT INTO webhook_delivery (endpoint_id, event_sequence, event_id, subject_key)
       SELECT w.id, o.sequence, o.id, o.subject_key FROM webhook_endpoint w JOIN event_outbox o
         ON o.type = ANY (w.events) AND (w.platform_id IS NULL OR o.platform_id = w.platform_id)
       WHERE w.id = $1 AND o.sequence >= $2 ORDER BY o.sequence LIMIT $3
       ON CONFLICT ON CONSTRAINT uq_webhook_delivery_endpoint_event DO UPDATE
         SET status = 'PENDING', attempts = 0, next_attempt_at = now(), first_failed_at = NULL, leased_until = NULL
         WHERE webhook_delivery.status <> 'PENDING'
       RETURNING 1) SELECT count(*)::int AS queued FROM queued`;

/** One endpoint's ENDPOINT_COLUMNS. $1: endpoint id. */
export const ENDPOINT_SQL = `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE id = $1`;

// The delivery worker's statements (WebhookDeliveryWorker).

/**
 * Claims the head (lowest sequence) of each (endpoint, subject) still pending, due, not leased, on an
 * enabled endpoint, in sequence order: leases it and counts the attempt; returns it with its endpoint and
 * event (a Claimed). $1 how many at most, $2 lease in seconds. Pending rows are walked in sequence order
 * (ix_webhook_delivery_pending_sequence) and a row is a head when no pending row of its endpoint and
 * subject comes before it, so a claim stops after $1 heads instead of ranking every pending row (with
 * 10,000 pending, that ranking made each claim the bottleneck).
 */
export const CLAIM_DELIVERIES_SQL = `WITH picked AS (
         SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id AND w.enabled
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND (d.leased_until IS NULL OR d.leased_until < now())
           AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.status = 'PENDING' AND p.endpoint_id = d.endpoint_id
                             AND p.subject_key = d.subject_key AND p.event_sequence < d.event_sequence)
         ORDER BY d.event_sequence LIMIT $1 FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_delivery d SET leased_until = now() + make_interval(secs => $2), attempts = d.attempts + 1
       FROM picked, webhook_endpoint w, event_outbox o
       WHERE d.id = picked.id AND w.id = d.endpoint_id AND o.sequence = d.event_sequence
       RETURNING d.id, d.event_id, d.event_sequence::text AS event_sequence, d.attempts, d.first_failed_at, w.id AS endpoint_id, w.failing_since AS endpoint_failing_since, w.url,
                 w.secret_sealed, w.previous_secret_sealed, w.previous_secret_until, o.type, o.payload, o.created_at`;

/**
 * Marks deliveries SUCCEEDED and releases their leases, many at once. $1 delivery ids, $2 response
 * codes, $3 response bodies, $4 latencies (ms): arrays of one length, element by element.
 */
export const DELIVERIES_SUCCEEDED_SQL = `UPDATE webhook_delivery d SET status = 'SUCCEEDED', delivered_at = now(), leased_until = NULL, response_code = v.code,
           response_body = v.body, latency_ms = v.latency, last_error = NULL
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[]) AS v(id, code, body, latency) WHERE d.id = v.id`;

/** Clears an endpoint's failing_since after a success. $1: endpoint id. */
export const ENDPOINT_SUCCEEDED_SQL = 'UPDATE webhook_endpoint SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL';

/**
 * Records a failed attempt and releases the lease. $1 delivery id, $2 status (PENDING or DEAD), $3 next attempt,
 * $4 first failure, $5 response code, $6 response body, $7 latency (ms), $8 error.
 */
export const DELIVERY_FAILED_SQL = `UPDATE webhook_delivery SET status = $2, next_attempt_at = $3, first_failed_at = $4, leased_until = NULL, response_code = $5,
         response_body = $6, latency_ms = $7, last_error = $8 WHERE id = $1`;

/** Marks an endpoint failing (since now, unless already) and disables it once it has failed longer than $2 seconds. $1 endpoint id, $2 seconds. */
export const ENDPOINT_FAILED_SQL = `UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, now()),
         enabled = CASE WHEN failing_since < now() - make_interval(secs => $2) THEN false ELSE enabled END,
         disabled_reason = CASE WHEN failing_since < now() - make_interval(secs => $2)
           THEN 'Disabled: every delivery failed since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') || ' (3 days); fix the receiver, then PATCH enabled=true and replay'
           ELSE disabled_reason END
       WHERE id = $1`;

/** Every disabled endpoint with its reason and owner, for the notice its owner's calls carry. */
export const DISABLED_ENDPOINTS_SQL = `SELECT owner_kind, owner_id, id, disabled_reason FROM webhook_endpoint WHERE NOT enabled AND disabled_reason IS NOT NULL ORDER BY id`;
