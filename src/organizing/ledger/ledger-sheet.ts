// The ledger as county offices keep it on paper and in Excel (五个清台账): Chinese column headers,
// Chinese labels for the enumerations. Pure: reading a sheet's cells into import rows and back.
import { labelOf, labels, type Label } from '../../common/labels/labels.js';
import { DiscoveryChannel, FlowStatus, Membership, Verification } from './ledger.enums.js';

/** Title above the table in an export. */
export const LEDGER_SHEET_TITLE = '新就业群体党员“五个清”台账';

/** Export columns before the item columns, in order. */
export const EXPORT_HEADERS = [
  '序号',
  '姓名',
  '性别',
  '身份证号',
  '联系电话',
  '党员类别',
  '入党时间',
  '组织关系所在党组织',
  '组织关系所在地',
  '流动状态',
  '所在企业',
  '所在党组织',
  '发现渠道',
  '核实状态',
] as const;

/** Last export column, after the items. */
export const COMPLETENESS_HEADER = '完成度';

/** Import columns: header (Chinese or English) → field. */
export const IMPORT_COLUMNS: Readonly<Record<string, ImportField>> = {
  姓名: 'name',
  name: 'name',
  身份证号: 'idNumber',
  idNumber: 'idNumber',
  联系电话: 'phone',
  手机号: 'phone',
  phone: 'phone',
  性别: 'gender',
  gender: 'gender',
  党员类别: 'membership',
  membership: 'membership',
  入党时间: 'joinedOn',
  joinedOn: 'joinedOn',
  组织关系所在党组织: 'relationOrganizationName',
  relationOrganizationName: 'relationOrganizationName',
  组织关系所在地: 'relationRegionName',
  relationRegionName: 'relationRegionName',
  流动状态: 'flowStatus',
  flowStatus: 'flowStatus',
  所在企业统一社会信用代码: 'enterpriseCode',
  enterpriseSocialCreditCode: 'enterpriseCode',
  所在乡镇代码: 'townshipCode',
  townshipCode: 'townshipCode',
  发现渠道: 'channel',
  channel: 'channel',
};

export type ImportField =
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'gender'
  | 'membership'
  | 'joinedOn'
  | 'relationOrganizationName'
  | 'relationRegionName'
  | 'flowStatus'
  | 'enterpriseCode'
  | 'townshipCode'
  | 'channel';

/** One data row of an import file: its line number, the known fields, and item columns by label. */
export interface SheetRow {
  line: number;
  fields: Partial<Record<ImportField, string>>;
  items: Record<string, string>;
}

/** A problem with one cell (or the header), by field name. */
export interface CellProblem {
  field: string;
  message: string;
}

/**
 * Finds the header row (the first of the first five rows that has a 姓名/name column) and turns every
 * later non-empty row into a SheetRow. Columns named like an item label go to `items`; unknown columns
 * are reported. `lines` are [line number, cells] as read from the file.
 */
export function readSheet(lines: readonly [number, string[]][], itemLabels: readonly string[]): { rows: SheetRow[]; problems: CellProblem[] } {
  const headerIndex = lines.slice(0, 5).findIndex(([, cells]) => cells.some((cell) => IMPORT_COLUMNS[cell.trim()] === 'name'));
  if (headerIndex < 0) return { rows: [], problems: [{ field: 'file', message: 'no header row with a 姓名 (name) column in the first five rows' }] };
  const header = lines[headerIndex][1].map((cell) => cell.trim());
  const problems: CellProblem[] = [];
  const ignored = new Set(['序号', '所在企业', '所在党组织', '核实状态', COMPLETENESS_HEADER, '']);
  for (const column of header) {
    if (!IMPORT_COLUMNS[column] && !itemLabels.includes(column) && !ignored.has(column)) {
      problems.push({ field: column, message: 'is not a column this import knows' });
    }
  }
  const rows: SheetRow[] = [];
  for (const [line, cells] of lines.slice(headerIndex + 1)) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    const row: SheetRow = { line, fields: {}, items: {} };
    header.forEach((column, index) => {
      const value = (cells[index] ?? '').trim();
      const field = IMPORT_COLUMNS[column];
      if (field) row.fields[field] = value;
      else if (itemLabels.includes(column)) row.items[column] = value;
    });
    rows.push(row);
  }
  return { rows, problems };
}

/** Each value by its Chinese label and by its own name. */
const invert = <T extends string>(byValue: Readonly<Record<T, Label>>): Record<string, T> =>
  Object.fromEntries([
    ...Object.entries<Label>(byValue).map(([value, label]) => [label.zh, value as T]),
    ...Object.keys(byValue).map((value) => [value, value as T]),
  ]);

const MEMBERSHIPS: Record<string, Membership> = { ...invert<Membership>(labels('Membership')), 正式: Membership.FULL, 预备: Membership.PROBATIONARY };
const FLOWS = invert<FlowStatus>(labels('FlowStatus'));
const CHANNELS = invert<DiscoveryChannel>(labels('DiscoveryChannel'));
const GENDERS: Record<string, string> = { 男: 'MALE', 女: 'FEMALE', MALE: 'MALE', FEMALE: 'FEMALE' };
const YES = new Set(['是', '√', '✓', 'Y', 'YES', 'TRUE', '1', '清']);
const NO = new Set(['否', '×', 'N', 'NO', 'FALSE', '0', '']);

/** Reads 正式党员/预备党员 (or FULL/PROBATIONARY). */
export function parseMembership(value: string | undefined): Membership | undefined {
  return value ? (MEMBERSHIPS[value.toUpperCase()] ?? MEMBERSHIPS[value]) : undefined;
}

/** Reads 本地/流入/流出 (or LOCAL/INFLOW/OUTFLOW). */
export function parseFlowStatus(value: string | undefined): FlowStatus | undefined {
  return value ? (FLOWS[value.toUpperCase()] ?? FLOWS[value]) : undefined;
}

/** Reads 入户走访/问卷调查/电话联系… (or the English names). */
export function parseChannel(value: string | undefined): DiscoveryChannel | undefined {
  return value ? (CHANNELS[value.toUpperCase()] ?? CHANNELS[value]) : undefined;
}

/** Reads 男/女 (or MALE/FEMALE). */
export function parseGender(value: string | undefined): string | undefined {
  return value ? (GENDERS[value.toUpperCase()] ?? GENDERS[value]) : undefined;
}

/** Reads an item cell: 是/√ → true, 否/empty → false, anything else → undefined (bad). */
export function parseClear(value: string): boolean | undefined {
  const v = value.trim().toUpperCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined;
}

/** Reads a date as YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD (or YYYY-MM, taken as the 1st); undefined when not a real date. */
export function parseDate(value: string): string | undefined {
  const match = /^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?$/.exec(value.trim());
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 1)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Chinese labels an export writes. */
export const exportLabels = {
  membership: (m: Membership) => labelOf('Membership', m),
  flowStatus: (f: FlowStatus) => labelOf('FlowStatus', f),
  channel: (c: DiscoveryChannel) => labelOf('DiscoveryChannel', c),
  verification: (v: Verification) => labelOf('Verification', v),
  gender: (g: string | null) => (g === 'MALE' ? '男' : g === 'FEMALE' ? '女' : ''),
  clear: (clear: boolean) => (clear ? '是' : '否'),
};
