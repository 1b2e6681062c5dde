import { DomainError } from '../../common/errors/domain-error.js';

/** A GeoJSON Polygon (RFC 7946): one closed ring of [longitude, latitude] positions. */
export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

/** A polygon's vertices as [lng, lat], without the repeated closing position. */
export type Ring = [number, number][];

/** Most positions a grid's ring may have (the API documents it as the ring's maxItems). */
export const MAX_RING_POSITIONS = 10_000;

/**
 * Checks a GeoJSON Polygon and returns its vertices. Refused, naming `field`: another type, holes
 * (PostgreSQL's polygon has one ring), a ring that is not closed or has fewer than 3 distinct
 * vertices, positions out of range, and zero area.
 */
export function ringOf(polygon: { type?: unknown; coordinates?: unknown }, field = 'boundary'): Ring {
  if (polygon?.type !== 'Polygon') throw DomainError.badField(`${field}.type`, 'must be "Polygon"');
  const rings = polygon.coordinates;
  if (!Array.isArray(rings) || rings.length === 0) throw DomainError.badField(`${field}.coordinates`, 'must hold one linear ring');
  if (rings.length > 1) throw DomainError.badField(`${field}.coordinates`, 'holes are not supported: give the outer ring only');
  const ring = rings[0] as unknown;
  if (!Array.isArray(ring) || ring.length < 4) throw DomainError.badField(`${field}.coordinates`, 'a ring needs at least 4 positions (closed)');
  if (ring.length > MAX_RING_POSITIONS) throw DomainError.badField(`${field}.coordinates`, `a ring may have at most ${MAX_RING_POSITIONS} positions`);
  const positions = ring.map((position: unknown, i: number): [number, number] => {
    if (!Array.isArray(position) || position.length < 2 || position.length > 3 || !position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw DomainError.badField(`${field}.coordinates.0.${i}`, 'must be [longitude, latitude] (or with an altitude)');
    }
    const [lng, lat] = position as number[];
    if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
      throw DomainError.badField(`${field}.coordinates.0.${i}`, 'longitude must be within ±180 and latitude within ±90 (GeoJSON order is [lng, lat])');
    }
    return [lng, lat];
  });
  const first = positions[0];
  const last = positions[positions.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1])
    throw DomainError.badField(`${field}.coordinates`, 'the ring must be closed: the last position repeats the first');
  const vertices = positions.slice(0, -1);
  if (new Set(vertices.map((v) => v.join(','))).size < 3) throw DomainError.badField(`${field}.coordinates`, 'a ring needs at least 3 distinct vertices');
  if (Math.abs(signedArea(vertices)) < 1e-12) throw DomainError.badField(`${field}.coordinates`, 'the polygon has no area');
  return vertices;
}

/** PostgreSQL polygon literal: `((lng,lat),…)` (x = longitude, y = latitude). */
export function toPgPolygon(ring: Ring): string {
  return `(${ring.map(([lng, lat]) => `(${lng},${lat})`).join(',')})`;
}

/** Reads PostgreSQL's polygon text back into vertices. */
export function fromPgPolygon(text: string): Ring {
  const numbers = text.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)?.map(Number) ?? [];
  const ring: Ring = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) ring.push([numbers[i], numbers[i + 1]]);
  return ring;
}

/** The GeoJSON Polygon of a ring (closed again). */
export function toGeoJson(ring: Ring): GeoJsonPolygon {
  return { type: 'Polygon', coordinates: [[...ring, ring[0]].map(([lng, lat]) => [lng, lat])] };
}

/** Area centroid (shoelace formula on lng/lat: grids are small enough for the plane). */
export function centroidOf(vertices: Ring): { lat: number; lng: number } {
  // Relative to the first vertex, so large coordinates do not cancel each other's precision away.
  const [ox, oy] = vertices[0];
  const ring: Ring = vertices.map(([x, y]) => [x - ox, y - oy]);
  const area = signedArea(ring);
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    const cross = x0 * y1 - x1 * y0;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return { lng: ox + cx / (6 * area), lat: oy + cy / (6 * area) };
}

function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}
