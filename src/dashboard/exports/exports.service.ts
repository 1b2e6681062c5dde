import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../access/actor.js';
import { certificationStatus } from '../../care/station-inspections/certification.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { labelOf } from '../../common/labels/labels.js';
import { keysetBatches, streamSheet } from '../../common/xlsx/streamed-xlsx.js';
import type { Region } from '../../reference/regions/region.entity.js';
import { DashboardScope } from '../dashboard-scope.js';
import { countyFilterOf } from '../overview/overview.service.js';
import { shanghaiMinute, TIMELINE_LABELS } from './export-labels.js';
import { EVENT_EXPORT_SQL, ISSUE_EXPORT_SQL, STATION_EXPORT_SQL } from './exports.sql.js';

/** Rows read per keyset batch. */
export const EXPORT_BATCH_SIZE = 100;

/** An export ready to send: the stream and its file names. */
export interface ExportFile {
  stream: Readable;
  asciiName: string;
  chineseName: string;
}

const BEGINNING = new Date('2000-01-01T00:00:00Z');
const END_OF_TIME = new Date('9999-01-01T00:00:00Z');

interface StationRow {
  code: string;
  name: string;
  kind: string;
  host_venue: string;
  address: string;
  township_code: string;
  township_name: string;
  status: string;
  lat: number;
  lng: number;
  passed: boolean | null;
  audited_on: string | null;
  valid_until: string | null;
  rectification_due: string | null;
  amenities: string | null;
}
interface EventRow {
  id: string;
  title: string;
  kind: string;
  status: string;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  region_code: string;
  region_name: string;
  organizer: string;
  registration_required: boolean;
  capacity: number | null;
  served_count: number;
  confirmed: number;
  waitlisted: number;
  cancelled: number;
  attended: number;
}
interface IssueRow {
  id: string;
  reported_at: Date;
  category: string;
  status: string;
  description: string;
  address: string | null;
  lat: number;
  lng: number;
  township_code: string;
  township_name: string;
  grid_code: string | null;
  grid_name: string | null;
  department: string | null;
  deadline_at: Date | null;
  overdue_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  resolution_note: string | null;
  rating: number | null;
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
      '序号',
      '驿站编号',
      '驿站名称',
      '类型',
      '承载场所',
      '地址',
      '乡镇代码',
      '乡镇（街道）',
      '运营状态',
      '纬度',
      '经度',
      '六有达标状态',
      '最近评估日期',
      '有效期至',
      '整改期限',
      '设施（!为故障）',
    ];
    let index = 0;
    return {
      asciiName: `stations-${region.code}.xlsx`,
      chineseName: `驿站及评估状态-${region.name}.xlsx`,
      stream: streamSheet(
        { name: '驿站', title: `${region.name}（${region.code}）驿站及六有评估状态（截至 ${today}）`, columns: columns.map((header) => ({ header })) },
        mapBatches(batches, (s) => [
          ++index,
          s.code,
          s.name,
          labelOf('StationKind', s.kind),
          labelOf('HostVenue', s.host_venue),
          s.address,
          s.township_code,
          s.township_name,
          labelOf('StationStatus', s.status),
          s.lat,
          s.lng,
          labelOf(
            'CertificationStatus',
            certificationStatus(s.passed === null ? null : { passed: s.passed, validUntil: s.valid_until!, rectificationDue: s.rectification_due }, today),
          ),
          s.audited_on ?? '',
          s.valid_until ?? '',
          s.rectification_due ?? '',
          (s.amenities ?? '')
            .split(',')
            .filter(Boolean)
            .map((a) => (a.endsWith('!') ? `${labelOf('Amenity', a.slice(0, -1))}!` : labelOf('Amenity', a)))
            .join('、'),
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
    const columns = [
      '序号',
      '活动名称',
      '类型',
      '状态',
      '开始时间',
      '结束时间',
      '地点',
      '区划代码',
      '区划',
      '主办单位',
      '需报名',
      '名额',
      '报名成功',
      '候补',
      '已取消',
      '签到人数',
      '现场发放数',
      '服务人次',
    ];
    let index = 0;
    return {
      asciiName: `events-${region.code}.xlsx`,
      chineseName: `公益活动及参与情况-${region.name}.xlsx`,
      stream: streamSheet(
        { name: '公益活动', title: `${region.name}（${region.code}）公益活动及参与情况`, columns: columns.map((header) => ({ header })) },
        mapBatches(batches, (e) => [
          ++index,
          e.title,
          labelOf('WelfareEventKind', e.kind),
          labelOf('WelfareEventStatus', e.status),
          shanghaiMinute(e.starts_at),
          shanghaiMinute(e.ends_at),
          e.place ?? '',
          e.region_code,
          e.region_name,
          e.organizer,
          e.registration_required ? '是' : '否',
          e.capacity ?? '',
          e.confirmed,
          e.waitlisted,
          e.cancelled,
          e.attended,
          e.served_count,
          e.attended + e.served_count,
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
      (after) =>
        this.dataSource.query(ISSUE_EXPORT_SQL, [
          region.path,
          start,
          end,
          after?.reported_at ?? null,
          after?.id ?? null,
          EXPORT_BATCH_SIZE,
          county,
          TIMELINE_LABELS,
        ]),
      EXPORT_BATCH_SIZE,
    );
    const columns = [
      '序号',
      '问题编号',
      '上报时间',
      '类别',
      '状态',
      '问题描述',
      '地址',
      '纬度',
      '经度',
      '乡镇代码',
      '乡镇（街道）',
      '网格',
      '承办部门',
      '办理期限',
      '超期时间',
      '办结时间',
      '关闭时间',
      '办结说明',
      '评价',
      '处置记录',
    ];
    let index = 0;
    return {
      asciiName: `governance-issues-${region.code}.xlsx`,
      chineseName: `治理问题及处置记录-${region.name}.xlsx`,
      stream: streamSheet(
        {
          name: '治理问题',
          title: `${region.name}（${region.code}）治理问题及处置记录`,
          columns: columns.map((header) => ({ header, width: header === '处置记录' ? 60 : undefined })),
        },
        mapBatches(batches, (i) => [
          ++index,
          i.id,
          shanghaiMinute(i.reported_at),
          i.category,
          labelOf('IssueStatus', i.status),
          i.description,
          i.address ?? '',
          i.lat,
          i.lng,
          i.township_code,
          i.township_name,
          i.grid_name ? `${i.grid_name}（${i.grid_code}）` : '',
          i.department ?? '',
          shanghaiMinute(i.deadline_at),
          shanghaiMinute(i.overdue_at),
          shanghaiMinute(i.resolved_at),
          shanghaiMinute(i.closed_at),
          i.resolution_note ?? '',
          i.rating ?? '',
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
