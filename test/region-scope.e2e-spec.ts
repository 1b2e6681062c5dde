import { randomBytes } from 'node:crypto';
import type { Actor } from '../src/access/actor.js';
import { Role } from '../src/access/role.enum.js';
import { DomainError } from '../src/common/errors/domain-error.js';
import { EventsService } from '../src/care/events/events.service.js';
import { StationsService } from '../src/care/stations/stations.service.js';
import { DashboardScope } from '../src/dashboard/dashboard-scope.js';
import { GovernanceFiguresService } from '../src/governance/figures/governance-figures.service.js';
import { GridsService } from '../src/governance/grids/grids.service.js';
import { TeamsService } from '../src/governance/teams/teams.service.js';
import { EnterprisesService } from '../src/organizing/enterprises/enterprises.service.js';
import { OrganizingGapsService } from '../src/organizing/gaps/organizing-gaps.service.js';
import { LedgerItemsService } from '../src/organizing/ledger/ledger-items.service.js';
import { LedgerService } from '../src/organizing/ledger/ledger.service.js';
import { PartyOrganizationsService } from '../src/organizing/party-organizations/party-organizations.service.js';
import { WorkersService } from '../src/workers/workers.service.js';
import { ensureRegion, randomSocialCreditCode, type ActorClient } from './support/actors.js';
import { allWeek, createStation, NINGYUAN } from './support/care.js';
import { makeGrid, square } from './support/governance-fixtures.js';
import { createEnterprise, createEntry, createWorker, randomPhone, setupNingyuan } from './support/organizing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// One table for the region-scope rule (docs/ARCHITECTURE.md §4): every scoped single-record read
// and write, called straight on its service, as a county officer of the record's county (allowed),
// an officer of another county (refused) and an officer with no region at all (refused: only a
// global role sees everywhere without one). Removing any service's scope check turns a row red.

const TOWNSHIP = '431126100';
const COMMUNITY = '431126100001';
const NINGYUAN_PATH = '430000.431100.431126';
const OTHER_PATH = '430000.431100.431127';

describe('region scope, one rule for every service', () => {
  let t: TestApp;
  let admin: ActorClient;
  const actors = {} as Record<'right' | 'otherRegion' | 'noRegion', Actor>;
  const ids = {} as Record<'worker' | 'enterprise' | 'station' | 'entry' | 'grid' | 'team' | 'organization' | 'event' | 'leader', string>;
  let union: string;

  beforeAll(async () => {
    t = await startTestApp();
    const { departments } = await setupNingyuan(t.dataSource);
    union = departments.TRADE_UNION;
    await ensureRegion(t.dataSource, '431127100');
    await ensureRegion(t.dataSource, COMMUNITY);
    admin = await t.as(Role.ADMIN);
    const right = await t.as(Role.ORG_OFFICER, { regionCode: '431126' });
    const other = await t.as(Role.ORG_OFFICER, { regionCode: '431127' });
    actors.right = { kind: 'staff', id: right.id, role: Role.ORG_OFFICER, label: 'ningyuan', regionPath: NINGYUAN_PATH, countyCode: '431126' };
    actors.otherRegion = { kind: 'staff', id: other.id, role: Role.ORG_OFFICER, label: 'other', regionPath: OTHER_PATH, countyCode: '431127' };
    actors.noRegion = { kind: 'staff', id: right.id, role: Role.ORG_OFFICER, label: 'nowhere' };

    const adminActor: Actor = { kind: 'staff', id: admin.id, role: Role.ADMIN, label: 'admin' };
    ids.worker = await createWorker(admin);
    ids.leader = await createWorker(admin);
    ids.enterprise = await createEnterprise(admin);
    ids.station = (await createStation(admin)).id;
    ids.entry = await createEntry(admin, await createWorker(admin));
    ids.grid = (await makeGrid(t, admin, { communityCode: COMMUNITY })).id;
    ids.team = (
      await t.app.get(TeamsService).create(adminActor, { name: '先锋队', kind: 'VANGUARD' as never, townshipCode: TOWNSHIP, leaderWorkerId: ids.leader })
    ).id;
    ids.organization = (await t.app.get(PartyOrganizationsService).create(adminActor, await organizationInput())).id;
    ids.event = (await t.app.get(EventsService).create(adminActor, eventInput())).id;
  });
  afterAll(() => t?.close());

  /** A branch sent to an enterprise of its own (an enterprise is covered by one organisation only). */
  const organizationInput = async () => ({
    name: `支部${randomBytes(3).toString('hex')}`,
    kind: 'BRANCH' as never,
    formationMode: 'DISPATCHED' as never,
    regionCode: TOWNSHIP,
    establishedOn: '2030-01-01',
    enterpriseIds: [await createEnterprise(admin)],
  });
  const eventInput = () => ({
    title: '爱心早餐',
    kind: 'FREE_MEAL' as never,
    organizerDepartmentId: union,
    address: '宁远县图书馆',
    regionCode: TOWNSHIP,
    startsAt: new Date('2034-05-01T01:00:00Z'),
    endsAt: new Date('2034-05-01T03:00:00Z'),
  });
  const stationInput = () => {
    const code = `S-${randomBytes(3).toString('hex').toUpperCase()}`;
    return {
      code,
      name: `驿站 ${code}`,
      kind: 'COURIER_STATION',
      hostVenue: 'LIBRARY',
      address: '宁远县舜陵街道',
      ...NINGYUAN,
      townshipCode: TOWNSHIP,
      status: 'OPEN',
      openingHours: { weekly: allWeek('00:00', '24:00') },
    } as never;
  };

  const service = <T>(type: new (...args: never[]) => T): T => t.app.get(type);
  const from = new Date('2030-01-01T00:00:00Z');
  const to = new Date('2040-01-01T00:00:00Z');

  /** Every scoped read and write: what it is, and the call as an actor. */
  const table: [string, (actor: Actor) => Promise<unknown>][] = [
    ['read a worker', (a) => service(WorkersService).getScoped(a, ids.worker)],
    ['read an enterprise', (a) => service(EnterprisesService).get(a, ids.enterprise)],
    ['read a station to manage it', (a) => service(StationsService).getManageable(a, ids.station)],
    ['read a ledger entry', (a) => service(LedgerService).get(a, ids.entry)],
    ['read a grid', (a) => service(GridsService).get(a, ids.grid)],
    ['read a volunteer team', (a) => service(TeamsService).get(a, ids.team)],
    ['read a party organisation', (a) => service(PartyOrganizationsService).get(a, ids.organization)],
    ['read a welfare event to manage it', (a) => service(EventsService).getManaged(a, ids.event)],
    ['read the governance figures of a county', (a) => service(GovernanceFiguresService).forRegion(a, '431126', from, to)],
    ['read the organising gaps of a county', (a) => service(OrganizingGapsService).gaps(a, '431126')],
    ['read the ledger items of a county', (a) => service(LedgerItemsService).list(a, '431126')],
    ['read a dashboard region', (a) => service(DashboardScope).region(a, '431126')],
    ['record a worker in a township', (a) => service(WorkersService).create(a, { name: '李四', phone: randomPhone(), townshipCode: TOWNSHIP })],
    [
      'register an enterprise in a township',
      (a) =>
        service(EnterprisesService).create(a, {
          name: `企业${randomBytes(3).toString('hex')}`,
          socialCreditCode: randomSocialCreditCode(),
          industry: 'FOOD_DELIVERY' as never,
          townshipCode: TOWNSHIP,
        } as never),
    ],
    ['open a station in a township', (a) => service(StationsService).create(a, stationInput())],
    [
      'form a volunteer team in a township',
      (a) => service(TeamsService).create(a, { name: '志愿队', kind: 'VOLUNTEER' as never, townshipCode: TOWNSHIP, leaderWorkerId: ids.leader }),
    ],
    ['form a party organisation in a township', async (a) => service(PartyOrganizationsService).create(a, await organizationInput())],
    [
      'add a ledger entry placed in a township',
      async (a) =>
        service(LedgerService).create(a, {
          workerId: await createWorker(admin),
          membership: 'FULL',
          channel: 'DOOR_VISIT',
          townshipCode: TOWNSHIP,
        } as never),
    ],
    [
      'draw a grid in a community',
      (a) =>
        service(GridsService).create(a, {
          code: `G-${randomBytes(3).toString('hex')}`,
          name: '网格',
          communityCode: COMMUNITY,
          boundary: square(111.8, 25.5, 111.85, 25.55) as never,
        }),
    ],
    ['hold a welfare event in a township', (a) => service(EventsService).create(a, eventInput())],
  ];

  it.each(table)("%s: allowed in the caller's region", async (_, call) => {
    await expect(call(actors.right)).resolves.toBeTruthy();
  });

  it.each(table)('%s: refused to an officer of another county', async (_, call) => {
    await expect(call(actors.otherRegion)).rejects.toBeInstanceOf(DomainError);
  });

  it.each(table)('%s: refused to an officer with no region', async (_, call) => {
    await expect(call(actors.noRegion)).rejects.toBeInstanceOf(DomainError);
  });
});
