// 宁远县 Ningyuan, the demo county (docs/ARCHITECTURE.md §9: every figure of the article must come from data).
// Township and community codes are illustrative: they follow GB/T 2260's shape, not the register.

/** Regions as the admin CSV import takes them (`code,name,parentCode`). */
export const NINGYUAN_REGIONS_CSV = `code,name,parentCode
430000,湖南省,
431100,永州市,430000
431126,宁远县,431100
431126001,舜陵街道,431126
431126002,桃源街道,431126
431126003,东溪街道,431126
431126004,天堂街道,431126
431126101,水市镇,431126
431126102,湾井镇,431126
431126103,冷水镇,431126
431126104,柏家坪镇,431126
431126201,九嶷山瑶族乡,431126
431126001001,舜陵社区,431126001
431126001002,泠江社区,431126001
431126002001,桃源社区,431126002
431126002002,文庙社区,431126002
431126003001,东溪社区,431126003
431126004001,天堂社区,431126004
`;

/** The county's departments (docs/ARCHITECTURE.md §7: supervision routing needs each kind to exist). */
export const NINGYUAN_DEPARTMENTS = [
  { kind: 'TWO_NEW_COMMITTEE', name: '县委两新工委', regionCode: '431126' },
  { kind: 'ORGANIZATION_DEPT', name: '县委组织部', regionCode: '431126' },
  { kind: 'CYBERSPACE', name: '县委网信办', regionCode: '431126' },
  { kind: 'MARKET_REGULATION', name: '县市场监督管理局', regionCode: '431126' },
  { kind: 'TRANSPORT', name: '县交通运输局', regionCode: '431126' },
  { kind: 'TRADE_UNION', name: '县总工会', regionCode: '431126' },
  { kind: 'TOWNSHIP', name: '舜陵街道办事处', regionCode: '431126001' },
  { kind: 'TOWNSHIP', name: '桃源街道办事处', regionCode: '431126002' },
  { kind: 'TOWNSHIP', name: '东溪街道办事处', regionCode: '431126003' },
  { kind: 'TOWNSHIP', name: '天堂街道办事处', regionCode: '431126004' },
] as const;

/** Every demo account signs in with this password. */
export const DEMO_PASSWORD = 'newforce-demo';

/** One account per role (department roles name their department kind). */
export const DEMO_ACCOUNTS = [
  { username: 'admin', role: 'ADMIN', regionCode: undefined, department: undefined },
  { username: 'org', role: 'ORG_OFFICER', regionCode: '431126', department: undefined },
  { username: 'samr', role: 'DEPARTMENT_OFFICER', regionCode: '431126', department: 'MARKET_REGULATION' },
  { username: 'transport', role: 'DEPARTMENT_OFFICER', regionCode: '431126', department: 'TRANSPORT' },
  { username: 'union', role: 'DEPARTMENT_OFFICER', regionCode: '431126', department: 'TRADE_UNION' },
  { username: 'township', role: 'TOWNSHIP_OFFICER', regionCode: '431126001', department: undefined },
  { username: 'station', role: 'STATION_MANAGER', regionCode: '431126', department: undefined },
  { username: 'grid', role: 'GRID_WORKER', regionCode: '431126001', department: undefined },
  { username: 'instructor', role: 'INSTRUCTOR', regionCode: '431126', department: 'TRANSPORT' },
  { username: 'auditor', role: 'AUDITOR', regionCode: '431126', department: undefined },
] as const;

/**
 * The two food-delivery platforms, their demo API keys and the rosters they upload through the
 * roster API: `riders` active riders (also the headcount they declare), ids `externalIdPrefix`-000001….
 */
export const DEMO_PLATFORMS = [
  {
    name: '美团外卖（宁远）',
    socialCreditCode: null,
    industry: 'FOOD_DELIVERY',
    townshipCode: '431126001',
    apiKey: 'nf_demo_meituan',
    riders: 312,
    externalIdPrefix: 'mt',
    consentRef: 'MT-NY-PIPL23-2024-0417',
  },
  {
    name: '饿了么（宁远）',
    socialCreditCode: null,
    industry: 'FOOD_DELIVERY',
    townshipCode: '431126002',
    apiKey: 'nf_demo_eleme',
    riders: 236,
    externalIdPrefix: 'elm',
    consentRef: 'ELM-HN-YZ-CONSENT-2024-031',
  },
] as const;

/** 15 courier, logistics and freight firms (the article's "15户快递物流、道路货运企业"). */
export const DEMO_FIRMS = [
  ['中通快递宁远网点', 'EXPRESS_COURIER'],
  ['圆通速递宁远网点', 'EXPRESS_COURIER'],
  ['申通快递宁远网点', 'EXPRESS_COURIER'],
  ['韵达快递宁远网点', 'EXPRESS_COURIER'],
  ['顺丰速运宁远营业部', 'EXPRESS_COURIER'],
  ['京东物流宁远站', 'LOGISTICS'],
  ['邮政快递宁远分公司', 'EXPRESS_COURIER'],
  ['极兔速递宁远网点', 'EXPRESS_COURIER'],
  ['德邦物流宁远营业部', 'LOGISTICS'],
  ['宁远县舜通物流有限公司', 'LOGISTICS'],
  ['宁远县九嶷货运有限公司', 'FREIGHT_TRUCKING'],
  ['宁远县泠江运输有限公司', 'FREIGHT_TRUCKING'],
  ['宁远县顺达货运有限公司', 'FREIGHT_TRUCKING'],
  ['宁远县安捷物流有限公司', 'LOGISTICS'],
  ['宁远县众诚货运有限公司', 'FREIGHT_TRUCKING'],
] as const;

/** The article's figures the demo data reproduces (DESIGN §5 overview names). */
export const DEMO_FIGURES = {
  partyMembersIdentified: 15,
  partyOrganizations: 3,
  instructors: 10,
  stations: 11,
  certifiedStations: 11,
  breakfastPortions: 100,
  workersMobilized: 467,
  volunteerTeams: 62,
  gridEnrollees: 167,
  issuesResolved: 102,
} as const;

/** Problems still open in the demo, by status (they make the workflow visible; not counted as resolved). */
const OPEN_ISSUES = { REPORTED: 5, ACCEPTED: 5, DISPATCHED: 5, IN_PROGRESS: 5 } as const;
/** Problems turned away (不予受理). */
const REJECTED_ISSUES = 2;

/** The fate of each demo problem, in the order they are planned: 102 solved (most rated and closed), 20 open, 2 rejected. */
export function issueFates(): IssueFate[] {
  const fates: IssueFate[] = [];
  for (let i = 0; i < DEMO_FIGURES.issuesResolved; i++) fates.push(i % 5 === 4 ? 'RESOLVED' : 'CLOSED');
  for (const [status, n] of Object.entries(OPEN_ISSUES) as [keyof typeof OPEN_ISSUES, number][]) for (let i = 0; i < n; i++) fates.push(status);
  for (let i = 0; i < REJECTED_ISSUES; i++) fates.push('REJECTED');
  return fates;
}
export type IssueFate = 'CLOSED' | 'RESOLVED' | 'REJECTED' | keyof typeof OPEN_ISSUES;

/** How many demo problems end in each status: a whole county has exactly these (the last step's work). */
export function demoIssueStatusCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const fate of issueFates()) counts[fate] = (counts[fate] ?? 0) + 1;
  return counts;
}
