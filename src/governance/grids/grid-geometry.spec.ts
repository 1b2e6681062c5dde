import { DomainError } from '../../common/errors/domain-error.js';
import { centroidOf, fromPgPolygon, ringOf, toGeoJson, toPgPolygon } from './grid-geometry.js';

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [111.9, 25.6],
      [112.0, 25.6],
      [112.0, 25.7],
      [111.9, 25.7],
      [111.9, 25.6],
    ],
  ],
};

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as DomainError).details.fields?.[0]?.field;
  }
  return undefined;
}

describe('grid geometry', () => {
  it('turns a GeoJSON polygon into a PostgreSQL polygon (x = lng, y = lat) and back', () => {
    const ring = ringOf(square);
    expect(toPgPolygon(ring)).toBe('((111.9,25.6),(112,25.6),(112,25.7),(111.9,25.7))');
    expect(toGeoJson(fromPgPolygon('((111.9,25.6),(112,25.6),(112,25.7),(111.9,25.7))'))).toEqual(square);
  });

  it('finds the area centroid, also of a concave L shape', () => {
    const c = centroidOf(ringOf(square));
    expect(c.lng).toBeCloseTo(111.95, 10);
    expect(c.lat).toBeCloseTo(25.65, 10);
    const l = centroidOf([
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
    ]);
    expect(l.lng).toBeCloseTo(5 / 6, 10);
    expect(l.lat).toBeCloseTo(5 / 6, 10);
  });

  it('refuses other types, holes, open rings, out-of-range positions and flat polygons, naming the field', () => {
    expect(fieldOf(() => ringOf({ type: 'Point', coordinates: [1, 2] }))).toBe('boundary.type');
    expect(fieldOf(() => ringOf({ type: 'Polygon', coordinates: [square.coordinates[0], square.coordinates[0]] }))).toBe('boundary.coordinates');
    expect(fieldOf(() => ringOf({ type: 'Polygon', coordinates: [square.coordinates[0].slice(0, 4).concat([[111.9, 25.65]])] }))).toBe('boundary.coordinates');
    expect(
      fieldOf(() =>
        ringOf({
          type: 'Polygon',
          coordinates: [
            [
              [25.6, 191.9],
              [26, 112],
              [26, 113],
              [25.6, 191.9],
            ],
          ],
        }),
      ),
    ).toBe('boundary.coordinates.0.0');
    expect(
      fieldOf(() =>
        ringOf({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [2, 2],
              [0, 0],
            ],
          ],
        }),
      ),
    ).toBe('boundary.coordinates');
  });
});
