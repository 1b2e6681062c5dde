import { Role } from '../src/access/role.enum.js';
import { NEAREST_STATIONS_SQL } from '../src/care/stations/stations.sql.js';
import { Clock } from '../src/common/clock/clock.js';
import { ensureDepartment, ensureRegion, type ActorClient } from './support/actors.js';
import { allWeek, createStation, ensureTownship, manyWorkers, NINGYUAN, offset } from './support/care.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const NEAREST = `query($lat: Float!, $lng: Float!, $radiusMeters: Int, $openNow: Boolean, $amenities: [Amenity!], $first: Int) {
  nearestStations(lat: $lat, lng: $lng, radiusMeters: $radiusMeters, openNow: $openNow, amenities: $amenities, first: $first) {
    id code distanceMeters openNow qrPayload amenities { amenity working statusChangedAt } } }`;
const CHECK_IN = 'mutation($code: String!) { checkInToStation(code: $code) { stationId checkedInAt } }';
const UPDATE =
  'mutation($id: ID!, $input: UpdateStationInput!) { updateStation(id: $id, input: $input) { id name status version openingHours { weekly { day } } } }';

type Nearby = {
  id: string;
  code: string;
  distanceMeters: number;
  openNow: boolean;
  amenities: { amenity: string; working: boolean; statusChangedAt: string }[];
};

describe('care: stations', () => {
  let t: TestApp;
  let officer: ActorClient;

  beforeAll(async () => {
    t = await startTestApp();
    await ensureTownship(t);
    officer = await t.as(Role.ORG_OFFICER);
  });
  afterEach(() => t.app.get(Clock).set(undefined));
  afterAll(() => t.close());

  const nearest = (vars: Record<string, unknown>) => t.gql<{ nearestStations: Nearby[] }>(NEAREST, vars);

  describe('upkeep', () => {
    it('creates a station with hours and amenities, printed as an NF-STN QR payload', async () => {
      const created = await officer
        .post('/api/v1/stations')
        .send({
          code: 'NY-LIB-01',
          name: '宁远县图书馆爱心驿站',
          kind: 'CARE_STATION',
          hostVenue: 'LIBRARY',
          address: '宁远县舜陵街道',
          ...NINGYUAN,
          townshipCode: '431126100',
          status: 'OPEN',
          openingHours: { weekly: allWeek('08:00', '20:00') },
          amenities: ['DRINKING_WATER', 'MICROWAVE'],
        })
        .expect(201);
      expect(created.body).toMatchObject({ code: 'NY-LIB-01', qrPayload: 'NF-STN-NY-LIB-01', countyCode: '431126', certified: false });
      expect(created.body.amenities.map((a: { amenity: string }) => a.amenity)).toEqual(['DRINKING_WATER', 'MICROWAVE']);
    });

    it('refuses bad input naming the field, and writes nothing', async () => {
      const base = { code: 'NY-BAD-01', name: 'x', kind: 'COURIER_STATION', hostVenue: 'SHOP', address: 'x', ...NINGYUAN, townshipCode: '431126100' };
      const township = await officer
        .post('/api/v1/stations')
        .send({ ...base, townshipCode: '431126999' })
        .expect(400);
      expect(township.body.errors[0].field).toBe('townshipCode');
      const hours = await officer
        .post('/api/v1/stations')
        .send({ ...base, openingHours: { weekly: [{ day: 'MON', ranges: [{ start: '08:00', end: '08:00' }] }] } })
        .expect(400);
      expect(hours.body.errors[0].field).toBe('openingHours.weekly.0.ranges.0.end');
      const malformed = await officer
        .post('/api/v1/stations')
        .send({ ...base, openingHours: { weekly: [{ day: 'MON', ranges: [{ start: '8am', end: '10:00' }] }] } })
        .expect(400);
      expect(malformed.body.errors[0].field).toBe('openingHours.weekly.0.ranges.0.start');
      const lat = await officer.gql('mutation($input: CreateStationInput!) { createStation(input: $input) { id } }', { input: { ...base, lat: 95 } });
      expect(lat.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'lat' }] });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM station WHERE code = 'NY-BAD-01'`);
      expect(n).toBe(0);
      await createStation(officer, { code: 'NY-DUP-01' });
      const duplicate = await officer
        .post('/api/v1/stations')
        .send({ ...base, code: 'NY-DUP-01' })
        .expect(409);
      expect(duplicate.body).toMatchObject({ code: 'CONFLICT', field: 'code' });
    });

    it('lets a station manager change only hours and amenities of their own station', async () => {
      const manager = await t.as(Role.STATION_MANAGER);
      const own = await createStation(officer, { managerId: manager.id });
      const other = await createStation(officer);
      const hours = await manager.gql<{ updateStation: { openingHours: { weekly: unknown[] } } }>(UPDATE, {
        id: own.id,
        input: { openingHours: { weekly: allWeek('07:00', '22:00').slice(0, 5) } },
      });
      expect(hours.data?.updateStation.openingHours.weekly).toHaveLength(5);
      const rename = await manager.gql(UPDATE, { id: own.id, input: { name: '改名' } });
      expect(rename.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', fields: [{ field: 'name' }] });
      expect((await manager.gql(UPDATE, { id: other.id, input: { openingHours: { weekly: [] } } })).errors?.[0].extensions.code).toBe('NOT_FOUND');
      const [{ name }] = await t.dataSource.query('SELECT name FROM station WHERE id = $1', [own.id]);
      expect(name).not.toBe('改名');
      const list = await manager.get('/api/v1/stations').expect(200);
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([own.id]);
    });

    it('lets a department officer edit only the stations of their own department, and still see the county’s', async () => {
      const union = await ensureDepartment(t.dataSource, '431126', 'TRADE_UNION');
      const transport = await ensureDepartment(t.dataSource, '431126', 'TRANSPORT');
      const unionOfficer = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: union });
      const transportOfficer = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: transport });
      const unions = await createStation(officer, { departmentId: union, kind: 'WORKERS_HOME' });
      const county = await createStation(officer, { amenities: ['WIFI'] });

      const renamed = await unionOfficer.gql<{ updateStation: { name: string } }>(UPDATE, { id: unions.id, input: { name: '县总工会职工之家' } });
      expect(renamed.data?.updateStation.name).toBe('县总工会职工之家');
      expect((await transportOfficer.gql(UPDATE, { id: unions.id, input: { name: 'x' } })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      await unionOfficer.patch(`/api/v1/stations/${county.id}`).send({ name: 'x' }).expect(403);
      await unionOfficer.put(`/api/v1/stations/${county.id}/amenity-status`).send({ amenity: 'WIFI', working: false }).expect(403);
      const [{ name, working }] = await t.dataSource.query(
        'SELECT s.name, a.working FROM station s JOIN station_amenity a ON a.station_id = s.id WHERE s.id = $1',
        [county.id],
      );
      expect({ name, working }).toEqual({ name: `驿站 ${county.code}`, working: true });
      const seen = await unionOfficer.get(`/api/v1/stations/${county.id}`).expect(200);
      expect(seen.body.departmentId).toBeNull();

      // What a department officer creates is their department's; they cannot give it, or make it, another's.
      const own = await createStation(unionOfficer);
      expect((await unionOfficer.get(`/api/v1/stations/${own.id}`).expect(200)).body.departmentId).toBe(union);
      const base = { code: 'NY-FTU-09', name: '职工之家', kind: 'WORKERS_HOME', hostVenue: 'SHOP', address: '宁远县', ...NINGYUAN, townshipCode: '431126100' };
      const foreign = await unionOfficer
        .post('/api/v1/stations')
        .send({ ...base, departmentId: transport })
        .expect(400);
      expect(foreign.body.errors[0].field).toBe('departmentId');
      const handOver = await unionOfficer.patch(`/api/v1/stations/${own.id}`).send({ departmentId: transport }).expect(400);
      expect(handOver.body.errors[0].field).toBe('departmentId');

      // The county's officer assigns stations to departments.
      await officer.patch(`/api/v1/stations/${county.id}`).send({ departmentId: transport }).expect(200);
      await transportOfficer.patch(`/api/v1/stations/${county.id}`).send({ name: '货车司机之家' }).expect(200);
      const unknown = await officer.patch(`/api/v1/stations/${county.id}`).send({ departmentId: '00000000-0000-4000-8000-000000000000' }).expect(400);
      expect(unknown.body.errors[0].field).toBe('departmentId');
    });

    it('follows the status lifecycle and refuses a stale edit', async () => {
      const station = await createStation(officer, { status: 'PLANNED' });
      const closed = await officer.gql<{ updateStation: { status: string; version: number } }>(UPDATE, { id: station.id, input: { status: 'CLOSED' } });
      expect(closed.data?.updateStation.status).toBe('CLOSED');
      const reopen = await officer.gql(UPDATE, { id: station.id, input: { status: 'OPEN' } });
      expect(reopen.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', from: 'CLOSED', allowed: [] });
      const stale = await officer.gql(UPDATE, { id: station.id, input: { name: 'x', expectedVersion: 1 } });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: closed.data!.updateStation.version });
    });

    it('hides stations outside the caller’s region (NOT_FOUND) and refuses workers (FORBIDDEN)', async () => {
      const station = await createStation(officer);
      await ensureRegion(t.dataSource, '431126200');
      const elsewhere = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126200' });
      await elsewhere.get(`/api/v1/stations/${station.id}`).expect(404);
      const [worker] = await manyWorkers(t, 1);
      expect((await worker.gql(`{ station(id: "${station.id}") { id } }`)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    });
  });

  describe('nearestStations', () => {
    // Each test searches around its own origin, far from the others' stations.
    const origin = (n: number) => ({ lat: 26 + n * 0.2, lng: 112 + n * 0.2 });

    it('returns open stations within the radius, nearest first, with their distance, and is public', async () => {
      const o = origin(1);
      const at = (metres: number, extra: Record<string, unknown> = {}) => createStation(officer, { ...offset(o, metres, 0), ...extra });
      const far = await at(900);
      const near = await at(200);
      const middle = await at(500);
      await at(1500);
      await at(300, { status: 'PLANNED' });
      const found = await nearest({ ...o, radiusMeters: 1000 });
      expect(found.data?.nearestStations.map((s) => s.id)).toEqual([near.id, middle.id, far.id]);
      expect(found.data?.nearestStations[0].distanceMeters).toBeCloseTo(200, -1);
      expect((await nearest({ ...o, radiusMeters: 1000, first: 2 })).data?.nearestStations).toHaveLength(2);
      expect((await nearest({ ...o })).data?.nearestStations).toHaveLength(3);
    });

    it('filters by open now in Asia/Shanghai, using the clock', async () => {
      const o = origin(2);
      const mornings = await createStation(officer, { ...offset(o, 100, 0), openingHours: { weekly: allWeek('08:00', '12:00') } });
      const overnight = await createStation(officer, { ...offset(o, 200, 0), openingHours: { weekly: allWeek('22:00', '02:00') } });
      t.app.get(Clock).set(new Date('2024-06-07T01:00:00Z')); // 09:00 in Shanghai
      const morning = await nearest({ ...o, openNow: true });
      expect(morning.data?.nearestStations.map((s) => s.id)).toEqual([mornings.id]);
      t.app.get(Clock).set(new Date('2024-06-07T17:30:00Z')); // 01:30 the next day in Shanghai
      const night = await nearest({ ...o, openNow: true });
      expect(night.data?.nearestStations.map((s) => s.id)).toEqual([overnight.id]);
      const all = await nearest({ ...o, openNow: false });
      expect(all.data?.nearestStations.map((s) => [s.id, s.openNow])).toEqual([
        [mornings.id, false],
        [overnight.id, true],
      ]);
    });

    it('keeps only stations with every listed amenity in working order; an out-of-order amenity shows with its time', async () => {
      const o = origin(3);
      const both = await createStation(officer, { ...offset(o, 100, 0), amenities: ['WIFI', 'MICROWAVE'] });
      const broken = await createStation(officer, { ...offset(o, 200, 0), amenities: ['WIFI', 'MICROWAVE'] });
      await createStation(officer, { ...offset(o, 300, 0), amenities: ['WIFI'] });
      t.app.get(Clock).set(new Date('2024-06-07T03:00:00Z'));
      const marked = await officer.put(`/api/v1/stations/${broken.id}/amenity-status`).send({ amenity: 'MICROWAVE', working: false, note: '坏了' }).expect(200);
      expect(marked.body).toMatchObject({ working: false, statusChangedAt: '2024-06-07T03:00:00.000Z' });
      const found = await nearest({ ...o, amenities: ['WIFI', 'MICROWAVE'] });
      expect(found.data?.nearestStations.map((s) => s.id)).toEqual([both.id]);
      const wifi = await nearest({ ...o, amenities: ['WIFI'] });
      expect(wifi.data?.nearestStations).toHaveLength(3);
      expect(wifi.data?.nearestStations[1].amenities).toContainEqual({ amenity: 'MICROWAVE', working: false, statusChangedAt: '2024-06-07T03:00:00.000Z' });
      const missing = await officer.put(`/api/v1/stations/${both.id}/amenity-status`).send({ amenity: 'FRIDGE', working: false }).expect(400);
      expect(missing.body.errors[0].field).toBe('amenity');
    });

    it('refuses a radius out of range and an unknown amenity, naming the argument', async () => {
      const radius = await nearest({ ...NINGYUAN, radiusMeters: 0 });
      expect(radius.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'radiusMeters' }] });
      const tooFar = await nearest({ ...NINGYUAN, radiusMeters: 60_000 });
      expect(tooFar.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'radiusMeters' }] });
      const lat = await nearest({ lat: 91, lng: 112 });
      expect(lat.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'lat' }] });
      expect((await nearest({ ...NINGYUAN, amenities: ['JACUZZI'] })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('is served from the GiST index on ll_to_earth(lat, lng) (5,000 stations, no planner settings changed)', async () => {
      await t.dataSource.query(
        `INSERT INTO station (code, name, kind, host_venue, address, lat, lng, township_id, county_code, status)
         SELECT 'IX-' || g, '站' || g, 'COURIER_STATION', 'SHOP', '-', 25 + random() * 1.5, 111 + random() * 1.5,
                (SELECT id FROM region WHERE code = '431126100'), '431126', 'OPEN'
         FROM generate_series(1, 5000) g`,
      );
      await t.dataSource.query('ANALYZE station');
      const plan: { 'QUERY PLAN': string }[] = await t.dataSource.query(`EXPLAIN ${NEAREST_STATIONS_SQL}`, [NINGYUAN.lat, NINGYUAN.lng, 1000, null, 10]);
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Scan using ix_station_earth|Bitmap Index Scan on ix_station_earth/);
      expect(text).not.toMatch(/Seq Scan on station/);
    });

    it('loads a page of stations with amenities and certification in the same number of statements for 5 and 50 (no N+1)', async () => {
      const query = (first: number) => officer.gql(`{ stations(first: ${first}) { edges { node { id amenities { amenity } certification certified } } } }`);
      const five = await t.queries.measure(() => query(5));
      const fifty = await t.queries.measure(() => query(50));
      expect((fifty.result.data as { stations: { edges: unknown[] } }).stations.edges).toHaveLength(50);
      expect(five.count).toBeGreaterThan(0);
      expect(fifty.count).toBe(five.count);
    });
  });

  describe('check-ins', () => {
    // What the station's screen shows right now (the Clock's now), as its staff read it.
    const screen = async (stationId: string, client = officer) =>
      (await client.get(`/api/v1/stations/${stationId}/check-in-code`).expect(200)).body as {
        qrPayload: string;
        code: string;
        refreshAt: string;
        validUntil: string;
      };

    it('checks a worker in by the scanned code at most once per station per hour, even when scans race', async () => {
      const station = await createStation(officer);
      const [worker] = await manyWorkers(t, 1);
      t.app.get(Clock).set(new Date('2024-06-07T02:10:00Z'));
      const { qrPayload } = await screen(station.id);
      const results = await Promise.all(Array.from({ length: 5 }, () => worker.gql(CHECK_IN, { code: qrPayload })));
      expect(results.filter((r) => r.data?.checkInToStation)).toHaveLength(1);
      const refused = results.find((r) => r.errors)!;
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', nextCheckInAt: '2024-06-07T03:00:00.000Z' });
      t.app.get(Clock).set(new Date('2024-06-07T03:05:00Z'));
      const { code } = await screen(station.id);
      expect(
        (await worker.gql<{ checkInToStation: { stationId: string } }>(CHECK_IN, { code: `${station.code}.${code}` })).data?.checkInToStation.stationId,
      ).toBe(station.id);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM station_check_in WHERE station_id = $1', [station.id]);
      expect(n).toBe(2);
    });

    it('needs the code the station’s screen shows this minute (or the last): the printed code alone or an old one is refused', async () => {
      const manager = await t.as(Role.STATION_MANAGER);
      const station = await createStation(officer, { managerId: manager.id });
      const other = await createStation(officer);
      const [a, b, c] = await manyWorkers(t, 3);
      t.app.get(Clock).set(new Date('2024-06-07T02:00:30Z'));
      const shown = await screen(station.id);
      expect(shown).toMatchObject({
        qrPayload: `NF-STN-${station.code}.${shown.code}`,
        refreshAt: '2024-06-07T02:01:00.000Z',
        validUntil: '2024-06-07T02:02:00.000Z',
      });
      expect(shown.code).toMatch(/^\d{6}$/);
      // The station's manager reads the same code over GraphQL.
      const viaGql = await manager.gql<{ stationCheckInCode: { qrPayload: string } }>(
        'query($id: ID!) { stationCheckInCode(stationId: $id) { qrPayload code refreshAt validUntil } }',
        { id: station.id },
      );
      expect(viaGql.data?.stationCheckInCode.qrPayload).toBe(shown.qrPayload);

      const printed = await a.gql(CHECK_IN, { code: `NF-STN-${station.code}` });
      expect(printed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'code' }] });
      const otherStations = await a.gql(CHECK_IN, { code: `NF-STN-${other.code}.${shown.code}` });
      expect(otherStations.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'code' }] });
      t.app.get(Clock).set(new Date('2024-06-07T02:01:59Z'));
      expect((await b.gql<{ checkInToStation: { stationId: string } }>(CHECK_IN, { code: shown.qrPayload })).data?.checkInToStation.stationId).toBe(station.id);
      t.app.get(Clock).set(new Date('2024-06-07T02:02:00Z'));
      const late = await c.gql(CHECK_IN, { code: shown.qrPayload });
      expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'code' }] });
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM station_check_in WHERE station_id IN ($1, $2)', [station.id, other.id]);
      expect(n).toBe(1);
    });

    it('shows the screen’s code only to the staff who run the station', async () => {
      const manager = await t.as(Role.STATION_MANAGER);
      const union = await ensureDepartment(t.dataSource, '431126', 'TRADE_UNION');
      const station = await createStation(officer, { managerId: manager.id });
      await screen(station.id, manager);
      await screen(station.id, await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' }));
      await (await t.as(Role.STATION_MANAGER)).get(`/api/v1/stations/${station.id}/check-in-code`).expect(404);
      await (await t.as(Role.DEPARTMENT_OFFICER, { departmentId: union })).get(`/api/v1/stations/${station.id}/check-in-code`).expect(403);
      await (await t.as(Role.AUDITOR)).get(`/api/v1/stations/${station.id}/check-in-code`).expect(403);
      const [worker] = await manyWorkers(t, 1);
      expect((await worker.gql(`{ stationCheckInCode(stationId: "${station.id}") { code } }`)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await t.gql(`{ stationCheckInCode(stationId: "${station.id}") { code } }`)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('stops a worker after 10 wrong codes in an hour, even with the right one, and not the others', async () => {
      const station = await createStation(officer);
      const [guesser, honest] = await manyWorkers(t, 2);
      t.app.get(Clock).set(new Date('2024-06-07T05:00:00Z'));
      const { code } = await screen(station.id);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      for (let i = 0; i < 10; i++) {
        expect((await guesser.gql(CHECK_IN, { code: `NF-STN-${station.code}.${wrong}` })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      }
      const limited = await guesser.gql(CHECK_IN, { code: `NF-STN-${station.code}.${code}` });
      expect(limited.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      expect(
        (await honest.gql<{ checkInToStation: { stationId: string } }>(CHECK_IN, { code: `NF-STN-${station.code}.${code}` })).data?.checkInToStation.stationId,
      ).toBe(station.id);
    });

    it('refuses an unknown code (NOT_FOUND), a suspended station (CONFLICT) and staff (FORBIDDEN)', async () => {
      const [worker] = await manyWorkers(t, 1);
      expect((await worker.gql(CHECK_IN, { code: 'NF-STN-NOPE.123456' })).errors?.[0].extensions.code).toBe('NOT_FOUND');
      const suspended = await createStation(officer);
      await officer.gql(UPDATE, { id: suspended.id, input: { status: 'SUSPENDED' } });
      const { qrPayload } = await screen(suspended.id);
      expect((await worker.gql(CHECK_IN, { code: qrPayload })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'SUSPENDED' });
      expect((await officer.gql(CHECK_IN, { code: qrPayload })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it('counts visits and distinct workers per Shanghai day', async () => {
      const station = await createStation(officer);
      const [a, b] = await manyWorkers(t, 2);
      const scan = async (worker: ActorClient) => worker.gql(CHECK_IN, { code: (await screen(station.id)).qrPayload });
      t.app.get(Clock).set(new Date('2024-06-07T15:30:00Z')); // 23:30 on the 7th in Shanghai
      await scan(a);
      t.app.get(Clock).set(new Date('2024-06-07T16:30:00Z')); // 00:30 on the 8th
      await scan(a);
      await scan(b);
      t.app.get(Clock).set(new Date('2024-06-07T18:00:00Z'));
      await scan(a);
      const visits = await officer.get(`/api/v1/stations/${station.id}/visits?from=2024-06-06&to=2024-06-08`).expect(200);
      expect(visits.body).toEqual([
        { date: '2024-06-06', visits: 0, workers: 0 },
        { date: '2024-06-07', visits: 1, workers: 1 },
        { date: '2024-06-08', visits: 3, workers: 2 },
      ]);
      const backwards = await officer.get(`/api/v1/stations/${station.id}/visits?from=2024-06-08&to=2024-06-01`).expect(400);
      expect(backwards.body.errors[0].field).toBe('to');
    });
  });
});
