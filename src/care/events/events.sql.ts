// The SQL of welfare events (EventsService): places, queue numbers, the wait-list and REST references.
import type { RefDto } from '../../common/references/ref.dto.js';
import { refJson } from '../../common/references/references.js';
import { departmentRefJoins, departmentRefJson } from '../../reference/departments/department-ref.sql.js';

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

/** What a welfare event references, named as REST shows it (`EVENT_REFERENCES_SQL`). */
export interface EventReferences {
  organizerDepartment: RefDto;
  station: RefDto | null;
}

/** What events reference, named `{id, code, name}`: the organising department and the station (null at an address). $1: event ids (uuid[]). */
export const EVENT_REFERENCES_SQL = `SELECT e.id, ${departmentRefJson('d')} AS "organizerDepartment", ${refJson('s')} AS station
       FROM welfare_event e
       ${departmentRefJoins('d', 'e.organizer_department_id')}
       LEFT JOIN station s ON s.id = e.station_id
       WHERE e.id = ANY($1::uuid[])`;
