import { randomUUID } from 'node:crypto';
import { Role } from '../src/access/role.enum.js';
import type { ActorClient } from './support/actors.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every Update input derived from its Create input (PartialInput / OmitInput, docs/ARCHITECTURE.md §10)
 * takes, on REST and GraphQL alike, exactly what it did when it was written by hand: the Create
 * fields that cannot change are refused by name, the derived fields keep the Create validation and
 * may be left out but not sent as null, and the fields redeclared to be cleared take null. Each
 * request names a record that does not exist, so an accepted input ends in NOT_FOUND and nothing is
 * written.
 */
interface DerivedUpdate {
  /** The GraphQL input type, or undefined for a REST-only input. */
  input?: string;
  /** The mutation and the name of its id argument. */
  mutation?: [name: string, idArgument: string];
  /** The REST route; `:id` is replaced by a record that does not exist. */
  rest: string;
  /** Create fields the update refuses, each with a value creating would accept. */
  omitted: Record<string, unknown>;
  /** A derived field with a value the Create validation refuses. */
  invalid: [field: string, value: unknown];
  /** A derived field, which may be left out but not sent as null. */
  notNull: string;
  /** A field an update clears with null. */
  clears?: string;
}

const UUID = '0b5e8c1e-3f0a-4c52-9a51-6d2f3c1b7e90';

const UPDATES: DerivedUpdate[] = [
  {
    input: 'UpdateStationInput',
    mutation: ['updateStation', 'id'],
    rest: '/api/v1/stations/:id',
    omitted: { code: 'NY-9999', townshipCode: '431126100' },
    invalid: ['lat', 200],
    notNull: 'name',
    clears: 'departmentId',
  },
  {
    input: 'UpdateGridInput',
    mutation: ['updateGrid', 'id'],
    rest: '/api/v1/grids/:id',
    omitted: { code: 'G-1', communityCode: '431126100001' },
    invalid: ['gridWorkerId', 'not-a-uuid'],
    notNull: 'name',
  },
  {
    input: 'UpdateDepartmentInput',
    mutation: ['updateDepartment', 'id'],
    rest: '/api/v1/departments/:id',
    omitted: { regionCode: '431126' },
    invalid: ['kind', 'NO_SUCH_KIND'],
    notNull: 'name',
  },
  {
    input: 'UpdateEnterpriseInput',
    mutation: ['updateEnterprise', 'id'],
    rest: '/api/v1/enterprises/:id',
    omitted: { socialCreditCode: '91431126MA4L0XXXXX' },
    invalid: ['townshipCode', '4311'],
    notNull: 'name',
    clears: 'workerHeadcount',
  },
  {
    input: 'UpdateStaffUserInput',
    mutation: ['updateStaffUser', 'id'],
    rest: '/api/v1/staff-users/:id',
    omitted: { username: 'someone.else', password: 'another-password-1' },
    invalid: ['role', Role.WORKER],
    notNull: 'role',
  },
  {
    input: 'UpdatePartyOrganizationInput',
    mutation: ['updatePartyOrganization', 'id'],
    rest: '/api/v1/party-organizations/:id',
    omitted: { regionCode: '431126' },
    invalid: ['establishedOn', '2023-02-30'],
    notNull: 'name',
    clears: 'parentId',
  },
  {
    input: 'UpdateWebhookInput',
    mutation: ['updateWebhook', 'id'],
    rest: '/api/v1/webhooks/:id',
    omitted: { platformId: UUID },
    invalid: ['events', []],
    notNull: 'url',
  },
  {
    input: 'UpdateLedgerEntryInput',
    mutation: ['updateLedgerEntry', 'id'],
    rest: '/api/v1/ledger/entries/:id',
    omitted: { workerId: UUID, channel: 'PHONE' },
    invalid: ['townshipCode', '4311'],
    notNull: 'membership',
    clears: 'joinedOn',
  },
  {
    input: 'UpdateLedgerItemInput',
    mutation: ['updateLedgerItem', 'id'],
    rest: '/api/v1/ledger/items/:id',
    omitted: { countyCode: '431126', key: 'STUDY' },
    invalid: ['label', 'x'.repeat(51)],
    notNull: 'label',
  },
  {
    input: 'UpdateWelfareEventInput',
    mutation: ['updateWelfareEvent', 'eventId'],
    rest: '/api/v1/events/:id',
    omitted: { kind: 'BREAKFAST', organizerDepartmentId: UUID, stationId: UUID, regionCode: '431126', registrationRequired: false },
    invalid: ['title', ''],
    notNull: 'title',
    clears: 'capacity',
  },
  {
    input: 'UpdateAuditStandardInput',
    mutation: ['updateAuditStandardVersion', 'id'],
    rest: '/api/v1/audit-standards/:id',
    omitted: { code: 'LIU_YOU', makeCurrent: true },
    invalid: ['name', ''],
    notNull: 'name',
  },
  {
    rest: '/api/v1/governance/issue-categories/NO_SUCH_CATEGORY',
    omitted: { code: 'STREET_LIGHT' },
    invalid: ['deadlineHours', 0],
    notNull: 'name',
  },
];

const fieldsOf = (body: { errors?: { field: string; message: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describe('Update inputs derived from Create inputs', () => {
  let t: TestApp;
  let admin: ActorClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(Role.ADMIN);
  });
  afterAll(() => t.close());

  const patch = (update: DerivedUpdate, body: Record<string, unknown>) => admin.patch(update.rest.replace(':id', randomUUID())).send(body);
  const mutate = (update: DerivedUpdate, input: Record<string, unknown>) => {
    const [name, idArgument] = update.mutation!;
    return admin.gql(`mutation($id: ID!, $input: ${update.input}!) { ${name}(${idArgument}: $id, input: $input) { __typename } }`, {
      id: randomUUID(),
      input,
    });
  };

  describe.each(UPDATES.map((update) => [update.input ?? update.rest, update] as const))('%s', (_name, update) => {
    it('refuses on REST each Create field that cannot change, by name', async () => {
      const response = await patch(update, update.omitted).expect(400);
      expect(response.body.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response.body)).toEqual(Object.keys(update.omitted).sort());
      expect(response.body.errors.every((e: { message: string }) => e.message === 'is not an accepted field')).toBe(true);
    });

    it('keeps the Create validation of a derived field, and refuses null where the field may only be left out', async () => {
      const [field, value] = update.invalid;
      expect(fieldsOf((await patch(update, { [field]: value }).expect(400)).body)).toEqual([field]);
      const nulled = await patch(update, { [update.notNull]: null }).expect(400);
      expect(nulled.body.errors).toEqual([{ field: update.notNull, message: 'must not be null: leave the field out instead' }]);
    });

    if (update.clears) {
      it(`takes null for ${update.clears}, which an update clears`, async () => {
        expect((await patch(update, { [update.clears!]: null }).expect(404)).body.code).toBe('NOT_FOUND');
      });
    }

    if (update.input) {
      it('refuses in GraphQL each Create field that cannot change, by name, and keeps the derived validation', async () => {
        const omitted = await mutate(update, update.omitted);
        expect(omitted.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
        for (const field of Object.keys(update.omitted)) {
          expect(omitted.errors!.map((e) => e.message).join('\n')).toContain(`Field "${field}" is not defined by type "${update.input}"`);
        }
        const [field, value] = update.invalid;
        const invalid = await mutate(update, { [field]: value });
        expect(invalid.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(invalid.errors)).toContain(field);
        expect((await mutate(update, {})).errors?.[0].extensions.code).toBe('NOT_FOUND');
      });
    }
  });

  it('refuses the key in the body of a ledger item state, which the path names', async () => {
    const response = await admin.put(`/api/v1/ledger/entries/${randomUUID()}/items/HEADCOUNT`).send({ key: 'HEADCOUNT', clear: true }).expect(400);
    expect(response.body.errors).toEqual([{ field: 'key', message: 'is not an accepted field' }]);
  });
});
