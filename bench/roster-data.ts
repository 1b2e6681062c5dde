// Deterministic roster records for tests and the roster benchmark: realistic names, mainland
// mobile numbers, ID numbers that pass GB 11643, and delivery sites spread over Ningyuan county.
import { idNumberChecksum } from '../src/common/personal-data/personal-data-format.js';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红鹏飞斌辉建国志宇浩然子轩梓涵欣怡俊杰文博思远嘉豪晨阳宏亮海峰';

/** A county's townships for generated sites (Ningyuan's 舜陵街道 and neighbours). */
export const BENCH_TOWNSHIPS = ['431126001', '431126002', '431126100', '431126101', '431126102', '431126103', '431126104', '431126105'];

/** One roster record (the docs/ARCHITECTURE.md §8 fields). */
export interface RosterRecord {
  externalId: string;
  name: string;
  phone: string;
  idNumber?: string;
  gender?: string;
  siteName: string;
  siteLat: number;
  siteLng: number;
  regionCode: string;
  partyMember?: boolean;
  op?: string;
}

/** A valid 18-character ID number, different for every `n` below 10 million. */
export function idNumberFor(n: number, county = '431126'): string {
  const day = new Date(Date.UTC(1970, 0, 1) + (n % 12_000) * 86_400_000);
  const birth = `${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
  const first17 = `${county}${birth}${String(Math.floor(n / 12_000) % 1000).padStart(3, '0')}`;
  return first17 + idNumberChecksum(first17);
}

/** A mainland mobile number, different for every `n` below 100 million. */
export function phoneFor(n: number, prefix = '139'): string {
  return `${prefix}${String(n % 100_000_000).padStart(8, '0')}`;
}

/** Rider `n` of a platform: deterministic, valid, at one of `sites` delivery sites. */
export function riderRecord(n: number, options: { sites?: number; prefix?: string; variant?: number } = {}): RosterRecord {
  const sites = options.sites ?? 2000;
  const site = n % sites;
  const variant = options.variant ?? 0;
  const name = SURNAMES[n % SURNAMES.length] + GIVEN[(n * 7 + variant) % GIVEN.length] + (n % 3 === 0 ? '' : GIVEN[(n * 13) % GIVEN.length]);
  return {
    externalId: `r${String(n).padStart(8, '0')}`,
    name,
    phone: phoneFor(n, options.prefix),
    idNumber: idNumberFor(n),
    gender: n % 5 === 0 ? 'FEMALE' : 'MALE',
    siteName: `宁远配送站${String(site).padStart(4, '0')}`,
    siteLat: Number((25.45 + (site % 50) * 0.006).toFixed(5)),
    siteLng: Number((111.8 + Math.floor(site / 50) * 0.006).toFixed(5)),
    regionCode: BENCH_TOWNSHIPS[site % BENCH_TOWNSHIPS.length],
    partyMember: n % 37 === 0,
  };
}

/** Records as NDJSON. */
export function toNdjson(records: object[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

const CSV_COLUMNS = ['externalId', 'name', 'phone', 'idNumber', 'gender', 'siteName', 'siteLat', 'siteLng', 'regionCode', 'partyMember', 'op'] as const;

/** Records as CSV with a header row (only the columns any record uses). */
export function toCsv(records: RosterRecord[]): string {
  const columns = CSV_COLUMNS.filter((c) => records.some((r) => r[c] !== undefined));
  const cell = (value: unknown) => {
    const text = value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...records.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
