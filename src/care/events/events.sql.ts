// The SQL of welfare events (EventsService): places, queue numbers and the wait-list.

/** The code of a region. $1: region id. */
export const REGION_CODE_SQL = 'SELECT code FROM region WHERE id = $1';

/** Takes the event's next queue number (and a confirmed place when $2 is 1); returns last_queue_number. $1 event id, $2 places taken (0 or 1). */
export const TAKE_QUEUE_NUMBER_SQL =
  'UPDATE welfare_event SET confirmed_count = confirmed_count + $2, last_queue_number = last_queue_number + 1 WHERE id = $1 RETURNING last_queue_number';

/** Frees one confirmed place of an event; returns confirmed_count. $1: event id. */
export const FREE_PLACE_SQL = 'UPDATE welfare_event SET confirmed_count = confirmed_count - 1 WHERE id = $1 RETURNING confirmed_count';

/**
 * Confirms an event's first wait-listed registrations, by queue number, locking them; returns their
 * id and queue_number. $1 event id, $2 how many, $3 when they were promoted.
 */
export const PROMOTE_WAITLISTED_SQL = `UPDATE event_registration SET status = 'CONFIRMED', promoted_at = $3, updated_at = now()
       WHERE id IN (SELECT id FROM event_registration WHERE event_id = $1 AND status = 'WAITLISTED'
                    ORDER BY queue_number LIMIT $2 FOR UPDATE)
       RETURNING id, queue_number`;

/** Adds confirmed places to an event. $1 event id, $2 how many. */
export const ADD_CONFIRMED_SQL = 'UPDATE welfare_event SET confirmed_count = confirmed_count + $2 WHERE id = $1';
