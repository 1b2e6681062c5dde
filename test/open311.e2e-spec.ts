import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/access/role.enum.js';
import type { ActorClient } from './support/actors.js';
import { ensureDepartment, ensureRegion, makeGrid, square } from './support/governance-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Open311 GeoReport v2 at /open311/v2/ (issue #20). */
describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let platform: ActorClient;
  let admin: ActorClient;
  let gridWorker: ActorClient;
  const PHONE = '13912345678';
  let spotIndex = 0;
  const spot = () => {
    const i = spotIndex++;
    return { lat: String(25.8012 + (i % 30) * 0.0013), long: String(111.8012 + Math.floor(i / 30) * 0.0013) };
  };
  const http = () => request(t.app.getHttpServer());
  const post = (format: 'json' | 'xml', form: Record<string, string>) =>
    http().post(`/open311/v2/requests.${format}`).type('form').send(new URLSearchParams(form).toString());
  const form = (extra: Record<string, string> = {}) => ({
    api_key: platform.token,
    service_code: 'ROAD_TRAFFIC',
    description: '路面塌陷 road caved in',
    phone: PHONE,
    first_name: '张',
    last_name: '三',
    ...spot(),
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(Role.ADMIN);
    const grid = await makeGrid(t, admin, { communityCode: '431126100003', boundary: square(111.8, 25.8, 111.85, 25.85), code: 'O-001' });
    gridWorker = grid.gridWorker;
    platform = await t.asPlatform();
    await ensureDepartment(t.dataSource, '431126', 'TRANSPORT');
  });
  afterAll(() => t.close());

  it('answers discovery in JSON and XML', async () => {
    const json = await http().get('/open311/v2/discovery.json').expect(200);
    expect(json.body).toMatchObject({
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json', 'text/xml'], type: 'production' }],
    });
    const xml = await http().get('/open311/v2/discovery.xml').expect(200);
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.text).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><discovery><changeset>.*<endpoints><endpoint><specification>http:\/\/wiki.open311.org\/GeoReport_v2<\/specification>.*<formats><format>application\/json<\/format><format>text\/xml<\/format><\/formats>/,
    );
  });

  it('lists one service per active category, and a service definition, in JSON and XML', async () => {
    const services = await http().get('/open311/v2/services.json').expect(200);
    expect(services.body).toContainEqual({
      service_code: 'ROAD_TRAFFIC',
      service_name: expect.any(String),
      description: expect.stringContaining('72 小时'),
      metadata: false,
      type: 'realtime',
      keywords: expect.stringContaining('road traffic'),
      group: expect.any(String),
    });
    const xml = await http().get('/open311/v2/services.xml').expect(200);
    expect(xml.text).toContain('<services><service><service_code>');
    expect(xml.text).toContain('<type>realtime</type>');
    expect((await http().get('/open311/v2/services/ROAD_TRAFFIC.json').expect(200)).body).toEqual({ service_code: 'ROAD_TRAFFIC', attributes: [] });
    expect((await http().get('/open311/v2/services/ROAD_TRAFFIC.xml').expect(200)).text).toContain(
      '<service_definition><service_code>ROAD_TRAFFIC</service_code><attributes></attributes></service_definition>',
    );
  });

  it('answers errors as [{code, description}] in the format asked for', async () => {
    const json = await http().get('/open311/v2/services/NO_SUCH.json').expect(404);
    expect(json.body).toEqual([{ code: 404, description: expect.stringContaining('NO_SUCH') }]);
    const xml = await http().get('/open311/v2/services/NO_SUCH.xml').expect(404);
    expect(xml.text).toMatch(/<errors><error><code>404<\/code><description>service_code NO_SUCH not found<\/description><\/error><\/errors>$/);
    expect((await http().get('/open311/v2/services.json?jurisdiction_id=999999').expect(404)).body[0].code).toBe(404);
    expect((await http().get('/open311/v2/services.json?jurisdiction_id=431126').expect(200)).body.length).toBeGreaterThan(0);
    expect((await post('json', { ...form(), api_key: '' }).expect(400)).body).toEqual([{ code: 400, description: 'api_key was not provided' }]);
    expect((await post('json', { ...form(), api_key: 'nf_not-a-key' }).expect(403)).body[0].code).toBe(403);
    expect((await post('json', form({ service_code: 'NOPE' })).expect(400)).body[0].description).toContain('service_code');
    expect((await post('json', { ...form(), lat: '', long: '', address_string: '舜陵大道' }).expect(400)).body[0].description).toContain('lat');
    expect((await post('xml', form({ client_request_id: 'x' })).expect(400)).text).toContain('<code>400</code>');
    expect((await http().get('/open311/v2/requests.json?start_date=yesterday').expect(400)).body[0].description).toContain('start_date');
  });

  it('takes a form-encoded request into the workflow, answers it in JSON and XML, and never shows the reporter', async () => {
    const created = await post('json', form()).expect(201);
    expect(created.body).toEqual([{ service_request_id: expect.any(String), service_notice: expect.stringContaining('72 小时') }]);
    const id = created.body[0].service_request_id;
    const [row] = await t.dataSource.query('SELECT status, reporter_worker_id FROM governance_issue WHERE id = $1', [id]);
    expect(row.status).toBe('REPORTED');
    await gridWorker.post(`/api/v1/governance/issues/${id}/transitions`).send({ action: 'ACCEPT' }).expect(201);
    await gridWorker.post(`/api/v1/governance/issues/${id}/transitions`).send({ action: 'DISPATCH' }).expect(201);

    const one = await http().get(`/open311/v2/requests/${id}.json`).expect(200);
    expect(one.body).toEqual([
      {
        service_request_id: id,
        status: 'open',
        status_notes: null,
        service_name: expect.any(String),
        service_code: 'ROAD_TRAFFIC',
        description: '路面塌陷 road caved in',
        agency_responsible: expect.any(String),
        service_notice: null,
        requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
        updated_datetime: expect.stringMatching(/\+08:00$/),
        expected_datetime: expect.stringMatching(/\+08:00$/),
        address: null,
        address_id: null,
        zipcode: null,
        lat: expect.any(Number),
        long: expect.any(Number),
        media_url: null,
      },
    ]);
    const xml = await http().get(`/open311/v2/requests/${id}.xml`).expect(200);
    expect(xml.text).toContain(`<service_requests><request><service_request_id>${id}</service_request_id><status>open</status>`);

    const list = await http().get('/open311/v2/requests.json').expect(200);
    const updates = await http().get('/open311/v2/servicerequestupdates.json').expect(200);
    const mine = updates.body.filter((u: { service_request_id: string }) => u.service_request_id === id);
    expect(mine.map((u: { status: string }) => u.status)).toEqual(['open', 'open', 'open']);
    expect(mine[0]).toEqual({
      update_id: expect.any(String),
      service_request_id: id,
      status: 'open',
      description: expect.any(String),
      updated_datetime: expect.stringMatching(/\+08:00$/),
      media_url: null,
    });
    const updatesXml = await http().get('/open311/v2/servicerequestupdates.xml').expect(200);
    expect(updatesXml.text).toContain('<service_request_updates><request_update><update_id>');

    // Never the reporter: not their id, phone (any form), name, in any response.
    const everything = [created.text, one.text, xml.text, list.text, updates.text, updatesXml.text].join('\n');
    for (const secret of [row.reporter_worker_id, PHONE, '1391234', '5678', '张', 'first_name', 'phone']) expect(everything).not.toContain(secret);

    // Audited as the client application; the key, the phone and the names never stored as given.
    const [entry] = await t.dataSource.query(`SELECT actor_kind, actor_id, changes::text AS changes FROM audit_entry WHERE request_id = $1`, [
      created.headers['x-request-id'],
    ]);
    expect(entry).toMatchObject({ actor_kind: 'PLATFORM', actor_id: platform.id });
    for (const secret of [platform.token, PHONE, '张']) expect(entry.changes).not.toContain(secret);
  });

  it('answers the same request to a retried client_request_id, even concurrently, and resolves it as a token', async () => {
    const clientRequestId = randomUUID();
    const body = form({ client_request_id: clientRequestId });
    const answers = await Promise.all([post('json', body), post('json', body), post('xml', body)]);
    const ids = answers.map((a) => (a.status === 201 ? (a.body[0]?.service_request_id ?? /<service_request_id>(.*?)</.exec(a.text)?.[1]) : a.status));
    expect(new Set(ids).size).toBe(1);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM governance_issue WHERE client_request_id = $1', [clientRequestId]))[0].n).toBe(1);
    expect((await http().get(`/open311/v2/tokens/${clientRequestId}.json`).expect(200)).body).toEqual([{ service_request_id: ids[0], token: clientRequestId }]);
    expect((await http().get(`/open311/v2/tokens/${clientRequestId}.xml`).expect(200)).text).toContain(
      `<service_request_id>${ids[0]}</service_request_id><token>${clientRequestId}</token>`,
    );
    await http().get(`/open311/v2/tokens/${randomUUID()}.json`).expect(404);
  });

  it('lists the last 90 days by default, at most 1,000, with a Link to the next page', async () => {
    const old = (await post('json', form()).expect(201)).body[0].service_request_id;
    await t.dataSource.query(`UPDATE governance_issue SET reported_at = now() - interval '91 days' WHERE id = $1`, [old]);
    const recent = await http().get('/open311/v2/requests.json').expect(200);
    expect(recent.body.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(old);
    const byId = await http().get(`/open311/v2/requests.json?service_request_id=${old}`).expect(200);
    expect(byId.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([old]);
    await http().get(`/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-06-01T00:00:00Z`).expect(400);

    // 1,005 requests in a window of their own.
    await t.dataSource.query(
      `INSERT INTO governance_issue (reported_at, category_id, description, lat, lng, photos, township_id, county_code, reporter_worker_id, status)
       SELECT '2030-01-01T00:00:00Z'::timestamptz + g * interval '1 minute', i.category_id, 'bulk', i.lat, i.lng, '{}', i.township_id, i.county_code, i.reporter_worker_id, 'REPORTED'
       FROM generate_series(1, 1005) g, (SELECT * FROM governance_issue WHERE id = $1) i`,
      [old],
    );
    const window = 'start_date=2030-01-01T00:00:00Z&end_date=2030-02-01T00:00:00Z';
    const first = await http().get(`/open311/v2/requests.json?${window}&service_code=ROAD_TRAFFIC&status=open`).expect(200);
    expect(first.body).toHaveLength(1000);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link)![1];
    const second = await http().get(next).expect(200);
    expect(second.body).toHaveLength(5);
    expect(second.headers.link).toBeUndefined();
    expect(new Set([...first.body, ...second.body].map((r: { service_request_id: string }) => r.service_request_id)).size).toBe(1005);
    expect((await http().get(`/open311/v2/requests.json?${window}&status=closed`).expect(200)).body).toEqual([]);
  });

  it("describes a category's attributes and validates attribute[code] on submission", async () => {
    await admin
      .post('/api/v1/governance/issue-categories')
      .send({
        code: 'POTHOLE',
        name: '路面坑洼',
        deadlineHours: 48,
        defaultDepartmentKind: 'TRANSPORT',
        attributes: [
          {
            code: 'kind',
            variable: true,
            datatype: 'singlevaluelist',
            required: true,
            datatype_description: null,
            order: 2,
            description: '坑的类型',
            values: [
              { key: 'shallow', name: '浅坑' },
              { key: 'deep', name: '深坑' },
            ],
          },
          { code: 'width_m', variable: true, datatype: 'number', required: false, datatype_description: '米 / metres', order: 1, description: '宽度' },
          {
            code: 'hazards',
            variable: true,
            datatype: 'multivaluelist',
            required: false,
            datatype_description: null,
            order: 3,
            description: '危险',
            values: [
              { key: 'night', name: '夜间' },
              { key: 'rain', name: '雨天' },
            ],
          },
        ],
      })
      .expect(201);
    const bad = await admin
      .post('/api/v1/governance/issue-categories')
      .send({
        code: 'POTHOLE2',
        name: 'x',
        deadlineHours: 48,
        defaultDepartmentKind: 'TRANSPORT',
        attributes: [{ code: 'kind', variable: true, datatype: 'singlevaluelist', required: true, datatype_description: null, order: 1, description: 'x' }],
      })
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'attributes[0].values' })]);

    const definition = await http().get('/open311/v2/services/POTHOLE.json').expect(200);
    expect(definition.body.attributes.map((a: { code: string }) => a.code)).toEqual(['width_m', 'kind', 'hazards']);
    expect(definition.body.attributes[1]).toEqual({
      variable: true,
      code: 'kind',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 2,
      description: '坑的类型',
      values: [
        { key: 'shallow', name: '浅坑' },
        { key: 'deep', name: '深坑' },
      ],
    });
    expect((await http().get('/open311/v2/services/POTHOLE.xml').expect(200)).text).toContain(
      '<values><value><key>shallow</key><name>浅坑</name></value><value><key>deep</key><name>深坑</name></value></values>',
    );
    expect((await http().get('/open311/v2/services.json').expect(200)).body.find((s: { service_code: string }) => s.service_code === 'POTHOLE').metadata).toBe(
      true,
    );

    const base = form({ service_code: 'POTHOLE' });
    expect((await post('json', base).expect(400)).body[0].description).toContain('attribute[kind]');
    expect((await post('json', { ...base, 'attribute[kind]': 'huge' }).expect(400)).body[0].description).toContain('attribute[kind]');
    expect((await post('json', { ...base, 'attribute[kind]': 'deep', 'attribute[width_m]': 'wide' }).expect(400)).body[0].description).toContain(
      'attribute[width_m]',
    );
    expect((await post('json', { ...base, 'attribute[kind]': 'deep', 'attribute[colour]': 'red' }).expect(400)).body[0].description).toContain(
      'attribute[colour]',
    );
    const body = `${new URLSearchParams({ ...base, 'attribute[kind]': 'deep', 'attribute[width_m]': '1.5' }).toString()}&attribute%5Bhazards%5D%5B%5D=night&attribute%5Bhazards%5D%5B%5D=rain`;
    const ok = await http().post('/open311/v2/requests.json').type('form').send(body).expect(201);
    const [row] = await t.dataSource.query('SELECT attributes FROM governance_issue WHERE id = $1', [ok.body[0].service_request_id]);
    expect(row.attributes).toEqual({ kind: 'deep', width_m: 1.5, hazards: ['night', 'rain'] });
  });

  it("takes keys admins issue per client application, audited by the client's name, refused once revoked", async () => {
    await gridWorker.post('/api/v1/open311-clients').send({ name: 'x' }).expect(403);
    const issued = await admin.post('/api/v1/open311-clients').send({ name: '永州 12345 热线' }).expect(201);
    expect(issued.body).toEqual({ client: expect.objectContaining({ name: '永州 12345 热线', revokedAt: null }), key: expect.stringMatching(/^o311_/) });
    const created = await post('json', form({ api_key: issued.body.key })).expect(201);
    const [entry] = await t.dataSource.query('SELECT actor_kind, actor_label, changes::text AS changes FROM audit_entry WHERE request_id = $1', [
      created.headers['x-request-id'],
    ]);
    expect(entry.actor_label).toBe('Open311 client 永州 12345 热线');
    expect(entry.changes).not.toContain(issued.body.key);
    const listed = await admin.get('/api/v1/open311-clients').expect(200);
    expect(listed.body[0]).toMatchObject({ id: issued.body.client.id, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
    await admin.delete(`/api/v1/open311-clients/${issued.body.client.id}`).expect(200);
    expect((await post('json', form({ api_key: issued.body.key })).expect(403)).body[0].code).toBe(403);
  });

  // Last: it adds a second county to the deployment.
  it('requires jurisdiction_id once the deployment holds more than one county', async () => {
    await ensureRegion(t.dataSource, '431127');
    expect((await http().get('/open311/v2/requests.json').expect(400)).body[0].description).toContain('jurisdiction_id');
    expect((await post('json', form()).expect(400)).body[0].description).toContain('jurisdiction_id');
    const ningyuan = await http().get('/open311/v2/requests.json?jurisdiction_id=431126').expect(200);
    expect(ningyuan.body.length).toBeGreaterThan(0);
    expect((await http().get('/open311/v2/requests.json?jurisdiction_id=431127').expect(200)).body).toEqual([]);
    await post('json', form({ jurisdiction_id: '431126' })).expect(201);
  });
});
