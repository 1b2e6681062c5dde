import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Clock } from '../../common/clock/clock.js';
import { addDays, isCalendarDate } from '../../common/clock/shanghai.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { withinRegion } from '../../access/scope.js';
import { RegionService } from '../../reference/regions/region.service.js';
import { StationsService } from '../stations/stations.service.js';
import { AuditStandard, AuditStandardItem } from './audit-standard.entity.js';
import { certificationStatus, CertificationStatus, isDueForAudit, validUntil, type LatestAudit } from './certification.js';
import type {
  AuditStandardDto,
  AuditStandardItemInput,
  CreateAuditStandardInput,
  RecordStationAuditInput,
  StationAuditDto,
  StationDueForAuditDto,
  UpdateAuditStandardInput,
} from './dto/audit.dto.js';
import { StationAudit, StationAuditItem } from './station-audit.entity.js';
import {
  AUDIT_ITEMS_SQL,
  AUDITS_USING_STANDARD_SQL,
  COUNT_CERTIFIED_SQL,
  dueForAuditSql,
  LATEST_AUDITS_SQL,
  NEXT_STANDARD_VERSION_SQL,
  STANDARDS_IN_USE_SQL,
} from './station-inspections.sql.js';

const newestAuditFirst: KeysetOrder<StationAudit> = { column: 'audit.created_at', idColumn: 'audit.id', direction: 'DESC', read: (a) => [a.createdAt, a.id] };

interface LatestAuditRow {
  station_id: string;
  passed: boolean;
  audited_on: string;
  valid_until: string;
  rectification_due: string | null;
}

/** 六有 Station inspections: six-item standards (versioned, immutable once used), station audits and certification. Not the audit log (src/audit). */
@Injectable()
export class StationInspectionsService {
  constructor(
    @InjectRepository(AuditStandard) private readonly standards: Repository<AuditStandard>,
    @InjectRepository(StationAudit) private readonly audits: Repository<StationAudit>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stations: StationsService,
    private readonly regions: RegionService,
    private readonly clock: Clock,
  ) {}

  /** Every standard version with its items, newest first per code. */
  async listStandards(): Promise<AuditStandardDto[]> {
    const standards = await this.standards.find({ order: { code: 'ASC', version: 'DESC' } });
    return this.describeStandards(standards);
  }

  /** One version with its items; NOT_FOUND otherwise. */
  async getStandard(id: string): Promise<AuditStandardDto> {
    const standard = await this.standards.findOneBy({ id });
    if (!standard) throw DomainError.notFound('AuditStandard', id);
    return (await this.describeStandards([standard]))[0];
  }

  /** A new version of a standard (last version + 1), optionally made current at once. */
  async createStandardVersion(input: CreateAuditStandardInput): Promise<AuditStandardDto> {
    this.checkItems(input.items);
    const id = await this.dataSource.transaction(async (manager) => {
      // Serialise version numbering per code.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`audit_standard:${input.code}`]);
      const [{ next }] = await manager.query(NEXT_STANDARD_VERSION_SQL, [input.code]);
      if (input.makeCurrent) await manager.update(AuditStandard, { isCurrent: true }, { isCurrent: false });
      const standard = await manager.save(
        manager.create(AuditStandard, {
          code: input.code,
          version: Number(next),
          name: input.name.trim(),
          isCurrent: input.makeCurrent ?? false,
          validityMonths: input.validityMonths ?? 12,
          rectificationDays: input.rectificationDays ?? 30,
        }),
      );
      await this.writeItems(manager, standard.id, input.items);
      return standard.id;
    });
    return this.getStandard(id);
  }

  /**
   * Edits a version no audit has used. A used version is immutable: CONFLICT, create a new version.
   * The row lock makes an audit being recorded against it wait (or this edit see the audit).
   */
  async updateStandardVersion(id: string, input: UpdateAuditStandardInput): Promise<AuditStandardDto> {
    if (input.items) this.checkItems(input.items);
    await this.dataSource.transaction(async (manager) => {
      const standard = await manager.findOne(AuditStandard, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!standard) throw DomainError.notFound('AuditStandard', id);
      const used = Number((await manager.query(AUDITS_USING_STANDARD_SQL, [id]))[0].n);
      if (used > 0) {
        throw DomainError.conflict(`${standard.name} (v${standard.version}) is used by ${used} audit(s) and cannot change; create a new version instead`, {
          usedByAudits: used,
          allowed: ['createAuditStandardVersion'],
        });
      }
      if (input.name !== undefined) standard.name = input.name.trim();
      if (input.validityMonths !== undefined) standard.validityMonths = input.validityMonths;
      if (input.rectificationDays !== undefined) standard.rectificationDays = input.rectificationDays;
      await manager.save(standard);
      if (input.items) {
        await manager.delete(AuditStandardItem, { standardId: id });
        await this.writeItems(manager, id, input.items);
      }
    });
    return this.getStandard(id);
  }

  /** Makes a version the one certification is judged against (the previous current one stops being current). */
  async makeStandardCurrent(id: string): Promise<AuditStandardDto> {
    await this.dataSource.transaction(async (manager) => {
      const standard = await manager.findOne(AuditStandard, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!standard) throw DomainError.notFound('AuditStandard', id);
      await manager.update(AuditStandard, { isCurrent: true }, { isCurrent: false });
      await manager.update(AuditStandard, { id }, { isCurrent: true });
    });
    return this.getStandard(id);
  }

  /**
   * Records an audit of a station in scope against a version (default the current one): one verdict
   * per item; passed when every required item passed; failed items get a rectification deadline
   * (default audit date + the standard's days); valid for the standard's months.
   */
  async recordAudit(actor: Actor, input: RecordStationAuditInput): Promise<StationAuditDto> {
    const station = await this.stations.get(actor, input.stationId);
    const today = this.clock.today();
    if (!isCalendarDate(input.auditedOn)) throw DomainError.badField('auditedOn', 'must be a date YYYY-MM-DD');
    if (input.auditedOn > today) throw DomainError.badField('auditedOn', `must not be after today (${today})`);
    const auditId = await this.dataSource.transaction(async (manager) => {
      const standard = await manager.findOne(AuditStandard, {
        where: input.standardId ? { id: input.standardId } : { isCurrent: true },
        lock: { mode: 'pessimistic_read' },
      });
      if (!standard) throw input.standardId ? DomainError.badField('standardId', 'no such standard version') : DomainError.notFound('current AuditStandard');
      const items = await manager.find(AuditStandardItem, { where: { standardId: standard.id }, order: { position: 'ASC' } });
      const verdicts = this.matchVerdicts(items, input, standard.rectificationDays);
      const passed = items.every((item) => !item.required || verdicts.get(item.id)!.passed);
      const audit = await manager.save(
        manager.create(StationAudit, {
          stationId: station.id,
          standardId: standard.id,
          auditorId: actor.kind === 'staff' ? actor.id : null,
          auditedOn: input.auditedOn,
          passed,
          validUntil: validUntil(input.auditedOn, standard.validityMonths),
          note: input.note ?? null,
          evidenceUrls: input.evidenceUrls ?? [],
          countyCode: station.countyCode,
        }),
      );
      await manager.insert(
        StationAuditItem,
        items.map((item) => ({ auditId: audit.id, itemId: item.id, ...verdicts.get(item.id)! })),
      );
      return audit.id;
    });
    return this.getAudit(actor, auditId);
  }

  /** An audit of a station in scope; NOT_FOUND otherwise. */
  async getAudit(actor: Actor, id: string): Promise<StationAuditDto> {
    const audit = await this.audits.findOneBy({ id });
    if (!audit) throw DomainError.notFound('StationAudit', id);
    await this.stations.get(actor, audit.stationId).catch(() => {
      throw DomainError.notFound('StationAudit', id);
    });
    return (await this.describeAudits([audit]))[0];
  }

  /** A station's audits, newest first (one page). */
  async auditsOf(actor: Actor, stationId: string, args: ConnectionArgs): Promise<ConnectionShape<StationAuditDto>> {
    await this.stations.get(actor, stationId);
    const page = await toConnection(this.audits.createQueryBuilder('audit').where('audit.station_id = :stationId', { stationId }), newestAuditFirst, args);
    const described = await this.describeAudits(page.edges.map((e) => e.node));
    return { ...page, edges: page.edges.map((edge, i) => ({ cursor: edge.cursor, node: described[i] })) };
  }

  /** Certification of several stations today (for the per-request loader), in the order given. */
  async certificationOf(stationIds: readonly string[]): Promise<CertificationStatus[]> {
    const rows: LatestAuditRow[] = await this.dataSource.query(LATEST_AUDITS_SQL, [[...stationIds]]);
    const byStation = new Map(rows.map((row) => [row.station_id, row]));
    const today = this.clock.today();
    return stationIds.map((id) => {
      const row = byStation.get(id);
      const latest: LatestAudit | null = row ? { passed: row.passed, validUntil: row.valid_until, rectificationDue: row.rectification_due } : null;
      return certificationStatus(latest, today);
    });
  }

  /** `stationsDueForAudit(regionCode)`: stations in the region (and the caller's scope) never audited, expired, or with rectification overdue. */
  async dueForAudit(actor: Actor, regionCode: string): Promise<StationDueForAuditDto[]> {
    const region = await this.regions.findByCode(regionCode);
    if (!region) throw DomainError.badField('regionCode', `no region has code ${regionCode}`);
    const scope = withinRegion(actor, 'township');
    const scopeSql = scope.sql === 'TRUE' ? '' : ' AND township.path <@ $3::ltree';
    const rows: {
      id: string;
      code: string;
      name: string;
      passed: boolean | null;
      audited_on: string | null;
      valid_until: string | null;
      rectification_due: string | null;
    }[] = await this.dataSource.query(dueForAuditSql(scopeSql), [region.path, this.clock.today(), ...(scopeSql ? [scope.params.scopePath] : [])]);
    const today = this.clock.today();
    return rows.flatMap((row) => {
      const latest = row.passed === null ? null : { passed: row.passed, validUntil: row.valid_until!, rectificationDue: row.rectification_due };
      const reason = certificationStatus(latest, today);
      return isDueForAudit(reason)
        ? [
            {
              stationId: row.id,
              code: row.code,
              name: row.name,
              reason,
              lastAuditedOn: row.audited_on,
              validUntil: row.valid_until,
              rectificationDue: row.rectification_due,
            },
          ]
        : [];
    });
  }

  /** How many stations under a region path are certified on a day (for the dashboard). */
  async countCertified(regionPath: string, on = this.clock.today()): Promise<number> {
    const [{ n }] = await this.dataSource.query(COUNT_CERTIFIED_SQL, [regionPath, on]);
    return n;
  }

  private checkItems(items: AuditStandardItemInput[]): void {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.key)) throw DomainError.badField(`items.${i}.key`, `${item.key} is listed twice`);
      seen.add(item.key);
    });
  }

  private async writeItems(manager: EntityManager, standardId: string, items: AuditStandardItemInput[]): Promise<void> {
    await manager.insert(
      AuditStandardItem,
      items.map((item, i) => ({
        standardId,
        key: item.key,
        label: item.label.trim(),
        required: item.required ?? true,
        position: i + 1,
      })),
    );
  }

  /** One verdict per standard item, with deadlines; refuses unknown, missing or duplicate keys and misplaced deadlines. */
  private matchVerdicts(items: AuditStandardItem[], input: RecordStationAuditInput, rectificationDays: number) {
    const byKey = new Map(items.map((item) => [item.key, item]));
    const verdicts = new Map<string, { passed: boolean; note: string | null; rectificationDue: string | null }>();
    const errors: FieldError[] = [];
    input.items.forEach((result, i) => {
      const item = byKey.get(result.key);
      if (!item) return void errors.push({ field: `items.${i}.key`, message: `${result.key} is not an item of this standard` });
      if (verdicts.has(item.id)) return void errors.push({ field: `items.${i}.key`, message: `${result.key} is listed twice` });
      if (result.rectificationDue !== undefined) {
        if (result.passed) errors.push({ field: `items.${i}.rectificationDue`, message: 'only a failed item has a rectification deadline' });
        else if (!isCalendarDate(result.rectificationDue) || result.rectificationDue <= input.auditedOn) {
          errors.push({ field: `items.${i}.rectificationDue`, message: 'must be a date after the audit date' });
        }
      }
      verdicts.set(item.id, {
        passed: result.passed,
        note: result.note ?? null,
        rectificationDue: result.passed ? null : (result.rectificationDue ?? addDays(input.auditedOn, rectificationDays)),
      });
    });
    const missing = items.filter((item) => !verdicts.has(item.id)).map((item) => item.key);
    if (missing.length) errors.push({ field: 'items', message: `needs a verdict on every item; missing ${missing.join(', ')}` });
    if (errors.length) throw DomainError.badInput(`Invalid audit: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
    return verdicts;
  }

  private async describeStandards(standards: AuditStandard[]): Promise<AuditStandardDto[]> {
    if (!standards.length) return [];
    const ids = standards.map((s) => s.id);
    const items = await this.dataSource.getRepository(AuditStandardItem).find({ where: { standardId: In(ids) }, order: { position: 'ASC' } });
    const used: { standard_id: string }[] = await this.dataSource.query(STANDARDS_IN_USE_SQL, [ids]);
    const inUse = new Set(used.map((u) => u.standard_id));
    return standards.map((s) => ({
      id: s.id,
      code: s.code,
      version: s.version,
      name: s.name,
      isCurrent: s.isCurrent,
      validityMonths: s.validityMonths,
      rectificationDays: s.rectificationDays,
      inUse: inUse.has(s.id),
      items: items.filter((i) => i.standardId === s.id).map((i) => ({ key: i.key, label: i.label, required: i.required })),
    }));
  }

  private async describeAudits(audits: StationAudit[]): Promise<StationAuditDto[]> {
    if (!audits.length) return [];
    const rows: { audit_id: string; key: string; label: string; required: boolean; passed: boolean; note: string | null; rectification_due: string | null }[] =
      await this.dataSource.query(AUDIT_ITEMS_SQL, [audits.map((a) => a.id)]);
    return audits.map((a) => ({
      id: a.id,
      stationId: a.stationId,
      standardId: a.standardId,
      auditorId: a.auditorId,
      auditedOn: a.auditedOn,
      passed: a.passed,
      validUntil: a.validUntil,
      note: a.note,
      evidenceUrls: a.evidenceUrls,
      createdAt: a.createdAt,
      items: rows
        .filter((r) => r.audit_id === a.id)
        .map((r) => ({
          key: r.key,
          label: r.label,
          required: r.required,
          passed: r.passed,
          note: r.note,
          rectificationDue: r.rectification_due,
        })),
    }));
  }
}
