import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor, WorkerActor } from '../access/actor.js';
import { Role } from '../access/role.enum.js';
import type { AuditNonActor } from '../audit/audit.service.js';
import { ApiKeysService } from '../auth/api-keys/api-keys.service.js';
import { Clock } from '../common/clock/clock.js';
import { DAY_MS, shanghaiIsoDateTime } from '../common/clock/shanghai.js';
import { labelOf } from '../common/labels/labels.js';
import { validateAttributes } from '../governance/issues/category-attributes.js';
import { DeadlineUnit } from '../governance/issues/deadline-unit.enum.js';
import type { IssueCategory } from '../governance/issues/issue-category.entity.js';
import { IssueCategoriesService } from '../governance/issues/issue-categories.service.js';
import { IssuesService } from '../governance/issues/issues.service.js';
import { OPEN_STATUSES, type IssueStatus } from '../governance/issues/issue-workflow.js';
import { RATE_LIMITS, RateLimiter } from '../rate-limit/rate-limiter.js';
import { WorkersService } from '../workers/workers.service.js';
import { Open311ClientsService } from './open311-clients.service.js';
import { Open311Error } from './open311-format.js';
import { COUNTY_COUNT_SQL, COUNTY_EXISTS_SQL, issueByClientRequestIdSql, issueUpdatesSql, REQUEST_SQL } from './open311.sql.js';

/** The spec's defaults for `GET requests`: the last 90 days, at most 1,000 requests. */
export const DEFAULT_RANGE_DAYS = 90;
export const MAX_REQUESTS = 1000;
const MAX_IDS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A query string or form body as Fastify parses it. */
export type Params = Record<string, unknown>;

/** An Open311 service request as the spec lists it; never the reporter. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number;
  long: number;
  media_url: string | null;
}

interface Row {
  id: string;
  status: IssueStatus;
  description: string;
  address: string | null;
  lat: number;
  lng: number;
  photos: string[];
  reported_at: Date;
  updated_at: Date;
  deadline_at: Date | null;
  deadline_warning: string | null;
  resolution_note: string | null;
  code: string;
  name: string;
  department: string | null;
  last_note: string | null;
}

/** Open while the workflow still has work to do; closed once resolved, closed, rejected or merged. */
export function open311Status(status: IssueStatus): 'open' | 'closed' {
  return OPEN_STATUSES.includes(status) ? 'open' : 'closed';
}

function text(params: Params, name: string, max: number): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Open311Error(400, `${name} must be given once, as text`);
  if (value.length > max) throw new Open311Error(400, `${name} is longer than ${max} characters`);
  return value.trim();
}

function number(params: Params, name: string, min: number, max: number): number | undefined {
  const raw = text(params, name, 30);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Open311Error(400, `${name} must be a number between ${min} and ${max}`);
  return value;
}

function datetime(params: Params, name: string): Date | undefined {
  const raw = text(params, name, 40);
  if (raw === undefined) return undefined;
  const at = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(at.getTime()))
    throw new Open311Error(400, `${name} must be a W3C datetime, e.g. 2026-10-01T00:00:00+08:00`);
  return at;
}

function list(params: Params, name: string, max: number, each: (v: string) => boolean): string[] | undefined {
  const raw = text(params, name, max * 40);
  if (raw === undefined) return undefined;
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length > max) throw new Open311Error(400, `${name} lists more than ${max} values`);
  const bad = values.find((v) => !each(v));
  if (bad !== undefined) throw new Open311Error(400, `${name}: ${bad} is not valid`);
  return values;
}

/** How a category's deadline reads to the public. */
function deadlineText(c: Pick<IssueCategory, 'deadlineUnit' | 'deadlineHours' | 'deadlineWorkingDays'>): string {
  return c.deadlineUnit === DeadlineUnit.WORKING_DAYS
    ? `派单后 ${c.deadlineWorkingDays} 个工作日内办结 / resolved within ${c.deadlineWorkingDays} working days of dispatch`
    : `派单后 ${c.deadlineHours} 小时内办结 / resolved within ${c.deadlineHours} hours of dispatch`;
}

/** A keyset cursor for `GET requests` beyond the first 1,000: the last request's time and id. */
function encodeCursor(row: Pick<Row, 'reported_at' | 'id'>): string {
  return Buffer.from(`${row.reported_at.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  if (Number.isNaN(date.getTime()) || !UUID.test(id ?? '')) throw new Open311Error(400, 'after is not a cursor this server gave');
  return { at: date, id };
}

/**
 * Open311 GeoReport v2 over the governance problem workflow: services are the active categories,
 * service requests are problems (entering the same workflow as `reportIssue`), updates come from
 * the timeline. Nothing here ever names or returns the reporter.
 */
@Injectable()
export class Open311Service {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly issues: IssuesService,
    private readonly categories: IssueCategoriesService,
    private readonly apiKeys: ApiKeysService,
    private readonly clients: Open311ClientsService,
    private readonly workers: WorkersService,
    private readonly rateLimiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  /** Counts one read for the client's address (the same limit for every Open311 read). */
  async countRead(ip: string): Promise<void> {
    await this.rateLimiter.hit(`open311:read:${ip}`, RATE_LIMITS.open311Read);
  }

  // The caller an api_key stands for: an Open311 client application (audited by its name), or a platform; else 403.
  private async client(apiKey: string): Promise<{ id: string } & (Actor | AuditNonActor)> {
    const open311Client = await this.clients.authenticate(apiKey);
    if (open311Client) return { id: open311Client.id, kind: 'anonymous', label: `Open311 client ${open311Client.name}` };
    return this.apiKeys.authenticate(apiKey).catch(() => {
      throw new Open311Error(403, 'api_key is not valid or was revoked');
    });
  }

  /**
   * `jurisdiction_id`: a county this deployment holds (its code), else 404. Required (400) when
   * the deployment holds more than one county; optional (null: all) when it holds one.
   */
  async jurisdiction(params: Params): Promise<string | null> {
    const code = text(params, 'jurisdiction_id', 20);
    if (code === undefined) {
      const [{ counties }] = await this.dataSource.query(COUNTY_COUNT_SQL);
      if (counties > 1) throw new Open311Error(400, 'jurisdiction_id is required: this deployment holds several counties (e.g. 431126)');
      return null;
    }
    const [known] = await this.dataSource.query(COUNTY_EXISTS_SQL, [code]);
    if (!/^\d{6}$/.test(code) || !known) throw new Open311Error(404, `jurisdiction_id ${code} not found`);
    return code;
  }

  discovery(baseUrl: string) {
    const changeset = '2026-12-02T00:00:00+08:00';
    return {
      changeset,
      contact: '宁远县新就业群体工作专班 / Ningyuan county new-forms-of-employment office',
      key_service: '由县管理员为每个客户端应用发放 API key / API keys are issued per client application by the county administrators',
      endpoints: [
        { specification: 'http://wiki.open311.org/GeoReport_v2', url: baseUrl, changeset, type: 'production', formats: ['application/json', 'text/xml'] },
      ],
    };
  }

  /** One service per active category. */
  async services() {
    return (await this.categories.list(true)).map((c) => ({
      service_code: c.code,
      service_name: c.name,
      description: `${c.name}：${deadlineText(c)}`,
      metadata: (c.attributes?.length ?? 0) > 0,
      type: 'realtime',
      keywords: [c.code.toLowerCase().replace(/_/g, ' '), c.name].join(','),
      group: labelOf('DepartmentKind', c.defaultDepartmentKind),
    }));
  }

  /** A service's definition: the category's attributes, by `order`. */
  async serviceDefinition(code: string) {
    const found = (await this.categories.list(true)).find((c) => c.code === code);
    if (!found) throw new Open311Error(404, `service_code ${code} not found`);
    const attributes = [...(found.attributes ?? [])]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        variable: a.variable,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatype_description ?? null,
        order: a.order,
        description: a.description,
        ...(a.values?.length ? { values: a.values } : {}),
      }));
    return { service_code: found.code, attributes };
  }

  /**
   * `POST requests`: the client's API key (a platform key), the category, the location, the
   * description and the reporter's phone, matched to one worker record through the blind index
   * (created when new, as a worker login would). The problem enters the same workflow as
   * `reportIssue`; a `client_request_id` sent again answers the same request.
   */
  async post(
    params: Params,
    onClient: (client: Actor | AuditNonActor) => void = () => undefined,
  ): Promise<{ service_request_id: string; service_notice: string }[]> {
    const apiKey = text(params, 'api_key', 200);
    if (!apiKey) throw new Open311Error(400, 'api_key was not provided');
    const client = await this.client(apiKey);
    onClient(client);
    await this.rateLimiter.hit(`open311:post:${client.id}`, RATE_LIMITS.open311Post);
    await this.jurisdiction(params);
    const serviceCode = text(params, 'service_code', 32);
    if (!serviceCode) throw new Open311Error(400, 'service_code was not provided');
    const category = (await this.categories.list(true)).find((c) => c.code === serviceCode);
    if (!category) throw new Open311Error(400, `service_code ${serviceCode} is not a service of this jurisdiction`);
    const lat = number(params, 'lat', -90, 90);
    const lng = number(params, 'long', -180, 180);
    const address = text(params, 'address_string', 200);
    if (lat === undefined || lng === undefined) {
      throw new Open311Error(
        400,
        address ? 'lat and long are required: this jurisdiction does not geocode address_string' : 'lat/long or address_string was not provided',
      );
    }
    const description = text(params, 'description', 2000) ?? (text(params, 'media_url', 500) ? category.name : undefined);
    if (!description) throw new Open311Error(400, 'description was not provided');
    const mediaUrl = text(params, 'media_url', 500);
    if (mediaUrl !== undefined && !/^https?:\/\/\S+$/.test(mediaUrl)) throw new Open311Error(400, 'media_url must be an http(s) URL');
    const clientRequestId = text(params, 'client_request_id', 36);
    if (clientRequestId !== undefined && !UUID.test(clientRequestId)) throw new Open311Error(400, 'client_request_id must be a UUID');
    const attributes = validateAttributes(category.attributes, attributeAnswers(params));
    const phone = text(params, 'phone', 20);
    if (!phone) throw new Open311Error(400, 'phone is required: it identifies the reporter (never shown to anyone)');

    const worker = await this.workers.findOrCreateByPhone(phone);
    const reporter: WorkerActor = { kind: 'worker', id: worker.id, role: Role.WORKER, label: worker.phoneMasked ?? 'worker', workerId: worker.id };
    const { issue, likelyDuplicates } = await this.issues.report(reporter, {
      category: category.code,
      description,
      lat,
      lng,
      address,
      photos: mediaUrl ? [mediaUrl] : [],
      clientRequestId,
      submitDespiteDuplicates: true,
      attributes,
    });
    const notices = [`已登记，${deadlineText(category)}`];
    const others = likelyDuplicates.filter((d) => d.id !== issue!.id).length;
    if (others > 0) notices.push(`50 米内另有 ${others} 个同类未办结问题 / ${others} open request(s) of this service within 50 m`);
    return [{ service_request_id: issue!.id, service_notice: notices.join('；') }];
  }

  /**
   * `GET requests`: by `service_request_id` list (other filters ignored, as the spec says), else
   * by `service_code`, `status`, `start_date`/`end_date` (default: the last 90 days; at most 90
   * days), newest first, at most 1,000; `after` (from the `Link: rel="next"` header) pages on.
   */
  async requests(params: Params, county: string | null): Promise<{ requests: Open311Request[]; next: string | null }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      values.push(value);
      where.push(sql(`$${values.length}`));
    };
    if (county) add((n) => `i.county_code = ${n}`, county);
    const ids = list(params, 'service_request_id', MAX_IDS, (v) => UUID.test(v));
    if (ids) {
      add((n) => `i.id = ANY(${n}::uuid[])`, ids);
    } else {
      const codes = list(params, 'service_code', 50, (v) => /^[A-Z][A-Z0-9_]{1,31}$/.test(v));
      if (codes) add((n) => `c.code = ANY(${n})`, codes);
      const statuses = list(params, 'status', 2, (v) => v === 'open' || v === 'closed');
      if (statuses && statuses.length === 1) add((n) => `(i.status = ANY(${n})) = ${statuses[0] === 'open' ? 'true' : 'false'}`, OPEN_STATUSES);
      const end = datetime(params, 'end_date') ?? this.clock.now();
      const start = datetime(params, 'start_date') ?? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
      if (start > end) throw new Open311Error(400, 'start_date is after end_date');
      if (end.getTime() - start.getTime() > DEFAULT_RANGE_DAYS * DAY_MS)
        throw new Open311Error(400, `start_date and end_date may span at most ${DEFAULT_RANGE_DAYS} days`);
      add((n) => `i.reported_at >= ${n}`, start);
      add((n) => `i.reported_at <= ${n}`, end);
    }
    const after = text(params, 'after', 200);
    if (after) {
      const cursor = decodeCursor(after);
      values.push(cursor.at, cursor.id);
      where.push(`(i.reported_at, i.id) < ($${values.length - 1}, $${values.length}::uuid)`);
    }
    const rows: Row[] = await this.dataSource.query(
      `${REQUEST_SQL} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.reported_at DESC, i.id DESC LIMIT ${MAX_REQUESTS + 1}`,
      values,
    );
    const more = rows.length > MAX_REQUESTS;
    const page = rows.slice(0, MAX_REQUESTS);
    return { requests: page.map(toRequest), next: more ? encodeCursor(page[page.length - 1]) : null };
  }

  /** `GET requests/{id}`: a list of one, or 404. */
  async request(id: string, county: string | null): Promise<Open311Request[]> {
    if (!UUID.test(id)) throw new Open311Error(404, `service_request_id ${id} not found`);
    const rows: Row[] = await this.dataSource.query(`${REQUEST_SQL} WHERE i.id = $1 ${county ? 'AND i.county_code = $2' : ''}`, county ? [id, county] : [id]);
    if (rows.length === 0) throw new Open311Error(404, `service_request_id ${id} not found`);
    return rows.map(toRequest);
  }

  /**
   * `GET tokens/{token}`: requests are created synchronously, so the only token a client holds is
   * the `client_request_id` it sent; it resolves to the request it made.
   */
  async token(token: string, county: string | null): Promise<{ service_request_id: string; token: string }[]> {
    const rows: { id: string }[] = UUID.test(token)
      ? await this.dataSource.query(issueByClientRequestIdSql(Boolean(county)), county ? [token, county] : [token])
      : [];
    if (rows.length === 0) throw new Open311Error(404, `token ${token} not found`);
    return [{ service_request_id: rows[0].id, token }];
  }

  /**
   * The FixMyStreet extension `GET servicerequestupdates`: one update per timeline step between
   * `start_date` and `end_date` (default: the last 90 days), oldest first, at most 1,000. Steps
   * never carry who took them.
   */
  async updates(params: Params, county: string | null) {
    const end = datetime(params, 'end_date') ?? this.clock.now();
    const start = datetime(params, 'start_date') ?? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
    if (start > end) throw new Open311Error(400, 'start_date is after end_date');
    const rows: { id: string; issue_id: string; action: string; to_status: IssueStatus; note: string | null; at: Date; resolution_photo: string | null }[] =
      await this.dataSource.query(issueUpdatesSql(Boolean(county), MAX_REQUESTS), county ? [start, end, county] : [start, end]);
    return rows.map((r) => ({
      update_id: r.id,
      service_request_id: r.issue_id,
      status: open311Status(r.to_status),
      description: [actionLabel(r.action), r.note].filter(Boolean).join('：'),
      updated_datetime: shanghaiIsoDateTime(r.at),
      media_url: r.resolution_photo,
    }));
  }
}

/** `attribute[code]=v` and `attribute[code][]=v` (multi-value lists) from a form, at most 50. */
function attributeAnswers(params: Params): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(params)) {
    const match = /^attribute\[([^\]]{1,40})\](\[\])?$/.exec(key);
    if (!match) continue;
    if (Object.keys(answers).length >= 50) throw new Open311Error(400, 'at most 50 attributes');
    const values = (Array.isArray(value) ? value : [value]).slice(0, 50).map(String);
    answers[match[1]] = match[2] || values.length > 1 ? values : values[0];
  }
  return answers;
}

function actionLabel(action: string): string {
  return action === 'REPORT' || action === 'MARK_OVERDUE' ? labelOf('IssueTimelineStep', action) : labelOf('IssueAction', action);
}

function toRequest(r: Row): Open311Request {
  return {
    service_request_id: r.id,
    status: open311Status(r.status),
    status_notes: r.resolution_note ?? r.last_note,
    service_name: r.name,
    service_code: r.code,
    description: r.description,
    agency_responsible: r.department,
    service_notice: r.deadline_warning,
    requested_datetime: shanghaiIsoDateTime(r.reported_at),
    updated_datetime: shanghaiIsoDateTime(r.updated_at),
    expected_datetime: r.deadline_at ? shanghaiIsoDateTime(r.deadline_at) : null,
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: r.photos[0] ?? null,
  };
}
