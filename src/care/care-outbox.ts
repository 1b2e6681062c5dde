import type { Station } from './stations/station.entity.js';
import type { WelfareEvent } from './events/welfare-event.entity.js';

export { EventType } from '../outbox/event-types.js';
export { OutboxService } from '../outbox/outbox.service.js';

/** `care.station.status_changed`: the station's ids and codes, and what changed (status from/to, or one amenity). */
export function stationEventPayload(
  station: Station,
  change: { from?: string; to?: string; amenity?: { amenity: string; working: boolean } },
): Record<string, unknown> {
  return {
    stationId: station.id,
    code: station.code,
    countyCode: station.countyCode,
    townshipId: station.townshipId,
    status: station.status,
    ...(change.to !== undefined ? { from: change.from, to: change.to } : {}),
    ...(change.amenity ? { amenity: change.amenity.amenity, working: change.amenity.working } : {}),
  };
}

/** `care.event.registration_changed`: the event and registration ids and the new status; never the worker. */
export function registrationEventPayload(event: WelfareEvent, registration: { id: string; queueNumber?: number }, status: string): Record<string, unknown> {
  return {
    eventId: event.id,
    registrationId: registration.id,
    status,
    queueNumber: registration.queueNumber ?? null,
    countyCode: event.countyCode,
  };
}
