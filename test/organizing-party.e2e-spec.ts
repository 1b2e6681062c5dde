import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import type { ActorClient } from './support/actors.js';
import { addMembers, createEnterprise, createEntry, createWorker, setupNingyuan } from './support/organizing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREATE = `mutation($i: CreatePartyOrganizationInput!) { createPartyOrganization(input: $i) {
  id formationMode memberCounts { full probationary } enterprises { id } secretaryName } }`;

describe('安家行动: party organisations, instructors and gaps', () => {
  let t: TestApp;
  let officer: ActorClient;
  let departments: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    ({ departments } = await setupNingyuan(t.dataSource));
    officer = await t.as(Role.ORG_OFFICER);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) => ((await t.dataSource.query(sql, params)) as { n: number }[])[0].n;
  const organisation = (enterpriseIds: string[], formationMode: string, extra: Record<string, unknown> = {}) => ({
    name: `党支部${Math.random().toString(36).slice(2, 8)}`,
    kind: 'BRANCH',
    formationMode,
    regionCode: '431126',
    establishedOn: '2023-07-01',
    enterpriseIds,
    ...extra,
  });

  describe('party organisations', () => {
    it('forms a standalone organisation over one enterprise with three full members; counts come from the ledger', async () => {
      const enterprise = await createEnterprise(officer);
      const [secretary] = await addMembers(officer, enterprise, 3);
      const formed = await officer.gql<{
        createPartyOrganization: { id: string; memberCounts: { full: number; probationary: number }; enterprises: { id: string }[]; secretaryName: string };
      }>(CREATE, { i: organisation([enterprise], 'STANDALONE', { secretaryEntryId: secretary }) });
      expect(formed.errors).toBeUndefined();
      const org = formed.data!.createPartyOrganization;
      expect(org).toMatchObject({ enterprises: [{ id: enterprise }], memberCounts: { full: 0, probationary: 0 }, secretaryName: '王*明' });
      // Attaching members in the ledger is what changes the counts.
      await createEntry(officer, await createWorker(officer), { enterpriseId: enterprise, membership: 'PROBATIONARY', attachedOrganizationId: org.id });
      await officer.patch(`/api/v1/ledger/entries/${secretary}`).send({ attachedOrganizationId: org.id }).expect(200);
      const view = await officer.get(`/api/v1/party-organizations/${org.id}`).expect(200);
      expect(view.body).toMatchObject({ enterpriseIds: [enterprise], memberCounts: { full: 1, probationary: 1 }, formationMode: 'STANDALONE' });
    });

    it('refuses a standalone organisation whose enterprise has fewer than three full members, naming the rule; rejected entries do not count', async () => {
      const enterprise = await createEnterprise(officer);
      const [, , third] = await addMembers(officer, enterprise, 3);
      await officer.post(`/api/v1/ledger/entries/${third}/verification`).send({ decision: 'REJECTED' }).expect(200);
      await addMembers(officer, enterprise, 2, 'PROBATIONARY');
      const before = await count('SELECT count(*)::int AS n FROM party_organization');
      const refused = await officer
        .post('/api/v1/party-organizations')
        .send(organisation([enterprise], 'STANDALONE'))
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'STANDALONE_NEEDS_THREE_FULL_MEMBERS', errors: [{ field: 'enterpriseIds' }] });
      expect(await count('SELECT count(*)::int AS n FROM party_organization')).toBe(before);
    });

    it('refuses a standalone organisation over two enterprises and an industry-joint one over a single enterprise', async () => {
      const [a, b] = [await createEnterprise(officer), await createEnterprise(officer)];
      await addMembers(officer, a, 3);
      const two = await officer.gql(CREATE, { i: organisation([a, b], 'STANDALONE') });
      expect(two.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        rule: 'STANDALONE_COVERS_ONE_ENTERPRISE',
        fields: [{ field: 'enterpriseIds' }],
      });
      const one = await officer.gql(CREATE, { i: organisation([b], 'INDUSTRY_JOINT') });
      expect(one.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'INDUSTRY_JOINT_COVERS_TWO_OR_MORE' });
      expect(await count('SELECT count(*)::int AS n FROM party_organization_enterprise WHERE enterprise_id = ANY($1)', [[a, b]])).toBe(0);
    });

    it('covers an enterprise at most once; dissolving an organisation frees its enterprises', async () => {
      const [a, b, c] = [await createEnterprise(officer), await createEnterprise(officer), await createEnterprise(officer)];
      const joint = await officer
        .post('/api/v1/party-organizations')
        .send(organisation([a, b], 'INDUSTRY_JOINT'))
        .expect(201);
      expect(joint.body.enterpriseIds.sort()).toEqual([a, b].sort());
      const taken = await officer
        .post('/api/v1/party-organizations')
        .send(organisation([b, c], 'INDUSTRY_JOINT'))
        .expect(400);
      expect(taken.body).toMatchObject({ rule: 'ENTERPRISE_COVERED_ONCE', enterpriseId: b, coveringOrganizationId: joint.body.id });
      const covered = await officer.get('/api/v1/enterprises?hasOrganization=true&limit=100').expect(200);
      expect(covered.body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([a, b]));
      const dissolved = await officer.post(`/api/v1/party-organizations/${joint.body.id}/dissolution`).send({ dissolvedOn: '2023-12-01' }).expect(200);
      expect(dissolved.body).toMatchObject({ dissolvedOn: '2023-12-01', enterpriseIds: [] });
      await officer
        .post('/api/v1/party-organizations')
        .send(organisation([b, c], 'INDUSTRY_JOINT'))
        .expect(201);
      await officer.post(`/api/v1/party-organizations/${joint.body.id}/dissolution`).send({}).expect(409);
    });

    it('checks the rules again on edit: switching a joint organisation to standalone is refused', async () => {
      const [a, b] = [await createEnterprise(officer), await createEnterprise(officer)];
      const joint = await officer
        .post('/api/v1/party-organizations')
        .send(organisation([a, b], 'INDUSTRY_JOINT'))
        .expect(201);
      const refused = await officer.patch(`/api/v1/party-organizations/${joint.body.id}`).send({ formationMode: 'STANDALONE' }).expect(400);
      expect(refused.body.rule).toBe('STANDALONE_COVERS_ONE_ENTERPRISE');
      const still = await officer.get(`/api/v1/party-organizations/${joint.body.id}`).expect(200);
      expect(still.body).toMatchObject({ formationMode: 'INDUSTRY_JOINT', enterpriseIds: expect.arrayContaining([a, b]) });
    });

    it('lets only PARTY_ORG_MANAGE holders form organisations, and keeps department officers to those over their enterprises', async () => {
      const market = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: departments.MARKET_REGULATION });
      await market.post('/api/v1/party-organizations').send(organisation([], 'DISPATCHED')).expect(403);
      const food = await createEnterprise(officer, { industry: 'FOOD_DELIVERY' });
      const trucks = await createEnterprise(officer, { industry: 'FREIGHT_TRUCKING' });
      const ours = await officer
        .post('/api/v1/party-organizations')
        .send(organisation([food], 'DISPATCHED'))
        .expect(201);
      const theirs = await officer
        .post('/api/v1/party-organizations')
        .send(organisation([trucks], 'DISPATCHED'))
        .expect(201);
      const list = await market.get('/api/v1/party-organizations?limit=100').expect(200);
      const ids = list.body.items.map((o: { id: string }) => o.id);
      expect(ids).toContain(ours.body.id);
      expect(ids).not.toContain(theirs.body.id);
      await market.get(`/api/v1/party-organizations/${theirs.body.id}`).expect(404);
    });

    it('counts organisations by formation mode with plain SQL (for the dashboard)', async () => {
      const rows: { formation_mode: string; n: number }[] = await t.dataSource.query(
        `SELECT formation_mode, count(*)::int AS n FROM party_organization WHERE dissolved_on IS NULL GROUP BY formation_mode`,
      );
      expect(rows.map((r) => r.formation_mode).sort()).toEqual(['DISPATCHED', 'INDUSTRY_JOINT', 'STANDALONE']);
    });

    it('loads organisation relations through DataLoaders: the same number of statements for 5 and 50 organisations', async () => {
      for (let i = 0; i < 50; i++) {
        const enterprise = await createEnterprise(officer, { townshipCode: '431126101' });
        await officer
          .post('/api/v1/party-organizations')
          .send({ ...organisation([enterprise], 'DISPATCHED'), regionCode: '431126101' })
          .expect(201);
      }
      type Page = { partyOrganizations: { edges: { node: { enterprises: { id: string }[] } }[] } };
      const query = `query($n: Int!) { partyOrganizations(first: $n, regionCode: "431126101") { totalCount edges { node { id enterprises { id name supervisingDepartment { id } } memberCounts { full } parent { id } secretaryName } } } }`;
      const small = await t.queries.measure(() => officer.gql<Page>(query, { n: 5 }));
      const large = await t.queries.measure(() => officer.gql<Page>(query, { n: 50 }));
      expect(large.result.data!.partyOrganizations.edges).toHaveLength(50);
      expect(large.result.data!.partyOrganizations.edges[0].node.enterprises).toHaveLength(1);
      expect(small.count).toBeGreaterThan(0);
      expect(large.count).toBe(small.count);
    });
  });

  describe('instructors', () => {
    let instructor: ActorClient;
    beforeAll(async () => (instructor = await t.as(Role.INSTRUCTOR)));

    it('assigns one active instructor per enterprise; a second is refused naming the first; ending records the date', async () => {
      const enterprise = await createEnterprise(officer);
      const assigned = await officer
        .post('/api/v1/instructor-assignments')
        .send({ instructorId: instructor.id, enterpriseId: enterprise, startedOn: '2023-09-01' })
        .expect(201);
      expect(assigned.body).toMatchObject({ active: true, startedOn: '2023-09-01', endedOn: null });
      const another = await t.as(Role.INSTRUCTOR);
      const second = await officer.post('/api/v1/instructor-assignments').send({ instructorId: another.id, enterpriseId: enterprise }).expect(409);
      expect(second.body.existingAssignmentId).toBe(assigned.body.id);
      const early = await officer.post(`/api/v1/instructor-assignments/${assigned.body.id}/end`).send({ endedOn: '2023-08-01' }).expect(400);
      expect(early.body.errors[0].field).toBe('endedOn');
      const ended = await officer.post(`/api/v1/instructor-assignments/${assigned.body.id}/end`).send({ endedOn: '2024-03-01' }).expect(200);
      expect(ended.body).toMatchObject({ active: false, endedOn: '2024-03-01' });
      await officer.post(`/api/v1/instructor-assignments/${assigned.body.id}/end`).send({}).expect(409);
      await officer.post('/api/v1/instructor-assignments').send({ instructorId: another.id, enterpriseId: enterprise }).expect(201);
    });

    it('refuses a staff user who is not an instructor, naming the field', async () => {
      const enterprise = await createEnterprise(officer);
      const refused = await officer.post('/api/v1/instructor-assignments').send({ instructorId: officer.id, enterpriseId: enterprise }).expect(400);
      expect(refused.body.errors[0].field).toBe('instructorId');
    });

    it('lets an instructor log visits only to enterprises assigned to them, not in the future', async () => {
      const mine = await createEnterprise(officer);
      const notMine = await createEnterprise(officer);
      await officer.post('/api/v1/instructor-assignments').send({ instructorId: instructor.id, enterpriseId: mine, startedOn: '2023-09-01' }).expect(201);
      t.app.get(Clock).set(new Date('2023-12-06T04:00:00Z'));
      try {
        const logged = await instructor.gql<{ logGuidanceVisit: { id: string; followUps: string[]; enterprise: { id: string } } }>(
          `mutation { logGuidanceVisit(input: { enterpriseId: "${mine}", visitedOn: "2023-12-05", summary: "指导建立党员活动室", followUps: ["推荐入党积极分子", "下月复查"] }) { id followUps enterprise { id } } }`,
        );
        expect(logged.data!.logGuidanceVisit).toMatchObject({ followUps: ['推荐入党积极分子', '下月复查'], enterprise: { id: mine } });
        const future = await instructor.post('/api/v1/guidance-visits').send({ enterpriseId: mine, visitedOn: '2023-12-07', summary: '未来' }).expect(400);
        expect(future.body.errors[0].field).toBe('visitedOn');
      } finally {
        t.app.get(Clock).set(undefined);
      }
      const elsewhere = await instructor.post('/api/v1/guidance-visits').send({ enterpriseId: notMine, visitedOn: '2023-12-05', summary: '越界' }).expect(404);
      expect(elsewhere.body.code).toBe('NOT_FOUND');
      await officer.post('/api/v1/guidance-visits').send({ enterpriseId: mine, visitedOn: '2023-12-05', summary: '代填' }).expect(403);
      const visits = await instructor.get('/api/v1/guidance-visits').expect(200);
      expect(visits.body.items).toHaveLength(1);
      const seenByOfficer = await officer.get(`/api/v1/guidance-visits?enterpriseId=${mine}`).expect(200);
      expect(seenByOfficer.body.items).toHaveLength(1);
    });

    it('counts instructors with plain SQL (active assignments and distinct instructors, for the dashboard)', async () => {
      const [row] = await t.dataSource.query(
        `SELECT count(*)::int AS assignments, count(DISTINCT instructor_id)::int AS instructors FROM instructor_assignment WHERE ended_on IS NULL AND county_code = '431126'`,
      );
      expect(row.instructors).toBeGreaterThanOrEqual(2);
      expect(row.assignments).toBeGreaterThanOrEqual(row.instructors);
    });
  });

  describe('gaps', () => {
    it('lists enterprises that should form an organisation and those that need an instructor', async () => {
      await t.dataSource.query(`INSERT INTO region (code, name, level, parent_id, path, county_code)
        SELECT '431126102', '区划431126102', 'TOWNSHIP', id, (path::text || '.431126102')::ltree, '431126' FROM region WHERE code = '431126' ON CONFLICT DO NOTHING`);
      const where = '431126102';
      const ready = await createEnterprise(officer, { name: '甲 三名党员', townshipCode: where, industry: 'LOGISTICS' });
      await addMembers(officer, ready, 3);
      const small = await createEnterprise(officer, { name: '乙 一名党员', townshipCode: where, industry: 'LOGISTICS' });
      await addMembers(officer, small, 1);
      const instructed = await createEnterprise(officer, { name: '丙 有指导员', townshipCode: where, industry: 'LOGISTICS' });
      const instructor = await t.as(Role.INSTRUCTOR);
      await officer.post('/api/v1/instructor-assignments').send({ instructorId: instructor.id, enterpriseId: instructed }).expect(201);
      const covered = await createEnterprise(officer, { name: '丁 已覆盖', townshipCode: where, industry: 'LOGISTICS' });
      await addMembers(officer, covered, 3);
      await officer
        .post('/api/v1/party-organizations')
        .send(organisation([covered], 'STANDALONE'))
        .expect(201);

      const gaps = await officer.gql<{
        organizingGaps: {
          shouldFormOrganization: { enterprise: { id: string }; fullMembers: number }[];
          needInstructor: { enterprise: { id: string }; fullMembers: number }[];
        };
      }>(
        `{ organizingGaps(regionCode: "${where}") { shouldFormOrganization { enterprise { id } fullMembers } needInstructor { enterprise { id } fullMembers } } }`,
      );
      expect(gaps.data!.organizingGaps.shouldFormOrganization).toEqual([{ enterprise: { id: ready }, fullMembers: 3 }]);
      expect(gaps.data!.organizingGaps.needInstructor).toEqual([{ enterprise: { id: small }, fullMembers: 1 }]);
      const rest = await officer.get(`/api/v1/organizing-gaps?regionCode=${where}`).expect(200);
      expect(rest.body.shouldFormOrganization[0].enterprise.id).toBe(ready);
      const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
      await township.get(`/api/v1/organizing-gaps?regionCode=${where}`).expect(404);
    });
  });

  it('audits every mutation of organisations and instructors', async () => {
    const rows: { action: string; entity_type: string }[] = await t.dataSource.query(
      `SELECT DISTINCT action, entity_type FROM audit_entry WHERE entity_type IN ('PartyOrganization', 'InstructorAssignment', 'GuidanceVisit')`,
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/party-organizations',
        'PATCH /api/v1/party-organizations/:id',
        'POST /api/v1/party-organizations/:id/dissolution',
        'POST /api/v1/instructor-assignments',
        'POST /api/v1/instructor-assignments/:id/end',
        'logGuidanceVisit',
        'createPartyOrganization',
      ]),
    );
  });
});
