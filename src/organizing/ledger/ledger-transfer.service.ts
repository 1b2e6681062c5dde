import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { inScope } from '../../access/scope.js';
import { AuditService } from '../../audit/audit.service.js';
import { Clock } from '../../common/clock/clock.js';
import { isValidSocialCreditCode, normaliseSocialCreditCode } from '../../common/checksums/social-credit-code.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { PersonalDataFormatError } from '../../common/personal-data/personal-data-format.js';
import { PersonalDataService, type ProtectedValue } from '../../common/personal-data/personal-data.service.js';
import { streamSheet } from '../../common/xlsx/streamed-xlsx.js';
import { Region } from '../../reference/regions/region.entity.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { RegionService } from '../../reference/regions/region.service.js';
import { Worker } from '../../workers/worker.entity.js';
import { WorkersService } from '../../workers/workers.service.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { PartyOrganization } from '../party-organizations/party-organization.entity.js';
import { OFFICER_CHANNELS, type LedgerFilter } from './dto/ledger.dto.js';
import { LedgerEntryItem } from './ledger-entry-item.entity.js';
import { LedgerEntry } from './ledger-entry.entity.js';
import { LedgerImport } from './ledger-import.entity.js';
import type { LedgerItem } from './ledger-item.entity.js';
import { LedgerItemsService } from './ledger-items.service.js';
import {
  COMPLETENESS_HEADER,
  EXPORT_HEADERS,
  exportLabels,
  LEDGER_SHEET_TITLE,
  parseChannel,
  parseClear,
  parseDate,
  parseFlowStatus,
  parseGender,
  parseMembership,
  readSheet,
  type CellProblem,
  type SheetRow,
} from './ledger-sheet.js';
import { LedgerService } from './ledger.service.js';
import { DiscoveryChannel, FlowStatus, Membership, Verification } from './ledger.enums.js';

/** Rows one import may hold. */
export const MAX_IMPORT_ROWS = 5000;
/** How long a validated import waits for its commit. */
export const IMPORT_TOKEN_TTL_MS = 30 * 60_000;

/** One validated row, personal data protected, ready to commit. */
interface PlannedRow {
  line: number;
  name: ProtectedValue;
  phone: ProtectedValue | null;
  idNumber: ProtectedValue | null;
  gender: string | null;
  membership: Membership;
  joinedOn: string | null;
  relationOrganizationName: string | null;
  relationRegionName: string | null;
  flowStatus: FlowStatus;
  channel: DiscoveryChannel;
  enterpriseId: string | null;
  townshipId: string | null;
  items: { itemId: string; clear: boolean }[];
}

/** The per-row report of an import's validation. */
export interface ImportReport {
  /** Present only when every row is valid: send it to the commit call. */
  token: string | null;
  expiresAt: Date | null;
  countyCode: string;
  totals: { rows: number; valid: number; rejected: number };
  /** Problems with the file as a whole (header). */
  fileProblems: CellProblem[];
  rows: { line: number; valid: boolean; name: string | null; errors: CellProblem[] }[];
}

/** What a commit wrote. */
export interface ImportCommitResult {
  importId: string;
  entriesCreated: number;
  workersCreated: number;
}

/**
 * 台账导入导出 The ledger to and from the spreadsheets county offices keep: a streamed .xlsx export
 * (Chinese headers, personal data masked) and a two-step import (validate every row and report,
 * then commit everything in one transaction with the report's token, or nothing).
 */
@Injectable()
export class LedgerTransferService {
  private readonly logger = new Logger('LedgerTransfer');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly items: LedgerItemsService,
    private readonly workers: WorkersService,
    private readonly enterprises: EnterprisesService,
    private readonly regions: RegionService,
    private readonly personalData: PersonalDataService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Streams a county's ledger (within the caller's scope) as .xlsx, batch by batch, so memory stays
   * flat however long the ledger is. The export itself is audited (it carries party membership).
   */
  async export(actor: Actor, countyCode: string, filter: LedgerFilter = {}): Promise<Readable> {
    const items = await this.items.list(actor, countyCode);
    await this.audit.record({ action: 'ledger.export', actor, entityType: 'LedgerEntry', changes: { countyCode, ...filter } });
    const headers = [...EXPORT_HEADERS, ...items.map((item) => item.label), COMPLETENESS_HEADER];
    return streamSheet(
      { name: '五个清台账', title: LEDGER_SHEET_TITLE, columns: headers.map((header) => ({ header })) },
      this.exportRows(actor, { ...filter, regionCode: filter.regionCode ?? countyCode }, items),
      (error) => this.logger.error(`Ledger export failed: ${error.message}`),
    );
  }

  /** The export's rows, one batch of entries at a time, with their enterprises' and organisations' names. */
  private async *exportRows(actor: Actor, filter: LedgerFilter, items: LedgerItem[]): AsyncGenerator<unknown[][]> {
    let index = 0;
    for await (const batch of this.ledger.stream(actor, filter)) {
      const views = await this.ledger.views(batch);
      const enterprises = new Map(
        (await this.enterprises.byIds([...new Set(batch.map((e) => e.enterpriseId).filter((id): id is string => !!id))])).map((e) => [e.id, e.name]),
      );
      const organizationIds = [...new Set(batch.map((e) => e.attachedOrganizationId).filter((id): id is string => !!id))];
      const organizations = new Map(
        organizationIds.length
          ? (await this.dataSource.manager.findBy(PartyOrganization, { id: In(organizationIds) })).map((o) => [o.id, o.name] as const)
          : [],
      );
      yield views.map((view) => {
        const states = new Map(view.items.map((state) => [state.itemId, state.clear]));
        return [
          ++index,
          view.worker.name ?? '',
          exportLabels.gender(view.worker.gender),
          view.worker.idNumber ?? '',
          view.worker.phone ?? '',
          exportLabels.membership(view.membership),
          view.joinedOn ?? '',
          view.relationOrganizationName ?? '',
          view.relationRegionName ?? '',
          exportLabels.flowStatus(view.flowStatus),
          view.enterpriseId ? (enterprises.get(view.enterpriseId) ?? '') : '',
          view.attachedOrganizationId ? (organizations.get(view.attachedOrganizationId) ?? '') : '',
          exportLabels.channel(view.channel),
          exportLabels.verification(view.verification),
          ...items.map((item) => exportLabels.clear(states.get(item.id) ?? false)),
          `${view.completeness.clearCount}/${view.completeness.totalCount}`,
        ];
      });
    }
  }

  /**
   * Validates an import file (.xlsx or .csv) row by row against the county's items, enterprises and
   * townships and the one-entry-per-worker rule, and reports each row. When every row is valid the
   * report carries a token; nothing is written to the ledger until the token is committed.
   */
  async validate(actor: Actor, countyCode: string, file: { kind: 'xlsx'; data: Buffer } | { kind: 'csv'; text: string }): Promise<ImportReport> {
    const county = await this.regions.findByCode(countyCode);
    if (!county || county.level !== RegionLevel.COUNTY) throw DomainError.badField('countyCode', `${countyCode} is not a county`);
    const items = await this.items.list(actor, countyCode);
    const lines = file.kind === 'xlsx' ? await xlsxLines(file.data) : csvLines(file.text);
    const { rows, problems } = readSheet(
      lines,
      items.map((item) => item.label),
    );
    if (rows.length > MAX_IMPORT_ROWS) throw DomainError.badField('file', `has more than ${MAX_IMPORT_ROWS} rows`);

    const planned: PlannedRow[] = [];
    const report: ImportReport['rows'] = [];
    const seen = new Map<string, number>();
    const enterprises = await this.enterprisesByCode(actor, rows);
    const townships = await this.townshipsByCode(rows);
    for (const row of rows) {
      const errors: CellProblem[] = [];
      const plan = this.planRow(actor, county, row, items, enterprises, townships, errors);
      if (plan) {
        for (const [kind, value] of [
          ['idNumber', plan.idNumber],
          ['phone', plan.phone],
        ] as const) {
          if (!value) continue;
          const earlier = seen.get(`${kind}:${value.blindIndex}`);
          if (earlier !== undefined) errors.push({ field: kind, message: `the same person is already on line ${earlier}` });
          else seen.set(`${kind}:${value.blindIndex}`, row.line);
        }
        if (errors.length === 0) await this.checkPerson(actor, this.dataSource.manager, plan, errors);
      }
      report.push({ line: row.line, valid: errors.length === 0, name: plan?.name.masked ?? null, errors });
      if (plan && errors.length === 0) planned.push(plan);
    }
    const rejected = report.filter((r) => !r.valid).length;
    const acceptable = rejected === 0 && problems.length === 0 && rows.length > 0;
    let token: string | null = null;
    let expiresAt: Date | null = null;
    if (acceptable) {
      expiresAt = new Date(this.clock.now().getTime() + IMPORT_TOKEN_TTL_MS);
      const saved = await this.dataSource.manager.save(LedgerImport, {
        countyCode,
        createdById: actor.id,
        expiresAt,
        committedAt: null,
        rowCount: planned.length,
        rows: planned,
      });
      token = saved.id;
    }
    if (rows.length === 0 && problems.length === 0) problems.push({ field: 'file', message: 'has no data rows' });
    return { token, expiresAt, countyCode, totals: { rows: rows.length, valid: rows.length - rejected, rejected }, fileProblems: problems, rows: report };
  }

  /**
   * Commits a validated import in one transaction: workers found or created, one UNVERIFIED entry each
   * with its item states. The token works once, only for whoever validated it, and expires; if anything
   * changed since validation so that a row no longer fits, nothing is written (CONFLICT naming the line).
   */
  async commit(actor: Actor, token: string): Promise<ImportCommitResult> {
    return this.dataSource.transaction(async (manager) => {
      const pending = await manager.getRepository(LedgerImport).createQueryBuilder('i').setLock('pessimistic_write').where('i.id = :token', { token }).getOne();
      if (!pending || pending.createdById !== actor.id) throw DomainError.notFound('LedgerImport', token);
      if (pending.committedAt)
        throw DomainError.conflict(`This import was already committed at ${pending.committedAt.toISOString()}`, { committedAt: pending.committedAt });
      if (this.clock.now() > pending.expiresAt) {
        throw DomainError.conflict('This import token has expired; validate the file again', { expiredAt: pending.expiresAt });
      }
      await this.items.seedDefaults(manager, pending.countyCode);
      let workersCreated = 0;
      for (const row of pending.rows as PlannedRow[]) {
        const errors: CellProblem[] = [];
        const existing = await this.checkPerson(actor, manager, row, errors);
        if (errors.length > 0)
          throw DomainError.conflict(`Line ${row.line} no longer fits: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { line: row.line, errors });
        let worker = existing;
        if (!worker) {
          worker = await this.workers.insertProtected(manager, {
            name: row.name,
            phone: row.phone ?? undefined,
            idNumber: row.idNumber ?? undefined,
            gender: row.gender,
            townshipId: row.townshipId,
            countyCode: pending.countyCode,
          });
          workersCreated += 1;
        }
        const entry = await manager.save(
          LedgerEntry,
          manager.create(LedgerEntry, {
            countyCode: pending.countyCode,
            workerId: worker.id,
            enterpriseId: row.enterpriseId,
            townshipId: row.townshipId,
            membership: row.membership,
            joinedOn: row.joinedOn,
            relationOrganizationName: row.relationOrganizationName,
            relationRegionName: row.relationRegionName,
            flowStatus: row.flowStatus,
            attachedOrganizationId: null,
            channel: row.channel,
            verification: Verification.UNVERIFIED,
          }),
        );
        if (row.items.length > 0) {
          await manager.insert(
            LedgerEntryItem,
            row.items.map((item) => ({ entryId: entry.id, itemId: item.itemId, clear: item.clear, note: null, checkedOn: null })),
          );
        }
      }
      await manager.update(LedgerImport, pending.id, { committedAt: this.clock.now() });
      await this.audit.record({
        action: 'ledger.import.commit',
        actor,
        entityType: 'LedgerImport',
        entityId: pending.id,
        changes: { countyCode: pending.countyCode, entriesCreated: pending.rowCount, workersCreated },
        manager,
      });
      return { importId: pending.id, entriesCreated: pending.rowCount, workersCreated };
    });
  }

  // Validates one row's cells; returns the plan (possibly with errors recorded) or null when personal data is unusable.
  private planRow(
    actor: Actor,
    county: Region,
    row: SheetRow,
    items: { id: string; label: string }[],
    enterprises: Map<string, { id: string; countyCode: string; townshipId: string; path: string }>,
    townships: Map<string, Region>,
    errors: CellProblem[],
  ): PlannedRow | null {
    const f = row.fields;
    const protect = (field: string, work: () => ProtectedValue): ProtectedValue | null => {
      try {
        return work();
      } catch (error) {
        if (error instanceof PersonalDataFormatError) errors.push({ field, message: error.message });
        else throw error;
        return null;
      }
    };
    if (!f.name) errors.push({ field: 'name', message: 'is required' });
    const name = f.name ? protect('name', () => this.personalData.protectName(f.name!)) : null;
    const phone = f.phone ? protect('phone', () => this.personalData.protectPhone(f.phone!)) : null;
    const idNumber = f.idNumber ? protect('idNumber', () => this.personalData.protectIdNumber(f.idNumber!)) : null;
    if (!f.phone && !f.idNumber) errors.push({ field: 'phone', message: 'give a phone number or an ID number' });
    const gender = f.gender ? parseGender(f.gender) : undefined;
    if (f.gender && !gender) errors.push({ field: 'gender', message: 'must be 男 or 女' });
    const membership = parseMembership(f.membership);
    if (!membership) errors.push({ field: 'membership', message: f.membership ? 'must be 正式党员 or 预备党员' : 'is required' });
    const joinedOn = f.joinedOn ? parseDate(f.joinedOn) : undefined;
    if (f.joinedOn && !joinedOn) errors.push({ field: 'joinedOn', message: 'must be a date such as 2015-07-01' });
    else if (joinedOn && joinedOn > this.clock.today()) errors.push({ field: 'joinedOn', message: 'is in the future' });
    const flowStatus = f.flowStatus ? parseFlowStatus(f.flowStatus) : FlowStatus.LOCAL;
    if (!flowStatus) errors.push({ field: 'flowStatus', message: 'must be 本地, 流入 or 流出' });
    const channel = f.channel ? parseChannel(f.channel) : DiscoveryChannel.DOOR_VISIT;
    if (!channel || !(OFFICER_CHANNELS as readonly string[]).includes(channel))
      errors.push({ field: 'channel', message: 'must be 入户走访, 问卷调查 or 电话联系' });
    for (const key of ['relationOrganizationName', 'relationRegionName'] as const) {
      if ((f[key]?.length ?? 0) > (key === 'relationOrganizationName' ? 200 : 100)) errors.push({ field: key, message: 'is too long' });
    }

    let enterprise: { id: string; countyCode: string; townshipId: string; path: string } | undefined;
    if (f.enterpriseCode) {
      const code = normaliseSocialCreditCode(f.enterpriseCode);
      if (!isValidSocialCreditCode(code)) errors.push({ field: 'enterpriseCode', message: 'is not a valid unified social credit code' });
      else {
        enterprise = enterprises.get(code);
        if (!enterprise || enterprise.countyCode !== county.code)
          errors.push({ field: 'enterpriseCode', message: `no enterprise ${code} in county ${county.code} within your scope` });
      }
    }
    let township: Region | undefined;
    if (f.townshipCode) {
      township = townships.get(f.townshipCode);
      if (!township || township.countyCode !== county.code)
        errors.push({ field: 'townshipCode', message: `${f.townshipCode} is not a township of county ${county.code}` });
    }
    const path = township?.path ?? enterprise?.path ?? county.path;
    if (!inScope(actor, path)) {
      errors.push({
        field: township ? 'townshipCode' : 'enterpriseCode',
        message: 'the member must be placed inside your region (give a township or an enterprise there)',
      });
    }

    const states: { itemId: string; clear: boolean }[] = [];
    for (const item of items) {
      const cell = row.items[item.label];
      if (cell === undefined) continue;
      const clear = parseClear(cell);
      if (clear === undefined) errors.push({ field: item.label, message: 'must be 是 or 否' });
      else states.push({ itemId: item.id, clear });
    }
    if (!name) return null;
    return {
      line: row.line,
      name,
      phone,
      idNumber,
      gender: gender ?? null,
      membership: membership ?? Membership.FULL,
      joinedOn: joinedOn ?? null,
      relationOrganizationName: f.relationOrganizationName || null,
      relationRegionName: f.relationRegionName || null,
      flowStatus: flowStatus ?? FlowStatus.LOCAL,
      channel: channel ?? DiscoveryChannel.DOOR_VISIT,
      enterpriseId: enterprise?.id ?? null,
      townshipId: township?.id ?? enterprise?.townshipId ?? null,
      items: states,
    };
  }

  // The person behind a row: an existing live worker (by ID number, else phone) who must not be in the
  // ledger yet, and must not be two different people by ID and by phone. Returns the worker, if any.
  // An entry outside the caller's scope is not named: its id would lead an officer of another region
  // to a person's party membership.
  private async checkPerson(actor: Actor, manager: EntityManager, row: Pick<PlannedRow, 'idNumber' | 'phone'>, errors: CellProblem[]): Promise<Worker | null> {
    const worker = await this.workers.findDuplicate(manager, { idNumber: row.idNumber ?? undefined, phone: row.phone ?? undefined });
    if (!worker) return null;
    if (row.idNumber && row.phone && worker.idNumberIndex === row.idNumber.blindIndex && worker.phoneIndex !== row.phone.blindIndex) {
      const byPhone = await this.workers.findDuplicate(manager, { phone: row.phone });
      if (byPhone && byPhone.id !== worker.id) errors.push({ field: 'phone', message: 'belongs to a different worker than the ID number' });
    }
    if (row.idNumber && worker.idNumberIndex && worker.idNumberIndex !== row.idNumber.blindIndex) {
      errors.push({ field: 'idNumber', message: 'the worker with this phone holds a different ID number' });
    }
    const entry = await manager.findOneBy(LedgerEntry, { workerId: worker.id });
    if (entry) {
      const visible = await this.ledger.mayRead(actor, entry.id);
      errors.push({
        field: row.idNumber ? 'idNumber' : 'phone',
        message: visible
          ? `this person is already in the ledger (entry ${entry.id})`
          : 'this person cannot be added here: a record outside your region holds them (ask the county office)',
      });
    }
    return worker;
  }

  private async enterprisesByCode(actor: Actor, rows: SheetRow[]): Promise<Map<string, { id: string; countyCode: string; townshipId: string; path: string }>> {
    const codes = [
      ...new Set(
        rows
          .map((r) => r.fields.enterpriseCode)
          .filter((c): c is string => !!c)
          .map(normaliseSocialCreditCode),
      ),
    ];
    if (codes.length === 0) return new Map();
    const found = await this.enterprises.scoped(actor).andWhere('enterprise.social_credit_code = ANY(:codes)', { codes }).getMany();
    return new Map(found.map((e) => [e.socialCreditCode, { id: e.id, countyCode: e.countyCode, townshipId: e.townshipId, path: e.township!.path }]));
  }

  private async townshipsByCode(rows: SheetRow[]): Promise<Map<string, Region>> {
    const codes = [...new Set(rows.map((r) => r.fields.townshipCode).filter((c): c is string => !!c))];
    if (codes.length === 0) return new Map();
    const found = await this.dataSource.manager
      .createQueryBuilder(Region, 'region')
      .where('region.code = ANY(:codes) AND region.level = :level', { codes, level: RegionLevel.TOWNSHIP })
      .getMany();
    return new Map(found.map((r) => [r.code, r]));
  }
}

/** Cells of the first worksheet as text, with their row numbers. */
async function xlsxLines(data: Buffer): Promise<[number, string[]][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw DomainError.badField('file', 'is not a readable .xlsx workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw DomainError.badField('file', 'has no worksheet');
  const lines: [number, string[]][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(cellText(row.getCell(column).value));
    lines.push([number, cells]);
  });
  return lines;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** Rows of a CSV file with their line numbers (header included). */
function csvLines(text: string): [number, string[]][] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    throw DomainError.badField('file', `is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  return records.map(({ record, info }) => [info.lines, record]);
}
