import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../access/actor.js';
import { STATION_CERTIFICATION_SQL } from '../../care/station-inspections/station-inspections.sql.js';
import { certificationStatus } from '../../care/station-inspections/certification.js';
import { Clock } from '../../common/clock/clock.js';
import { SHANGHAI_TIME_ZONE } from '../../common/clock/shanghai.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { labelOf } from '../../common/labels/labels.js';
import { keysetBatches, streamSheet } from '../../common/xlsx/streamed-xlsx.js';
import type { Region } from '../../reference/regions/region.entity.js';
import { DashboardScope } from '../dashboard-scope.js';
import { countyFilterOf } from '../overview/overview.service.js';
import { shanghaiMinute, TIMELINE_LABELS } from './export-labels.js';

/** Rows read per keyset batch. */
export const EXPORT_BATCH_SIZE = 100;

/** An export ready to send: the stream and its file names. */
export interface ExportFile {
  stream: Readable;
  asciiName: string;
  chineseName: string;
}

/**
 * Stations with audit status: STATION_CERTIFICATION_SQL (stations not CLOSED under $1, certification
 * judged on $2) in code order after $3, $4 at a time.
 */
export const STATION_EXPORT_SQL = `
  SELECT cert.code, cert.name, st.kind, st.host_venue, st.address, t.code AS township_code, t.name AS township_name, st.status, st.lat, st.lng,
         cert.passed, cert.audited_on, cert.valid_until, cert.rectification_due,
         (SELECT string_agg(a.amenity || CASE WHEN a.working THEN '' ELSE '!' END, ',' ORDER BY a.amenity) FROM station_amenity a WHERE a.station_id = st.id) AS amenities
  FROM (${STATION_CERTIFICATION_SQL} AND ($3::varchar IS NULL OR st.code > $3::varchar) ORDER BY st.code LIMIT $4::int) cert
  JOIN station st ON st.id = cert.id JOIN region t ON t.id = st.township_id
  ORDER BY cert.code`;

/** Welfare events of the region ($1) starting in [$2, $3), with attendance, in start order after ($4, $5), $6 at a time. */
export const EVENT_EXPORT_SQL = `
  SELECT ev.id, ev.title, ev.kind, ev.status, ev.starts_at, ev.ends_at, COALESCE(st.name, ev.address) AS place, r.code AS region_code, r.name AS region_name,
         d.name AS organizer, ev.registration_required, ev.capacity, ev.served_count, reg.confirmed, reg.waitlisted, reg.cancelled, reg.attended
  FROM welfare_event ev
  JOIN region r ON r.id = ev.region_id
  JOIN department d ON d.id = ev.organizer_department_id
  LEFT JOIN station st ON st.id = ev.station_id
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE er.status = 'CONFIRMED')::int AS confirmed, count(*) FILTER (WHERE er.status = 'WAITLISTED')::int AS waitlisted,
           count(*) FILTER (WHERE er.status = 'CANCELLED')::int AS cancelled, count(*) FILTER (WHERE er.attended_at IS NOT NULL)::int AS attended
    FROM event_registration er WHERE er.event_id = ev.id
  ) reg ON true
  WHERE r.path <@ $1::ltree AND ($7::varchar IS NULL OR ev.county_code = $7::varchar)
    AND ev.starts_at >= $2::timestamptz AND ev.starts_at < $3::timestamptz
    AND ($4::timestamptz IS NULL OR (ev.starts_at, ev.id) > ($4::timestamptz, $5::uuid))
  ORDER BY ev.starts_at, ev.id
  LIMIT $6::int`;

/**
 * Governance problems of the region ($1) reported in [$2, $3), with their timelines (by role, never
 * the reporter's identity) as text, in report order after ($4, $5), $6 at a time; $7 county code or
 * null; $8 the Chinese labels (TIMELINE_LABELS). The text is built in SQL so the server parses one
 * string per problem rather than an object per step.
 */
export const ISSUE_EXPORT_SQL = `
  SELECT i.id, i.reported_at, c.name AS category, i.status, i.description, i.address, i.lat, i.lng, t.code AS township_code, t.name AS township_name,
         g.code AS grid_code, g.name AS grid_name, d.name AS department, i.deadline_at, i.overdue_at, i.resolved_at, i.closed_at, i.resolution_note, i.rating,
         (SELECT string_agg(to_char(e.at AT TIME ZONE '${SHANGHAI_TIME_ZONE}', 'YYYY-MM-DD HH24:MI') || ' ' ||
                            CASE e.actor_kind WHEN 'WORKER' THEN $8::jsonb ->> 'WORKER' WHEN 'SYSTEM' THEN $8::jsonb ->> 'SYSTEM'
                                 ELSE COALESCE($8::jsonb -> 'roles' ->> e.actor_role, $8::jsonb ->> 'STAFF') END || ' ' ||
                            COALESCE($8::jsonb -> 'actions' ->> e.action, e.action) || ' → ' || COALESCE($8::jsonb -> 'statuses' ->> e.to_status, e.to_status) ||
                            COALESCE('：' || e.note, ''), E'\n' ORDER BY e.at, e.created_at)
            FROM governance_issue_event e WHERE e.issue_id = i.id) AS timeline
  FROM governance_issue i
  JOIN region t ON t.id = i.township_id
  JOIN issue_category c ON c.id = i.category_id
  LEFT JOIN grid g ON g.id = i.grid_id
  LEFT JOIN department d ON d.id = i.department_id
  WHERE t.path <@ $1::ltree AND ($7::varchar IS NULL OR i.county_code = $7::varchar)
    AND i.reported_at >= $2::timestamptz AND i.reported_at < $3::timestamptz
    AND ($4::timestamptz IS NULL OR (i.reported_at, i.id) > ($4::timestamptz, $5::uuid))
  ORDER BY i.reported_at, i.id
  LIMIT $6::int`;

const BEGINNING = new Date('2000-01-01T00:00:00Z');
const END_OF_TIME = new Date('9999-01-01T00:00:00Z');

interface StationRow {
  code: string; name: string; kind: string; host_venue: string; address: string; township_code: string; township_name: string; status: string;
  lat: number; lng: number; passed: boolean | null; audited_on: string | null; valid_until: string | null; rectification_due: string | null; amenities: string | null;
}
interface EventRow {
  id: string; title: string; kind: string; status: string; starts_at: Date; ends_at: Date; place: string | null; region_code: string; region_name: string;
  organizer: string; registration_required: boolean; capacity: number | null; served_count: number; confirmed: number; waitlisted: number; cancelled: number; attended: number;
}
interface IssueRow {
  id: string; reported_at: Date; category: string; status: string; description: string; address: string | null; lat: number; lng: number;
  township_code: string; township_name: string; grid_code: string | null; grid_name: string | null; department: string | null; deadline_at: Date | null;
  overdue_at: Date | null; resolved_at: Date | null; closed_at: Date | null; resolution_note: string | null; rating: number | null;
  timeline: string | null;
}

/**
 * 导出 Streamed .xlsx exports for county offices (Chinese headers; no personal data beyond what the
 * ledger export masks): stations with audit status, welfare events with attendance, governance
 * problems with timelines. Each reads the database in keyset batches (never the whole table at
 * once), stays within the caller's region scope and is audited. The ledger's export lives in
 * LedgerTransferService and is reused as is.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger('Exports');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: DashboardScope,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** 驿站及评估状态: stations (not closed) of a region in scope, with certification as of today. */
  async stations(actor: Actor, regionCode: string): Promise<ExportFile> {
    const region = await this.scope.region(actor, regionCode);
    await this.audit.record({ action: 'dashboard.export.stations', actor, entityType: 'Station', changes: { regionCode } });
    const today = this.clock.today();
    const batches = keysetBatches<StationRow>(
      (after) => this.dataSource.query(STATION_EXPORT_SQL, [region.path, today, after?.code ?? null, EXPORT_BATCH_SIZE]),
      EXPORT_BATCH_SIZE,
    );
    const columns = [
      '序号', '驿站编号', '驿站名称', '类型', '承载场所', '地址', '乡镇代码', '乡镇（街道）', '运营状态', '纬度', '经度', '六有达标状态', '最近评估日期', '有效期至', '整改期限', '设施（!为故障）',
    ];
    let index = 0;
    return {
      asciiName: `stations-${region.code}.xlsx`,
      chineseName: `驿站及评估状态-${region.name}.xlsx`,
      stream: streamSheet(
        { name: '驿站', title: `${region.name}（${region.code}）驿站及六有评估状态（截至 ${today}）`, columns: columns.map((header) => ({ header })) },
        mapBatches(batches, (s) => [
          ++index, s.code, s.name, labelOf('StationKind', s.kind), labelOf('HostVenue', s.host_venue), s.address, s.township_code, s.township_name,
          labelOf('StationStatus', s.status), s.lat, s.lng,
          labelOf('CertificationStatus', certificationStatus(s.passed === null ? null : { passed: s.passed, validUntil: s.valid_until!, rectificationDue: s.rectification_due }, today)),
          s.audited_on ?? '', s.valid_until ?? '', s.rectification_due ?? '',
          (s.amenities ?? '').split(',').filter(Boolean).map((a) => a.endsWith('!') ? `${labelOf('Amenity', a.slice(0, -1))}!` : labelOf('Amenity', a)).join('、'),
        ]),
        (error) => this.failed('stations', error),
      ),
    };
  }

  /** 公益活动及参与情况: welfare events of a region in scope starting in [from, to), with sign-ups and attendance. */
  async events(actor: Actor, regionCode: string, from?: Date, to?: Date): Promise<ExportFile> {
    const { region, start, end } = await this.prepare(actor, regionCode, from, to);
    await this.audit.record({ action: 'dashboard.export.events', actor, entityType: 'WelfareEvent', changes: { regionCode, from, to } });
    const county = countyFilterOf(region);
    const batches = keysetBatches<EventRow>(
      (after) => this.dataSource.query(EVENT_EXPORT_SQL, [region.path, start, end, after?.starts_at ?? null, after?.id ?? null, EXPORT_BATCH_SIZE, county]),
      EXPORT_BATCH_SIZE,
    );
    const columns = ['序号', '活动名称', '类型', '状态', '开始时间', '结束时间', '地点', '区划代码', '区划', '主办单位', '需报名', '名额', '报名成功', '候补', '已取消', '签到人数', '现场发放数', '服务人次'];
    let index = 0;
    return {
      asciiName: `events-${region.code}.xlsx`,
      chineseName: `公益活动及参与情况-${region.name}.xlsx`,
      stream: streamSheet(
        { name: '公益活动', title: `${region.name}（${region.code}）公益活动及参与情况`, columns: columns.map((header) => ({ header })) },
        mapBatches(batches, (e) => [
          ++index, e.title, labelOf('WelfareEventKind', e.kind), labelOf('WelfareEventStatus', e.status), shanghaiMinute(e.starts_at), shanghaiMinute(e.ends_at),
          e.place ?? '', e.region_code, e.region_name, e.organizer, e.registration_required ? '是' : '否', e.capacity ?? '', e.confirmed, e.waitlisted,
          e.cancelled, e.attended, e.served_count, e.attended + e.served_count,
        ]),
        (error) => this.failed('events', error),
      ),
    };
  }

  /** 治理问题及处置记录: problems of a region in scope reported in [from, to), with their timelines; never the reporter. */
  async issues(actor: Actor, regionCode: string, from?: Date, to?: Date): Promise<ExportFile> {
    const { region, start, end } = await this.prepare(actor, regionCode, from, to);
    await this.audit.record({ action: 'dashboard.export.governance_issues', actor, entityType: 'GovernanceIssue', changes: { regionCode, from, to } });
    const county = countyFilterOf(region);
    const batches = keysetBatches<IssueRow>(
      (after) => this.dataSource.query(ISSUE_EXPORT_SQL, [region.path, start, end, after?.reported_at ?? null, after?.id ?? null, EXPORT_BATCH_SIZE, county, TIMELINE_LABELS]),
      EXPORT_BATCH_SIZE,
    );
    const columns = [
      '序号', '问题编号', '上报时间', '类别', '状态', '问题描述', '地址', '纬度', '经度', '乡镇代码', '乡镇（街道）', '网格', '承办部门', '办理期限', '超期时间', '办结时间',
      '关闭时间', '办结说明', '评价', '处置记录',
    ];
    let index = 0;
    return {
      asciiName: `governance-issues-${region.code}.xlsx`,
      chineseName: `治理问题及处置记录-${region.name}.xlsx`,
      stream: streamSheet(
        { name: '治理问题', title: `${region.name}（${region.code}）治理问题及处置记录`, columns: columns.map((header) => ({ header, width: header === '处置记录' ? 60 : undefined })) },
        mapBatches(batches, (i) => [
          ++index, i.id, shanghaiMinute(i.reported_at), i.category, labelOf('IssueStatus', i.status), i.description, i.address ?? '', i.lat, i.lng,
          i.township_code, i.township_name, i.grid_name ? `${i.grid_name}（${i.grid_code}）` : '', i.department ?? '', shanghaiMinute(i.deadline_at),
          shanghaiMinute(i.overdue_at), shanghaiMinute(i.resolved_at), shanghaiMinute(i.closed_at), i.resolution_note ?? '', i.rating ?? '',
          i.timeline ?? '',
        ]),
        (error) => this.failed('governance issues', error),
      ),
    };
  }

  private async prepare(actor: Actor, regionCode: string, from?: Date, to?: Date): Promise<{ region: Region; start: Date; end: Date }> {
    const start = from ?? BEGINNING;
    const end = to ?? END_OF_TIME;
    if (start.getTime() >= end.getTime()) throw DomainError.badField('from', 'must be earlier than to');
    return { region: await this.scope.region(actor, regionCode), start, end };
  }

  private failed(what: string, error: Error): void {
    this.logger.error(`Export of ${what} failed: ${error.message}`);
  }
}

/** Maps every row of every batch. */
async function* mapBatches<R>(batches: AsyncIterable<R[]>, map: (row: R) => unknown[]): AsyncGenerator<unknown[][]> {
  for await (const batch of batches) yield batch.map(map);
}
