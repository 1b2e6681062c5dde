import { registerEnumType } from '@nestjs/graphql';
import { DomainError } from '../../common/errors/domain-error.js';
import { levelOfCode, parentMismatch } from './region-code.js';
import { RegionLevel } from './region-level.enum.js';
import { labelledEnum } from '../../common/labels/labels.js';

// Pure part of the region CSV import: parsing and per-row validation, no database.

/** What an import did (or would do) with one row. */
export enum ImportOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  REJECTED = 'REJECTED',
}

registerEnumType(ImportOutcome, labelledEnum(ImportOutcome, 'ImportOutcome'));

export const REGION_CSV_HEADER = ['code', 'name', 'parentCode'] as const;
export const MAX_REGION_NAME_LENGTH = 100;

/** One data line of the file; `line` is its 1-based line number (the header is line 1). */
export interface CsvLine {
  line: number;
  fields: string[];
}

/** A region already stored, as the planner needs to see it. */
export interface KnownRegion {
  code: string;
  name: string;
  parentCode: string | null;
}

/** The decision for one row. */
export interface PlannedRow {
  line: number;
  code: string;
  name: string;
  parentCode: string | null;
  level: RegionLevel | null;
  outcome: ImportOutcome;
  reason?: string;
}

/** Splits CSV text into lines of fields (RFC 4180 quoting, CRLF or LF); blank lines are skipped. */
export function parseCsv(text: string): CsvLine[] {
  const lines: CsvLine[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let touched = false;
  const endRecord = () => {
    fields.push(field);
    if (touched || fields.length > 1 || field !== '') lines.push({ line: startLine, fields });
    fields = [];
    field = '';
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
      touched = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      startLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw DomainError.badField('csv', `line ${startLine}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0 || touched) endRecord();
  return lines;
}

/** Parses an import file: checks the header `code,name,parentCode` and returns the data lines. */
export function parseRegionCsv(text: string): CsvLine[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const names = header?.fields.map((f) => f.trim());
  if (!names || names.join(',') !== REGION_CSV_HEADER.join(',')) {
    throw DomainError.badField('csv', `the first line must be the header ${REGION_CSV_HEADER.join(',')}`);
  }
  if (rows.length === 0) throw DomainError.badField('csv', 'has no rows after the header');
  return rows;
}

/**
 * Decides every row of an import against the regions already stored (`known`, keyed by code;
 * it must hold every code and parentCode the file mentions that exists). A parent may be a
 * stored region or an earlier row of the same file; a row whose parent row was rejected is
 * rejected too. Existing regions may be renamed but never moved.
 */
export function planRegionImport(lines: readonly CsvLine[], known: ReadonlyMap<string, KnownRegion>): PlannedRow[] {
  const firstLineOf = new Map<string, number>();
  for (const { line, fields } of lines) {
    const code = (fields[0] ?? '').trim();
    if (code && !firstLineOf.has(code)) firstLineOf.set(code, line);
  }
  const planned = new Map<string, PlannedRow>();
  return lines.map(({ line, fields }) => {
    const [code = '', name = '', parent = ''] = fields.map((f) => f.trim());
    const parentCode = parent === '' ? null : parent;
    const level = levelOfCode(code);
    const row: PlannedRow = { line, code, name, parentCode, level, outcome: ImportOutcome.REJECTED };
    const reject = (reason: string): PlannedRow => ({ ...row, reason });
    const decide = (): PlannedRow => {
      if (fields.length !== REGION_CSV_HEADER.length) {
        return reject(`expected ${REGION_CSV_HEADER.length} columns (code,name,parentCode), found ${fields.length}`);
      }
      if (code === '') return reject('code is empty');
      if (!level) return reject(`code ${code} is not a GB/T 2260 region code (6, 9 or 12 digits)`);
      if (planned.has(code)) return reject(`duplicate code: ${code} already appears on line ${planned.get(code)!.line}`);
      if (name === '') return reject('name is empty');
      if (name.length > MAX_REGION_NAME_LENGTH) return reject(`name is longer than ${MAX_REGION_NAME_LENGTH} characters`);
      if (level === RegionLevel.PROVINCE) {
        if (parentCode !== null) return reject('a PROVINCE has no parent: parentCode must be empty');
      } else {
        if (parentCode === null) return reject(`parentCode is required for a ${level}`);
        const mismatch = parentMismatch(code, parentCode);
        if (mismatch) return reject(mismatch);
        const parentRow = planned.get(parentCode);
        if (parentRow?.outcome === ImportOutcome.REJECTED) return reject(`parent ${parentCode} (line ${parentRow.line}) was rejected`);
        if (!parentRow && !known.has(parentCode)) {
          const later = firstLineOf.get(parentCode);
          return reject(
            later && later > line
              ? `parent ${parentCode} only appears later (line ${later}); list parents before their children`
              : `unknown parent ${parentCode}`,
          );
        }
      }
      const existing = known.get(code);
      if (!existing) return { ...row, outcome: ImportOutcome.CREATED };
      if (existing.parentCode !== parentCode) {
        return reject(`${code} already exists under ${existing.parentCode ?? 'no parent'}; a region cannot be moved`);
      }
      return { ...row, outcome: existing.name === name ? ImportOutcome.UNCHANGED : ImportOutcome.UPDATED };
    };
    const decided = decide();
    if (code && !planned.has(code)) planned.set(code, decided);
    return decided;
  });
}

/** Counts rows by outcome. */
export function countOutcomes(rows: readonly PlannedRow[]): Record<'created' | 'updated' | 'unchanged' | 'rejected', number> {
  const count = (outcome: ImportOutcome) => rows.filter((r) => r.outcome === outcome).length;
  return {
    created: count(ImportOutcome.CREATED),
    updated: count(ImportOutcome.UPDATED),
    unchanged: count(ImportOutcome.UNCHANGED),
    rejected: count(ImportOutcome.REJECTED),
  };
}
