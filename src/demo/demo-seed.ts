// 演示县 The demo county: builds Ningyuan (431126) through the application's own API so that every
// rule holds, and so that the county overview reproduces the article's figures from data
// (docs/ARCHITECTURE.md §9: 15 party members, 3 organisations, 10 instructors, 11 stations, 100 breakfasts,
// 467 workers mobilised, 62 teams, 167 grid enrollees, 102 problems solved).
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../auth/api-keys/api-keys.service.js';
import type { Actor } from '../access/actor.js';
import { Role } from '../access/role.enum.js';
import { StaffUser } from '../reference/staff/staff-user.entity.js';
import { StaffService } from '../auth/staff/staff.service.js';
import { TokenService } from '../auth/tokens/token.service.js';
import { Clock } from '../common/clock/clock.js';
import { CallQuotaService } from '../rate-limit/call-quota.service.js';
import { shanghaiDate, shanghaiMidnight } from '../common/clock/shanghai.js';
import { DepartmentKind } from '../reference/departments/department-kind.enum.js';
import { DepartmentService } from '../reference/departments/department.service.js';
import { RegionService } from '../reference/regions/region.service.js';
import { DemoApiClient, injectTransport, type DemoTransport } from './demo-client.js';
import { markDemoSeedCompleted, markDemoSeedStarted, readDemoSeedStatus } from './demo-database.js';
import { DemoPeople, DemoRandom, demoSocialCreditCode, distanceMeters, type DemoPerson } from './demo-random.js';
import {
  DEMO_ACCOUNTS,
  DEMO_FIGURES,
  DEMO_FIRMS,
  DEMO_PASSWORD,
  DEMO_PLATFORMS,
  issueFates,
  NINGYUAN_DEPARTMENTS,
  NINGYUAN_REGIONS_CSV,
} from './ningyuan.data.js';

export { DEMO_FIGURES } from './ningyuan.data.js';

/** Workers on record who are not mobilised (they sign up for events, nothing more). */
const OTHER_WORKERS = 33;

/** The seed's steps, in order (`/health/ready` and the console show the one under way). */
export const DEMO_SEED_STEPS = [
  'reference data and accounts',
  'enterprises and platform keys',
  'workers',
  'ledger and party organisations',
  'instructors',
  'stations and audits',
  'welfare events',
  'volunteer teams',
  'grids and enrolment',
  'governance problems',
  'platform rosters',
] as const;

/** How far a seed has come: the step under way, and how many of `total` are done. */
export interface DemoSeedProgress {
  step: string;
  done: number;
  total: number;
}

/** What a seed run did. */
export interface DemoSeedResult {
  /** false when the demo was already there and nothing was written. */
  seeded: boolean;
  durationMs: number;
  counts: Record<string, number>;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The demo is there when its seed completed (see `readDemoSeedStatus` for counties seeded before the marker existed). */
export async function isDemoSeeded(dataSource: DataSource): Promise<boolean> {
  return (await readDemoSeedStatus((sql, params) => dataSource.query(sql, params))).state === 'complete';
}

/**
 * Builds the demo county in an application made by `createApp` (initialised here if needed).
 * Idempotent: when the demo is complete nothing is written. All or nothing: the completion marker
 * (`demo_seed`) is written first as started and completed last, so an interrupted seed is found by
 * the next start (`prepareDemoDatabase` rebuilds it); a half-built county is refused here.
 * Reference data and accounts go through services where no API exists; everything else through
 * GraphQL as the right role, and the platforms' rosters through the REST roster API with their keys.
 * `transport` carries the requests: in process (Fastify inject) unless
 * given — Jest, whose ESM mode cannot load inject, passes one over HTTP. `log` receives one line per
 * step with its duration, `onProgress` the step under way; `signal` stops the seed between requests
 * (it settles once no request is in flight, so the application can then be closed).
 */
export async function seedDemoCounty(
  app: NestFastifyApplication,
  options: { log?: (line: string) => void; transport?: DemoTransport; onProgress?: (progress: DemoSeedProgress) => void; signal?: AbortSignal } = {},
): Promise<DemoSeedResult> {
  const started = Date.now();
  const dataSource = app.get(DataSource);
  const query = (sql: string, params?: unknown[]) => dataSource.query(sql, params);
  const status = await readDemoSeedStatus(query);
  if (status.state === 'complete') return { seeded: false, durationMs: Date.now() - started, counts: {} };
  if (status.state === 'interrupted') {
    throw new Error('the demo county in this database is half-built (an earlier seed was interrupted): prepareDemoDatabase rebuilds it before seeding');
  }
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  // Two thousand in-process requests would flood the start-up log: keep only warnings while seeding.
  const level = fastify.log.level;
  fastify.log.level = 'warn';
  const clock = app.get(Clock);
  const transport = new GuardedTransport(options.transport ?? injectTransport(app), options.signal);
  try {
    await markDemoSeedStarted(query);
    const seeder = new NingyuanSeeder(
      app,
      transport.send,
      new Date(),
      options.log ?? (() => undefined),
      options.onProgress ?? (() => undefined),
      options.signal,
    );
    // The seed's few accounts make thousands of calls before anyone else may call: no quota applies to them.
    const counts = await app.get(CallQuotaService).uncounted(() => seeder.run());
    // The very last write: from here on the county is complete.
    await markDemoSeedCompleted(query, counts);
    return { seeded: true, durationMs: Date.now() - started, counts };
  } finally {
    await transport.idle();
    clock.set(undefined);
    fastify.log.level = level;
  }
}

/** Sends the seed's requests, refuses new ones once `signal` is aborted, and tells when none is in flight. */
class GuardedTransport {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly transport: DemoTransport,
    private readonly signal?: AbortSignal,
  ) {}

  readonly send: DemoTransport = async (request) => {
    this.signal?.throwIfAborted();
    this.inFlight++;
    try {
      return await this.transport(request);
    } finally {
      if (--this.inFlight === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  };

  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** The lines start-up prints in demo mode: accounts, their password, and the platform keys. */
export function demoBanner(): string {
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
  const keyWidth = Math.max(...DEMO_PLATFORMS.map((p) => p.apiKey.length));
  return [
    'Demo county 宁远县 Ningyuan (431126) — DEMO_MODE; never use in production:',
    `  Staff accounts (password ${DEMO_PASSWORD}):`,
    ...DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(width)}  ${a.role}${a.department ? ` (${a.department})` : ''}`),
    '  Platform API keys (X-Api-Key):',
    ...DEMO_PLATFORMS.map((p) => `    ${p.apiKey.padEnd(keyWidth)}  ${p.name}`),
  ].join('\n');
}

// ── the county's geography (illustrative, around the county seat at 25.60 N, 111.95 E) ──

/** The four urban townships (街道) whose communities carry the grids, each with its officers. */
const STREETS = [
  { code: '431126001', name: '舜陵街道', township: 'township', grid: 'grid' },
  { code: '431126002', name: '桃源街道', township: 'township2', grid: 'grid2' },
  { code: '431126003', name: '东溪街道', township: 'township3', grid: 'grid3' },
  { code: '431126004', name: '天堂街道', township: 'township4', grid: 'grid4' },
] as const;

/** Communities west to east; each is a 0.010° wide strip split into a southern and a northern grid. */
const COMMUNITIES = [
  { code: '431126002001', name: '桃源社区', abbr: 'TY' },
  { code: '431126002002', name: '文庙社区', abbr: 'WM' },
  { code: '431126001001', name: '舜陵社区', abbr: 'SL' },
  { code: '431126001002', name: '泠江社区', abbr: 'LJ' },
  { code: '431126003001', name: '东溪社区', abbr: 'DX' },
  { code: '431126004001', name: '天堂社区', abbr: 'TT' },
] as const;
const WEST = 111.92;
const STRIP = 0.01;
const SOUTH = 25.586;
const MIDDLE = 25.6;
const NORTH = 25.614;

/** Teams per township: most in town, some in the rural townships (62 in all). */
const TEAMS_PER_TOWNSHIP: Record<string, number> = {
  '431126001': 14,
  '431126002': 12,
  '431126003': 9,
  '431126004': 8,
  '431126101': 5,
  '431126102': 5,
  '431126103': 4,
  '431126104': 3,
  '431126201': 2,
};
const TOWNSHIP_NAMES: Record<string, string> = {
  '431126001': '舜陵街道',
  '431126002': '桃源街道',
  '431126003': '东溪街道',
  '431126004': '天堂街道',
  '431126101': '水市镇',
  '431126102': '湾井镇',
  '431126103': '冷水镇',
  '431126104': '柏家坪镇',
  '431126201': '九嶷山瑶族乡',
};
const ROADS = [
  '九嶷大道',
  '舜德路',
  '泠江东路',
  '泠江西路',
  '文庙街',
  '东溪路',
  '天堂大道',
  '桃源路',
  '永宁路',
  '府前路',
  '新华路',
  '民主路',
  '舜陵大道',
  '清和路',
];

// ── the cast: extra staff beyond the ten demo accounts ──

/** Officers for the other three streets and grid workers for their grids. */
const EXTRA_STREET_STAFF = [
  { username: 'township2', role: Role.TOWNSHIP_OFFICER, regionCode: '431126002' },
  { username: 'township3', role: Role.TOWNSHIP_OFFICER, regionCode: '431126003' },
  { username: 'township4', role: Role.TOWNSHIP_OFFICER, regionCode: '431126004' },
  { username: 'grid2', role: Role.GRID_WORKER, regionCode: '431126002' },
  { username: 'grid3', role: Role.GRID_WORKER, regionCode: '431126003' },
  { username: 'grid4', role: Role.GRID_WORKER, regionCode: '431126004' },
] as const;

/**
 * The party members (五个清 ledger) and the organisations built on them: Meituan has four full
 * members and its own branch (单独组建); four couriers share an industry branch (行业共建);
 * Ele.me hosts a dispatched branch (派驻帮建); four members work where no organisation exists yet.
 */
const LEDGER_PLAN: { enterprise: string; membership: 'FULL' | 'PROBATIONARY' }[] = [
  { enterprise: '美团外卖（宁远）', membership: 'FULL' },
  { enterprise: '美团外卖（宁远）', membership: 'FULL' },
  { enterprise: '美团外卖（宁远）', membership: 'FULL' },
  { enterprise: '美团外卖（宁远）', membership: 'FULL' },
  { enterprise: '中通快递宁远网点', membership: 'FULL' },
  { enterprise: '中通快递宁远网点', membership: 'FULL' },
  { enterprise: '圆通速递宁远网点', membership: 'FULL' },
  { enterprise: '申通快递宁远网点', membership: 'PROBATIONARY' },
  { enterprise: '韵达快递宁远网点', membership: 'FULL' },
  { enterprise: '饿了么（宁远）', membership: 'FULL' },
  { enterprise: '饿了么（宁远）', membership: 'PROBATIONARY' },
  { enterprise: '顺丰速运宁远营业部', membership: 'FULL' },
  { enterprise: '京东物流宁远站', membership: 'FULL' },
  { enterprise: '宁远县九嶷货运有限公司', membership: 'FULL' },
  { enterprise: '宁远县泠江运输有限公司', membership: 'PROBATIONARY' },
];

const ORGANIZATIONS = [
  { name: '美团外卖宁远站党支部', mode: 'STANDALONE', regionCode: '431126001', enterprises: ['美团外卖（宁远）'], establishedAgo: 300 },
  {
    name: '宁远县快递行业联合党支部',
    mode: 'INDUSTRY_JOINT',
    regionCode: '431126',
    enterprises: ['中通快递宁远网点', '圆通速递宁远网点', '申通快递宁远网点', '韵达快递宁远网点'],
    establishedAgo: 280,
  },
  { name: '饿了么宁远站派驻党支部', mode: 'DISPATCHED', regionCode: '431126002', enterprises: ['饿了么（宁远）'], establishedAgo: 250 },
] as const;

/** Enterprises without an organisation and the instructor sent to each (the eleventh is still waiting: a gap). */
const INSTRUCTOR_PLAN: { username: string; department: DepartmentKind; enterprise: string }[] = [
  { username: 'instructor', department: DepartmentKind.TRANSPORT, enterprise: '京东物流宁远站' },
  { username: 'instructor2', department: DepartmentKind.TRADE_UNION, enterprise: '顺丰速运宁远营业部' },
  { username: 'instructor3', department: DepartmentKind.TRADE_UNION, enterprise: '邮政快递宁远分公司' },
  { username: 'instructor4', department: DepartmentKind.TRADE_UNION, enterprise: '极兔速递宁远网点' },
  { username: 'instructor5', department: DepartmentKind.TRANSPORT, enterprise: '德邦物流宁远营业部' },
  { username: 'instructor6', department: DepartmentKind.TRANSPORT, enterprise: '宁远县舜通物流有限公司' },
  { username: 'instructor7', department: DepartmentKind.TRANSPORT, enterprise: '宁远县九嶷货运有限公司' },
  { username: 'instructor8', department: DepartmentKind.TRANSPORT, enterprise: '宁远县泠江运输有限公司' },
  { username: 'instructor9', department: DepartmentKind.TRANSPORT, enterprise: '宁远县顺达货运有限公司' },
  { username: 'instructor10', department: DepartmentKind.TRANSPORT, enterprise: '宁远县安捷物流有限公司' },
];

type StationPlan = {
  code: string;
  name: string;
  kind: string;
  hostVenue: string;
  township: string;
  strip: number;
  north: number;
  amenities: string[];
  managed: boolean;
  hours: [string, string];
  department?: string;
};
/** The article's 11 stations (户外劳动者服务站, 职工之家, 小哥驿站, 爱心驿站, 货车司机之家) at the venues it names. */
const STATIONS: StationPlan[] = [
  {
    code: 'NY-LIB-01',
    name: '宁远县图书馆爱心驿站',
    kind: 'CARE_STATION',
    hostVenue: 'LIBRARY',
    township: '431126001',
    strip: 2.5,
    north: 0.6,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'BOOKS', 'FIRST_AID', 'REST_SEATS', 'CHARGING', 'RESTROOM', 'HEATING_COOLING'],
    managed: true,
    hours: ['08:00', '21:00'],
  },
  {
    code: 'NY-SL-01',
    name: '舜陵街道党群服务中心小哥驿站',
    kind: 'COURIER_STATION',
    hostVenue: 'PARTY_SERVICE_CENTER',
    township: '431126001',
    strip: 2.3,
    north: 0.3,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'BOOKS', 'FIRST_AID', 'CHARGING', 'REST_SEATS'],
    managed: true,
    hours: ['08:30', '20:00'],
  },
  {
    code: 'NY-LJ-01',
    name: '泠江社区户外劳动者服务站',
    kind: 'OUTDOOR_WORKER_STATION',
    hostVenue: 'PARTY_SERVICE_CENTER',
    township: '431126001',
    strip: 3.5,
    north: 0.4,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'FIRST_AID', 'RESTROOM', 'REST_SEATS'],
    managed: false,
    hours: ['08:00', '20:00'],
  },
  {
    code: 'NY-BANK-01',
    name: '工商银行宁远支行户外劳动者服务站',
    kind: 'OUTDOOR_WORKER_STATION',
    hostVenue: 'BANK',
    township: '431126001',
    strip: 2.8,
    north: 0.75,
    amenities: ['DRINKING_WATER', 'WIFI', 'FIRST_AID', 'REST_SEATS', 'HEATING_COOLING', 'CHARGING'],
    managed: false,
    hours: ['08:30', '17:30'],
  },
  {
    code: 'NY-TY-01',
    name: '桃源街道职工之家',
    kind: 'WORKERS_HOME',
    hostVenue: 'GOVERNMENT_OFFICE',
    township: '431126002',
    strip: 0.5,
    north: 0.5,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'BOOKS', 'FIRST_AID', 'FRIDGE', 'REST_SEATS'],
    managed: false,
    hours: ['08:00', '18:00'],
  },
  {
    code: 'NY-WM-01',
    name: '文庙社区小哥驿站',
    kind: 'COURIER_STATION',
    hostVenue: 'PARTY_SERVICE_CENTER',
    township: '431126002',
    strip: 1.5,
    north: 0.35,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'BOOKS', 'FIRST_AID', 'CHARGING'],
    managed: false,
    hours: ['08:00', '20:00'],
  },
  {
    code: 'NY-FTU-01',
    name: '宁远县总工会职工之家',
    kind: 'WORKERS_HOME',
    hostVenue: 'GOVERNMENT_OFFICE',
    township: '431126002',
    strip: 1.7,
    north: 0.7,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'BOOKS', 'FIRST_AID', 'FRIDGE', 'RESTROOM', 'REST_SEATS', 'HEATING_COOLING'],
    managed: true,
    hours: ['08:00', '21:00'],
    department: 'TRADE_UNION',
  },
  {
    code: 'NY-GAS-01',
    name: '中国石化九嶷大道加油站爱心驿站',
    kind: 'CARE_STATION',
    hostVenue: 'GAS_STATION',
    township: '431126003',
    strip: 4.4,
    north: 0.2,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'FIRST_AID', 'RESTROOM', 'CHARGING'],
    managed: false,
    hours: ['00:00', '24:00'],
  },
  {
    code: 'NY-DX-01',
    name: '东溪街道户外劳动者服务站',
    kind: 'OUTDOOR_WORKER_STATION',
    hostVenue: 'PARTY_SERVICE_CENTER',
    township: '431126003',
    strip: 4.6,
    north: 0.65,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'BOOKS', 'FIRST_AID', 'REST_SEATS'],
    managed: false,
    hours: ['08:00', '20:00'],
  },
  {
    code: 'NY-TT-01',
    name: '天堂街道小哥驿站',
    kind: 'COURIER_STATION',
    hostVenue: 'SHOP',
    township: '431126004',
    strip: 5.4,
    north: 0.55,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'FIRST_AID', 'CHARGING', 'REST_SEATS'],
    managed: false,
    hours: ['09:00', '21:00'],
  },
  {
    code: 'NY-TRK-01',
    name: '宁远县货车司机之家',
    kind: 'TRUCKER_HOME',
    hostVenue: 'GAS_STATION',
    township: '431126004',
    strip: 5.85,
    north: 0.1,
    amenities: ['DRINKING_WATER', 'MICROWAVE', 'WIFI', 'FIRST_AID', 'RESTROOM', 'REST_SEATS', 'HEATING_COOLING', 'CHARGING'],
    managed: false,
    hours: ['00:00', '24:00'],
  },
];
const SIX_ITEMS = ['SIGNAGE', 'SITING', 'FACILITIES', 'SERVICES', 'RULES', 'MAP_LISTING'];

type DeliverySitePlan = {
  name: string;
  /** Community (12 digits) or, outside town, township (9 digits) the site lies in. */
  regionCode: string;
  /** In town: the same strip/north placement as the stations; elsewhere its own point. */
  at: { strip: number; north: number } | { lat: number; lng: number };
  /** Relative number of riders based there. */
  weight: number;
};
/**
 * The platforms' delivery sites (配送站点): most in town, near the stations; a few in the rural
 * townships and one at the east end of 天堂街道 with no station within 1 km, so station coverage
 * shows where to build next.
 */
const DELIVERY_SITES: Record<string, DeliverySitePlan[]> = {
  nf_demo_meituan: [
    { name: '美团外卖宁远舜陵站', regionCode: '431126001001', at: { strip: 2.4, north: 0.5 }, weight: 6 },
    { name: '美团外卖宁远泠江站', regionCode: '431126001002', at: { strip: 3.6, north: 0.55 }, weight: 4 },
    { name: '美团外卖宁远桃源站', regionCode: '431126002001', at: { strip: 0.6, north: 0.3 }, weight: 4 },
    { name: '美团外卖宁远东溪站', regionCode: '431126003001', at: { strip: 4.5, north: 0.4 }, weight: 4 },
    { name: '美团外卖宁远天堂站', regionCode: '431126004001', at: { strip: 5.5, north: 0.8 }, weight: 3 },
    { name: '美团外卖柏家坪站', regionCode: '431126104', at: { lat: 25.684, lng: 111.872 }, weight: 1.2 },
    { name: '美团外卖水市站', regionCode: '431126101', at: { lat: 25.512, lng: 112.046 }, weight: 1 },
  ],
  nf_demo_eleme: [
    { name: '饿了么宁远文庙站', regionCode: '431126002002', at: { strip: 1.4, north: 0.6 }, weight: 5 },
    { name: '饿了么宁远舜陵站', regionCode: '431126001001', at: { strip: 2.6, north: 0.7 }, weight: 5 },
    { name: '饿了么宁远东溪站', regionCode: '431126003001', at: { strip: 4.3, north: 0.75 }, weight: 3 },
    { name: '饿了么宁远天堂东站', regionCode: '431126004001', at: { strip: 5.9, north: 0.9 }, weight: 2 },
    { name: '饿了么湾井站', regionCode: '431126102', at: { lat: 25.468, lng: 111.958 }, weight: 1 },
  ],
};

const ISSUE_CATEGORIES = { ROAD_TRAFFIC: 26, SANITATION: 24, PUBLIC_FACILITY: 20, SAFETY_HAZARD: 15, NEIGHBOURHOOD_DISPUTE: 8, OTHER: 7 } as const;
type IssueCategoryCode = keyof typeof ISSUE_CATEGORIES;
const ISSUE_TEXTS: Record<IssueCategoryCode, { report: string[]; resolve: string[] }> = {
  ROAD_TRAFFIC: {
    report: [
      '路口红绿灯故障，早晚高峰车辆拥堵',
      '人行道被占用停放车辆，电动车只能走机动车道',
      '路面坑洼积水，送餐电动车容易打滑',
      '斑马线标线磨损看不清',
      '路口缺少减速带，车速过快',
    ],
    resolve: ['已联系交警修复信号灯', '已清理占道车辆并设置隔离桩', '已修补路面坑洼', '已重新施划标线', '已增设减速带和警示牌'],
  },
  SANITATION: {
    report: ['垃圾桶满溢多日无人清运', '小区门口堆放建筑垃圾', '路边绿化带内有大量生活垃圾', '农贸市场周边污水横流', '公厕无人保洁'],
    resolve: ['已安排环卫清运并加密频次', '已清理建筑垃圾并告知业主', '已组织清理绿化带', '已疏通排水沟', '已落实公厕保洁责任人'],
  },
  PUBLIC_FACILITY: {
    report: ['路灯损坏，夜间送件看不清门牌', '小区门禁无法为骑手开门', '公共充电桩损坏', '井盖松动，车辆经过有响声', '社区门牌号缺失，难以找到地址'],
    resolve: ['已更换路灯', '已协调物业设置骑手通道', '已报修并恢复充电桩', '已更换井盖', '已补装门牌标识'],
  },
  SAFETY_HAZARD: {
    report: ['电动车在楼道内充电，存在火灾隐患', '广告牌松动，大风天可能掉落', '施工围挡倒伏占用车道', '电线私拉乱接', '河边护栏断裂'],
    resolve: ['已劝离楼道充电并设置集中充电点', '已拆除加固广告牌', '已督促施工方恢复围挡', '已拆除私拉电线', '已修复护栏并设置警示'],
  },
  NEIGHBOURHOOD_DISPUTE: {
    report: ['商户与骑手因取餐排队发生争执', '小区保安不让骑手进入引发矛盾', '邻里因噪音发生纠纷'],
    resolve: ['已调解并设置取餐等候区', '已与物业协商骑手进入规定', '已上门调解达成一致'],
  },
  OTHER: {
    report: ['流浪犬在路口追逐电动车', '店铺招牌遮挡交通标志', '夜市摊点占道经营'],
    resolve: ['已联系相关部门处置', '已督促商户整改', '已规范摊点经营区域'],
  },
};

const TEAM_NAME_PARTS = ['小哥', '骑手', '快递', '货运', '红马甲', '暖新', '新星', '文明', '护路', '守望'];
const ACTIVITY_TEXTS = [
  { kind: 'CIVILIZATION', place: '九嶷大道', description: '文明劝导、交通安全宣传' },
  { kind: 'ENVIRONMENT', place: '泠江河畔', description: '清理河道垃圾' },
  { kind: 'GOVERNANCE', place: '社区网格', description: '协助网格员排查隐患' },
  { kind: 'SAFETY', place: '城区主要路口', description: '电动车安全骑行宣传' },
  { kind: 'OTHER', place: '社区党群服务中心', description: '为独居老人送餐送药' },
] as const;

interface DemoGrid {
  id: string;
  code: string;
  township: string;
  west: number;
  south: number;
}

interface DemoWorker extends DemoPerson {
  id: string;
  townshipCode: string;
  industry: string;
  client?: DemoApiClient;
}

/** `GET /api/v1/roster/syncs/{id}`, as far as the seed reads it. */
interface DemoRosterSync {
  id: string;
  status: string;
  received: number;
  created: number;
  rejected: number;
  matchedPartyMembers: number;
  ledgerEntriesCreated: number;
  failureCode: string | null;
  failureReason: string | null;
}

/** One seed run: state shared across the steps (ids, signed-in clients, the calendar). */
class NingyuanSeeder {
  private readonly random = new DemoRandom(431126);
  private readonly people = new DemoPeople(this.random);
  private readonly clients = new Map<string, DemoApiClient>();
  private readonly staffIds = new Map<string, string>();
  private readonly departments = new Map<string, string>();
  private readonly enterprises = new Map<string, string>();
  private readonly stationIds = new Map<string, string>();
  private readonly grids: DemoGrid[] = [];
  private workers: DemoWorker[] = [];
  private readonly counts: Record<string, number> = {};
  private readonly clock: Clock;
  private readonly tokens: TokenService;
  /** Shanghai midnight today, as epoch milliseconds. */
  private readonly today: number;

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly transport: DemoTransport,
    private readonly now: Date,
    private readonly log: (line: string) => void,
    private readonly onProgress: (progress: DemoSeedProgress) => void,
    private readonly signal?: AbortSignal,
  ) {
    this.clock = app.get(Clock);
    this.tokens = app.get(TokenService);
    this.today = shanghaiMidnight(now).getTime();
  }

  async run(): Promise<Record<string, number>> {
    const work: Record<(typeof DEMO_SEED_STEPS)[number], () => Promise<void>> = {
      'reference data and accounts': () => this.reference(),
      'enterprises and platform keys': () => this.enterprisesAndKeys(),
      workers: () => this.createWorkers(),
      'ledger and party organisations': () => this.ledgerAndOrganizations(),
      instructors: () => this.instructors(),
      'stations and audits': () => this.stationsAndAudits(),
      'welfare events': () => this.welfareEvents(),
      'volunteer teams': () => this.volunteerTeams(),
      'grids and enrolment': () => this.gridsAndEnrolment(),
      'governance problems': () => this.governanceProblems(),
      'platform rosters': () => this.platformRosters(),
    };
    for (const [done, name] of DEMO_SEED_STEPS.entries()) {
      this.signal?.throwIfAborted();
      this.onProgress({ step: name, done, total: DEMO_SEED_STEPS.length });
      const started = Date.now();
      await work[name]();
      this.log(`demo: ${name} (${Date.now() - started} ms)`);
    }
    return this.counts;
  }

  // ── time ──

  /** `daysAgo` days before today (Shanghai), at `hours` past midnight. */
  private at(daysAgo: number, hours = 0): Date {
    return new Date(this.today - daysAgo * DAY_MS + hours * HOUR_MS);
  }

  /** The Shanghai calendar day `daysAgo` days before today, YYYY-MM-DD. */
  private day(daysAgo: number): string {
    return shanghaiDate(new Date(this.today - daysAgo * DAY_MS));
  }

  /** Runs `work` with the application's clock at `when` (timelines, enrolments and team dates follow it). */
  private async when<T>(when: Date, work: () => Promise<T>): Promise<T> {
    if (when.getTime() > this.now.getTime()) throw new Error(`demo seed: ${when.toISOString()} lies in the future`);
    this.clock.set(when);
    try {
      return await work();
    } finally {
      this.clock.set(undefined);
    }
  }

  // ── callers ──

  private as(username: string): DemoApiClient {
    const client = this.clients.get(username);
    if (!client) throw new Error(`demo seed: no signed-in client for ${username}`);
    return client;
  }

  private async signIn(username: string, user: { id: string; role: Role }): Promise<void> {
    const tokens = await this.tokens.issue({ sub: user.id, kind: 'staff', role: user.role });
    this.clients.set(username, new DemoApiClient(this.transport, { authorization: `Bearer ${tokens.accessToken}` }, username));
  }

  private async workerClient(worker: DemoWorker): Promise<DemoApiClient> {
    worker.client ??= new DemoApiClient(
      this.transport,
      { authorization: `Bearer ${await this.tokens.sign({ sub: worker.id, kind: 'worker', role: Role.WORKER })}` },
      `worker ${worker.id}`,
    );
    return worker.client;
  }

  // ── 1. regions, departments, accounts (services: no API creates the first accounts) ──

  private async reference(): Promise<void> {
    const report = await this.app.get(RegionService).importCsv(NINGYUAN_REGIONS_CSV, { dryRun: false });
    if (!report.written && report.totals.rejected > 0) throw new Error(`demo seed: region import refused: ${report.message}`);
    const departmentService = this.app.get(DepartmentService);
    const dataSource = this.app.get(DataSource);
    for (const department of NINGYUAN_DEPARTMENTS) {
      const [existing] = await dataSource.query('SELECT d.id FROM department d JOIN region r ON r.id = d.region_id WHERE r.code = $1 AND d.kind = $2', [
        department.regionCode,
        department.kind,
      ]);
      const id =
        existing?.id ??
        (await departmentService.create({ name: department.name, kind: department.kind as DepartmentKind, regionCode: department.regionCode })).id;
      this.departments.set(`${department.regionCode}:${department.kind}`, id);
    }
    const seeder: Actor = { kind: 'staff', id: '00000000-0000-0000-0000-000000000000', role: Role.ADMIN, label: 'demo seed' };
    const staff = this.app.get(StaffService);
    const users = this.app.get(DataSource).getRepository(StaffUser);
    const accounts: { username: string; role: Role; regionCode?: string; department?: string }[] = [
      ...DEMO_ACCOUNTS.map((a) => ({ username: a.username, role: a.role as Role, regionCode: a.regionCode, department: a.department })),
      ...EXTRA_STREET_STAFF.map((a) => ({ ...a })),
      ...INSTRUCTOR_PLAN.filter((p) => p.username !== 'instructor').map((p) => ({
        username: p.username,
        role: Role.INSTRUCTOR,
        regionCode: '431126',
        department: p.department as string,
      })),
    ];
    // The county officer goes first (counties seeded before the demo_seed marker were recognised by it).
    accounts.sort((a, b) => (a.username === 'org' ? -1 : b.username === 'org' ? 1 : 0));
    const [first, ...rest] = accounts;
    const create = async (account: (typeof accounts)[number]) => {
      const existing = await users.findOneBy({ username: account.username });
      // An administrator made before demo mode was switched on keeps its own password.
      const user =
        existing ??
        (
          await staff.create(seeder, {
            username: account.username,
            role: account.role,
            regionCode: account.regionCode,
            password: DEMO_PASSWORD,
            departmentId: account.department ? this.departments.get(`431126:${account.department}`) : undefined,
          })
        ).user;
      this.staffIds.set(account.username, user.id);
      await this.signIn(account.username, { id: user.id, role: user.role as Role });
    };
    await create(first);
    await Promise.all(rest.map(create));
    this.counts.staffAccounts = accounts.length;
  }

  // ── 2. Meituan, Ele.me and the 15 firms (as the county officer), demo API keys ──

  private async enterprisesAndKeys(): Promise<void> {
    const org = this.as('org');
    const townships = ['431126001', '431126002', '431126003', '431126004', '431126101', '431126104'];
    const plans = [
      ...DEMO_PLATFORMS.map((p) => ({
        name: p.name,
        industry: p.industry as string,
        townshipCode: p.townshipCode as string,
        isPlatform: true,
        headcount: p.riders,
      })),
      ...DEMO_FIRMS.map(([name, industry], i) => ({
        name,
        industry: industry as string,
        townshipCode: townships[i % townships.length],
        isPlatform: false,
        headcount: this.random.int(8, 60),
      })),
    ];
    await Promise.all(
      plans.map(async (plan) => {
        const contact = this.people.next();
        const { createEnterprise } = await org.gql<{ createEnterprise: { id: string } }>(
          'mutation($input: CreateEnterpriseInput!) { createEnterprise(input: $input) { id } }',
          {
            input: {
              name: plan.name,
              socialCreditCode: demoSocialCreditCode(this.random),
              industry: plan.industry,
              townshipCode: plan.townshipCode,
              isPlatform: plan.isPlatform,
              address: `宁远县${TOWNSHIP_NAMES[plan.townshipCode]}${this.random.pick(ROADS)}${this.random.int(1, 300)}号`,
              contactName: contact.name,
              contactPhone: contact.phone,
              workerHeadcount: plan.headcount,
            },
          },
        );
        this.enterprises.set(plan.name, createEnterprise.id);
      }),
    );
    const keys = this.app.get(ApiKeysService);
    for (const platform of DEMO_PLATFORMS) {
      await keys.create(null, { enterpriseId: this.enterprises.get(platform.name)!, name: `演示密钥 / demo key (${platform.apiKey})` }, platform.apiKey);
    }
    this.counts.enterprises = plans.length;
  }

  // ── 3. workers: 467 to mobilise (team members) and a few more (as the county officer) ──

  private async createWorkers(): Promise<void> {
    const org = this.as('org');
    const teamTownships = Object.entries(TEAMS_PER_TOWNSHIP).flatMap(([code, n]) => Array<string>(n).fill(code));
    const total = DEMO_FIGURES.workersMobilized + OTHER_WORKERS;
    const planned = Array.from({ length: total }, (_, i) => ({
      ...this.people.next(),
      // Team members live where their team is; the others anywhere in town.
      townshipCode: i < DEMO_FIGURES.workersMobilized ? '' : this.random.pick(STREETS).code,
      industry: this.random.weighted({ FOOD_DELIVERY: 55, EXPRESS_COURIER: 25, FREIGHT_TRUCKING: 8, LOGISTICS: 7, RIDE_HAILING: 5 }),
    }));
    // Team sizes: the leader plus members, 467 people over 62 teams (3 to 12 each).
    const sizes = this.teamSizes(teamTownships.length, DEMO_FIGURES.workersMobilized);
    let next = 0;
    this.teamPlan = teamTownships.map((townshipCode, t) => {
      const members = Array.from({ length: sizes[t] }, () => next++);
      for (const m of members) planned[m].townshipCode = townshipCode;
      return { townshipCode, members };
    });
    this.workers = new Array<DemoWorker>(total);
    await this.inBatches(
      planned.map((p, i) => ({ p, i })),
      12,
      async ({ p, i }) => {
        const { createWorker } = await org.gql<{ createWorker: { id: string } }>(
          'mutation($input: CreateWorkerInput!) { createWorker(input: $input) { id } }',
          { input: { name: p.name, phone: p.phone, idNumber: p.idNumber, gender: p.gender, industry: p.industry, townshipCode: p.townshipCode } },
        );
        this.workers[i] = { ...p, id: createWorker.id };
      },
    );
    this.counts.workers = total;
  }

  /** Members of each planned team: indexes into `workers` (the first is the leader). */
  private teamPlan: { townshipCode: string; members: number[] }[] = [];

  private teamSizes(teams: number, people: number): number[] {
    const weights = Array.from({ length: teams }, () => this.random.between(0.4, 1.6));
    const sum = weights.reduce((a, b) => a + b, 0);
    const sizes = weights.map((w) => Math.max(3, Math.min(12, Math.round((w / sum) * people))));
    let diff = people - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; diff !== 0; i = (i + 1) % teams) {
      const change = diff > 0 && sizes[i] < 12 ? 1 : diff < 0 && sizes[i] > 3 ? -1 : 0;
      sizes[i] += change;
      diff -= change;
    }
    return sizes;
  }

  // ── 4. 五个清 ledger (15 members), the three organisations ──

  private async ledgerAndOrganizations(): Promise<void> {
    const org = this.as('org');
    // Party members lead the first teams (先锋服务队), so they are mobilised too.
    const entryIds: { id: string; plan: (typeof LEDGER_PLAN)[number] }[] = [];
    const channels = ['DOOR_VISIT', 'QUESTIONNAIRE', 'PHONE'];
    const itemKeys = ['HEADCOUNT', 'BASIC_INFO', 'WHEREABOUTS', 'CONTACT', 'ROLE'];
    for (const [i, plan] of LEDGER_PLAN.entries()) {
      const worker = this.workers[this.teamPlan[i].members[0]];
      const clearItems = i < 11 ? 5 : 3;
      const { createLedgerEntry } = await org.gql<{ createLedgerEntry: { id: string } }>(
        'mutation($input: CreateLedgerEntryInput!) { createLedgerEntry(input: $input) { id } }',
        {
          input: {
            workerId: worker.id,
            membership: plan.membership,
            channel: channels[i % channels.length],
            enterpriseId: this.enterprises.get(plan.enterprise),
            flowStatus: i % 5 === 4 ? 'INFLOW' : 'LOCAL',
            joinedOn: plan.membership === 'FULL' ? `${this.random.int(2005, 2021)}-07-01` : this.day(200),
            relationOrganizationName: i % 5 === 4 ? '永州市冷水滩区某社区党支部' : undefined,
            items: itemKeys.map((key, k) => ({ key, clear: k < clearItems, checkedOn: k < clearItems ? this.day(320 - i) : undefined })),
          },
        },
      );
      entryIds.push({ id: createLedgerEntry.id, plan });
      this.partyMembers.push({ worker, enterprise: plan.enterprise });
    }
    // Thirteen verified by the county officer, two still waiting (both count as identified).
    for (const entry of entryIds.slice(0, 13)) {
      await org.gql('mutation($id: ID!, $input: VerifyLedgerEntryInput!) { verifyLedgerEntry(id: $id, input: $input) { id } }', {
        id: entry.id,
        input: { decision: 'VERIFIED', note: '经入户走访核实' },
      });
    }
    for (const plan of ORGANIZATIONS) {
      const members = entryIds.filter((e) => (plan.enterprises as readonly string[]).includes(e.plan.enterprise));
      const { createPartyOrganization } = await org.gql<{ createPartyOrganization: { id: string } }>(
        'mutation($input: CreatePartyOrganizationInput!) { createPartyOrganization(input: $input) { id } }',
        {
          input: {
            name: plan.name,
            kind: 'BRANCH',
            formationMode: plan.mode,
            regionCode: plan.regionCode,
            establishedOn: this.day(plan.establishedAgo),
            enterpriseIds: plan.enterprises.map((name) => this.enterprises.get(name)),
            secretaryEntryId: members.find((m) => m.plan.membership === 'FULL')?.id,
          },
        },
      );
      for (const member of members) {
        await org.gql('mutation($id: ID!, $input: UpdateLedgerEntryInput!) { updateLedgerEntry(id: $id, input: $input) { id } }', {
          id: member.id,
          input: { attachedOrganizationId: createPartyOrganization.id },
        });
      }
    }
    this.counts.ledgerEntries = entryIds.length;
    this.counts.partyOrganizations = ORGANIZATIONS.length;
  }

  /** The ledger's party members and the enterprise each works at (the platforms declare theirs on the roster). */
  private readonly partyMembers: { worker: DemoWorker; enterprise: string }[] = [];

  // ── 5. instructors (党建指导员) to enterprises without an organisation ──

  private async instructors(): Promise<void> {
    const org = this.as('org');
    for (const [i, plan] of INSTRUCTOR_PLAN.entries()) {
      await org.gql('mutation($input: AssignInstructorInput!) { assignInstructor(input: $input) { id } }', {
        input: { instructorId: this.staffIds.get(plan.username), enterpriseId: this.enterprises.get(plan.enterprise), startedOn: this.day(240 - i * 7) },
      });
    }
    // The demo instructor has been to the enterprise twice.
    const instructor = this.as('instructor');
    for (const ago of [150, 40]) {
      await instructor.gql('mutation($input: LogGuidanceVisitInput!) { logGuidanceVisit(input: $input) { id } }', {
        input: {
          enterpriseId: this.enterprises.get(INSTRUCTOR_PLAN[0].enterprise),
          visitedOn: this.day(ago),
          summary: ago > 100 ? '宣讲党建政策，摸排党员底数' : '指导筹备建立党组织，走访骑手',
        },
      });
    }
    this.counts.instructors = INSTRUCTOR_PLAN.length;
  }

  // ── 6. 11 stations (as the county officer), 六有 audits (as the auditor) ──

  private async stationsAndAudits(): Promise<void> {
    const org = this.as('org');
    const auditor = this.as('auditor');
    for (const plan of STATIONS) {
      const lat = SOUTH + plan.north * (NORTH - SOUTH);
      const lng = WEST + plan.strip * STRIP;
      const weekly = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((day) => ({ day, ranges: [{ start: plan.hours[0], end: plan.hours[1] }] }));
      const { createStation } = await org.gql<{ createStation: { id: string } }>(
        'mutation($input: CreateStationInput!) { createStation(input: $input) { id } }',
        {
          input: {
            code: plan.code,
            name: plan.name,
            kind: plan.kind,
            hostVenue: plan.hostVenue,
            address: `宁远县${TOWNSHIP_NAMES[plan.township]}${this.random.pick(ROADS)}${this.random.int(1, 200)}号`,
            lat: Number(lat.toFixed(6)),
            lng: Number(lng.toFixed(6)),
            townshipCode: plan.township,
            status: 'OPEN',
            amenities: plan.amenities,
            openingHours: { weekly },
            managerId: plan.managed ? this.staffIds.get('station') : undefined,
            departmentId: plan.department ? this.departments.get(`431126:${plan.department}`) : undefined,
          },
        },
      );
      this.stationIds.set(plan.code, createStation.id);
    }
    const audit = (stationId: string, auditedOn: string, failed: string[] = []) =>
      auditor.gql('mutation($input: RecordStationAuditInput!) { recordStationAudit(input: $input) { id passed } }', {
        input: {
          stationId,
          auditedOn,
          note: failed.length ? '服务设施不全，限期整改' : '六有标准全部达标',
          items: SIX_ITEMS.map((key) => ({ key, passed: !failed.includes(key), note: failed.includes(key) ? '缺少饮水机和应急药箱' : undefined })),
        },
      });
    // One station failed its first audit and passed the re-audit after rectification.
    await audit(this.stationIds.get('NY-TT-01')!, this.day(95), ['FACILITIES']);
    for (const [i, plan] of STATIONS.entries()) await audit(this.stationIds.get(plan.code)!, this.day(plan.code === 'NY-TT-01' ? 70 : 30 + i * 4));
    this.counts.stations = STATIONS.length;
  }

  // ── 7. welfare events of the county trade union (县总工会) ──

  private async welfareEvents(): Promise<void> {
    const union = this.as('union');
    const organizerDepartmentId = this.departments.get('431126:TRADE_UNION');
    const create = async (input: Record<string, unknown>) =>
      (
        await union.gql<{ createWelfareEvent: { id: string } }>('mutation($input: CreateWelfareEventInput!) { createWelfareEvent(input: $input) { id } }', {
          input: { organizerDepartmentId, ...input },
        })
      ).createWelfareEvent.id;
    const run = async (eventId: string, served?: number, complete = true) => {
      await union.gql('mutation($id: ID!) { publishWelfareEvent(eventId: $id) { id } }', { id: eventId });
      if (served !== undefined)
        await union.gql('mutation($id: ID!, $input: RecordServedInput!) { recordEventServed(eventId: $id, input: $input) { id } }', {
          id: eventId,
          input: { servedCount: served },
        });
      if (complete) await union.gql('mutation($id: ID!) { completeWelfareEvent(eventId: $id) { id } }', { id: eventId });
    };
    const cooling = await create({
      title: '“共享清凉”夏日送清凉',
      kind: 'COOLING',
      registrationRequired: false,
      stationId: this.stationIds.get('NY-DX-01'),
      description: '为户外劳动者送上绿豆汤、藿香正气水和防暑降温用品',
      startsAt: this.at(120, 10),
      endsAt: this.at(120, 16),
    });
    await run(cooling, 80);
    const breakfast = await create({
      title: '爱心早餐·暖“新”行动',
      kind: 'FREE_MEAL',
      registrationRequired: false,
      stationId: this.stationIds.get('NY-LIB-01'),
      description: `为快递外卖小哥送上${DEMO_FIGURES.breakfastPortions}份热气腾腾的豆浆和小笼包`,
      startsAt: this.at(9, 7),
      endsAt: this.at(9, 9),
    });
    await run(breakfast, DEMO_FIGURES.breakfastPortions);
    // Upcoming: sign-up open now, a few already registered.
    const healthCheck = await create({
      title: '义诊义检进驿站',
      kind: 'HEALTH_CHECK',
      registrationRequired: true,
      capacity: 30,
      stationId: this.stationIds.get('NY-FTU-01'),
      description: '县人民医院医生为新就业群体免费体检、健康咨询',
      startsAt: this.at(-12, 9),
      endsAt: this.at(-12, 11.5),
      registrationOpensAt: this.at(3, 9),
      registrationClosesAt: this.at(-11, 18),
    });
    await run(healthCheck, undefined, false);
    const registrants = this.workers
      .slice(DEMO_FIGURES.workersMobilized, DEMO_FIGURES.workersMobilized + 6)
      .concat(this.random.shuffle(this.workers.slice(0, 200)).slice(0, 6));
    for (const worker of registrants) {
      await (await this.workerClient(worker)).gql('mutation($id: ID!) { registerForEvent(eventId: $id) { id status } }', { id: healthCheck });
    }
    this.counts.welfareEvents = 3;
    this.counts.eventRegistrations = registrants.length;
  }

  // ── 8. 62 teams with 467 members (as the county officer), a few activities ──

  private async volunteerTeams(): Promise<void> {
    const org = this.as('org');
    const numbers = new Map<string, number>();
    const teams: { id: string; formedAgo: number; members: { worker: DemoWorker; joinedAgo: number }[] }[] = [];
    for (const [t, plan] of this.teamPlan.entries()) {
      const vanguard = t < LEDGER_PLAN.length;
      const n = (numbers.get(plan.townshipCode) ?? 0) + 1;
      numbers.set(plan.townshipCode, n);
      const name = vanguard
        ? `${TOWNSHIP_NAMES[plan.townshipCode]}党员先锋服务队（${n}）`
        : `${TOWNSHIP_NAMES[plan.townshipCode]}${this.random.pick(TEAM_NAME_PARTS)}志愿服务队（${n}）`;
      const formedAgo = this.random.int(40, 330);
      const leader = this.workers[plan.members[0]];
      const { createVolunteerTeam } = await this.when(this.at(formedAgo, 10), () =>
        org.gql<{ createVolunteerTeam: { id: string } }>('mutation($input: CreateVolunteerTeamInput!) { createVolunteerTeam(input: $input) { id } }', {
          input: { name, kind: vanguard ? 'VANGUARD' : 'VOLUNTEER', leaderWorkerId: leader.id, townshipCode: plan.townshipCode },
        }),
      );
      teams.push({
        id: createVolunteerTeam.id,
        formedAgo,
        members: plan.members.map((m, k) => ({ worker: this.workers[m], joinedAgo: k === 0 ? formedAgo : this.random.int(2, formedAgo) })),
      });
    }
    const joins = teams.flatMap((team) => team.members.slice(1).map((member) => ({ team, member })));
    await this.inBatches(joins, 12, ({ team, member }) =>
      org.gql('mutation($teamId: ID!, $input: AddTeamMemberInput!) { addVolunteerTeamMember(teamId: $teamId, input: $input) }', {
        teamId: team.id,
        input: { workerId: member.worker.id, joinedOn: this.day(member.joinedAgo) },
      }),
    );
    // Activities with hours for a third of the teams (members on the day only). At the first three, the
    // last member present reports their own hours (自行申报), which wait for the leader's approval.
    let activities = 0;
    let pendingHours = 0;
    for (const team of teams.filter((_, i) => i % 3 === 0)) {
      const heldAgo = this.random.int(1, Math.max(1, Math.min(30, team.formedAgo - 1)));
      const present = team.members.filter((m) => m.joinedAgo >= heldAgo);
      if (present.length === 0) continue;
      const text = this.random.pick(ACTIVITY_TEXTS);
      const participants = present.map((m) => ({ worker: m.worker, hours: this.random.pick([1, 1.5, 2, 3]) }));
      const selfReported = pendingHours < 3 && participants.length > 1 ? participants.pop() : undefined;
      const { recordVolunteerActivity } = await org.gql<{ recordVolunteerActivity: { id: string } }>(
        'mutation($teamId: ID!, $input: RecordVolunteerActivityInput!) { recordVolunteerActivity(teamId: $teamId, input: $input) { id } }',
        {
          teamId: team.id,
          input: {
            heldOn: this.day(heldAgo),
            kind: text.kind,
            place: text.place,
            description: text.description,
            participants: participants.map((p) => ({ workerId: p.worker.id, hours: p.hours })),
          },
        },
      );
      if (selfReported) {
        await (
          await this.workerClient(selfReported.worker)
        ).gql('mutation($activityId: ID!, $hours: Float!) { reportMyVolunteerHours(activityId: $activityId, hours: $hours) { id } }', {
          activityId: recordVolunteerActivity.id,
          hours: selfReported.hours,
        });
        pendingHours++;
      }
      activities++;
    }
    this.counts.volunteerTeams = teams.length;
    this.counts.teamMembers = teams.reduce((n, t) => n + t.members.length, 0);
    this.counts.volunteerActivities = activities;
    this.counts.pendingVolunteerHours = pendingHours;
  }

  // ── 9. 12 grids (as the administrator), 167 workers enrol (流动网格报到) and their grid worker confirms ──

  private async gridsAndEnrolment(): Promise<void> {
    const admin = this.as('admin');
    for (const [c, community] of COMMUNITIES.entries()) {
      const township = community.code.slice(0, 9);
      const street = STREETS.find((s) => s.code === township)!;
      for (const [half, [south, north]] of [
        [SOUTH, MIDDLE],
        [MIDDLE, NORTH],
      ].entries()) {
        const west = WEST + c * STRIP;
        const east = west + STRIP;
        const code = `NY-${community.abbr}-${half + 1}`;
        const { createGrid } = await admin.gql<{ createGrid: { id: string } }>('mutation($input: CreateGridInput!) { createGrid(input: $input) { id } }', {
          input: {
            code,
            name: `${community.name}第${half === 0 ? '一' : '二'}网格`,
            communityCode: community.code,
            gridWorkerId: this.staffIds.get(street.grid),
            boundary: {
              type: 'Polygon',
              coordinates: [
                [
                  [west, south],
                  [east, south],
                  [east, north],
                  [west, north],
                  [west, south],
                ],
              ],
            },
          },
        });
        this.grids.push({ id: createGrid.id, code, township, west, south });
      }
    }
    const urban = this.workers.slice(0, DEMO_FIGURES.workersMobilized).filter((w) => STREETS.some((s) => s.code === w.townshipCode));
    const enrollees = this.random.shuffle(urban).slice(0, DEMO_FIGURES.gridEnrollees);
    if (enrollees.length !== DEMO_FIGURES.gridEnrollees) throw new Error('demo seed: too few workers in town to enrol');
    this.enrollees = enrollees;
    // Enrolments arrive over the year, a few a week; the grid worker confirms within a day or two.
    const plans = enrollees
      .map((worker) => {
        const grid = this.random.pick(this.grids.filter((g) => g.township === worker.townshipCode));
        const requestedAgo = this.random.int(3, 320);
        return { worker, grid, requested: this.at(requestedAgo, this.random.between(8, 20)), confirmDelayHours: this.random.between(2, 40) };
      })
      .sort((a, b) => a.requested.getTime() - b.requested.getTime());
    for (const plan of plans) {
      const client = await this.workerClient(plan.worker);
      const { enrolInGrid } = await this.when(plan.requested, () =>
        client.gql<{ enrolInGrid: { id: string } }>('mutation($gridId: ID!) { enrolInGrid(gridId: $gridId) { id } }', { gridId: plan.grid.id }),
      );
      const street = STREETS.find((s) => s.code === plan.grid.township)!;
      await this.when(new Date(plan.requested.getTime() + plan.confirmDelayHours * HOUR_MS), () =>
        this.as(street.grid).gql('mutation($id: ID!) { confirmGridEnrolment(id: $id) { id } }', { id: enrolInGrid.id }),
      );
    }
    this.counts.grids = this.grids.length;
    this.counts.gridEnrollees = enrollees.length;
  }

  private enrollees: DemoWorker[] = [];

  // ── 10. governance problems: workers report (移动探头), staff accept, dispatch, handle; reporters rate ──

  private async governanceProblems(): Promise<void> {
    const fates = issueFates();
    const points: { lat: number; lng: number }[] = [];
    const plans = fates
      .map((fate) => {
        const grid = this.random.pick(this.grids);
        const point = this.pointIn(grid, points);
        points.push(point);
        const category = fate === 'REJECTED' ? 'OTHER' : this.random.weighted(ISSUE_CATEGORIES);
        const open = fate !== 'CLOSED' && fate !== 'RESOLVED' && fate !== 'REJECTED';
        const reportedAgo = open ? this.random.between(1, 2.5) : this.random.between(10, 330);
        const reporters = this.enrollees.filter((w) => w.townshipCode === grid.township);
        return {
          fate,
          grid,
          point,
          category,
          reported: new Date(this.today - reportedAgo * DAY_MS + this.random.between(8, 20) * HOUR_MS),
          reporter: this.random.pick(reporters),
        };
      })
      .sort((a, b) => a.reported.getTime() - b.reported.getTime());
    const transport = this.as('transport');
    for (const plan of plans) {
      const street = STREETS.find((s) => s.code === plan.grid.township)!;
      const gridWorker = this.as(street.grid);
      const township = this.as(street.township);
      const handler = plan.category === 'ROAD_TRAFFIC' ? transport : township;
      const texts = ISSUE_TEXTS[plan.category];
      const textIndex = this.random.int(0, texts.report.length - 1);
      const reporter = await this.workerClient(plan.reporter);
      let t = plan.reported.getTime();
      const { reportIssue } = await this.when(new Date(t), () =>
        reporter.gql<{ reportIssue: { issue: { id: string } | null } }>('mutation($input: ReportIssueInput!) { reportIssue(input: $input) { issue { id } } }', {
          input: {
            category: plan.category,
            description: texts.report[textIndex],
            lat: plan.point.lat,
            lng: plan.point.lng,
            address: `宁远县${street.name}${this.random.pick(ROADS)}${this.random.int(1, 300)}号附近`,
          },
        }),
      );
      if (!reportIssue.issue) throw new Error('demo seed: a report was held back as a likely duplicate');
      const id = reportIssue.issue.id;
      const step = async (client: DemoApiClient, afterHours: number, input: Record<string, unknown>) => {
        t = Math.min(t + afterHours * HOUR_MS, this.now.getTime() - 60_000);
        await this.when(new Date(t), () =>
          client.gql('mutation($id: ID!, $input: IssueTransitionInput!) { transitionGovernanceIssue(id: $id, input: $input) { id } }', { id, input }),
        );
      };
      if (plan.fate === 'REPORTED') continue;
      if (plan.fate === 'REJECTED') {
        await step(gridWorker, this.random.between(0.5, 3), { action: 'REJECT', note: '经核实不属于基层治理事项，已告知上报人向相关渠道反映' });
        continue;
      }
      await step(gridWorker, this.random.between(0.3, 3), { action: 'ACCEPT', note: '网格员已受理' });
      if (plan.fate === 'ACCEPTED') continue;
      await step(township, this.random.between(0.5, 4), { action: 'DISPATCH' });
      if (plan.fate === 'DISPATCHED') continue;
      await step(handler, this.random.between(0.5, 6), { action: 'START', note: '已安排人员现场核查' });
      if (plan.fate === 'IN_PROGRESS') continue;
      // Hazards within their 24 h, the rest within 72 h; about one in twelve runs late.
      const deadline = plan.category === 'SAFETY_HAZARD' ? 24 : 72;
      const late = this.random.next() < 0.08;
      await step(handler, deadline * (late ? this.random.between(1.05, 1.5) : this.random.between(0.1, 0.7)), {
        action: 'RESOLVE',
        note: texts.resolve[textIndex],
      });
      if (plan.fate === 'CLOSED') {
        t = Math.min(t + this.random.between(2, 48) * HOUR_MS, this.now.getTime() - 60_000);
        const rating = this.random.weighted({ 5: 70, 4: 24, 3: 6 });
        await this.when(new Date(t), () =>
          reporter.gql('mutation($id: ID!, $input: RateIssueInput!) { rateGovernanceIssue(id: $id, input: $input) { id } }', {
            id,
            input: { rating: Number(rating), comment: rating === '5' ? '处理及时，点赞' : undefined },
          }),
        );
      }
    }
    this.counts.governanceIssues = plans.length;
    this.counts.issuesResolved = fates.filter((f) => f === 'CLOSED' || f === 'RESOLVED').length;
  }

  // ── 11. platform rosters: Meituan and Ele.me upload their riders through the roster API (REST, their API keys) ──

  /**
   * Each platform sends one snapshot of its riders: the food-delivery workers already on record
   * (matched to them by ID number; some ride for both platforms), its party members from the ledger
   * (declared as such, so they match the ledger and add no entry to it), and riders the county knew
   * nothing of. Waits until both are COMMITTED: the county's figures count no roster rider (nor the
   * new people they bring), so they stay the article's.
   */
  private async platformRosters(): Promise<void> {
    const platformNames: readonly string[] = DEMO_PLATFORMS.map((p) => p.name);
    const members = new Set(this.partyMembers.map((m) => m.worker.id));
    const plans = new Map<string, { person: DemoPerson; townshipCode?: string; partyMember: boolean }[]>(DEMO_PLATFORMS.map((p) => [p.name, []]));
    for (const member of this.partyMembers.filter((m) => platformNames.includes(m.enterprise))) {
      plans.get(member.enterprise)!.push({ person: member.worker, townshipCode: member.worker.townshipCode, partyMember: true });
    }
    // Workers on record who deliver food ride for one platform, one in ten for both.
    for (const worker of this.workers.filter((w) => w.industry === 'FOOD_DELIVERY' && !members.has(w.id))) {
      const [first, second] = this.random.next() < 0.57 ? platformNames : [...platformNames].reverse();
      plans.get(first)!.push({ person: worker, townshipCode: worker.townshipCode, partyMember: false });
      if (this.random.next() < 0.1) plans.get(second)!.push({ person: worker, townshipCode: worker.townshipCode, partyMember: false });
    }
    const uploads = DEMO_PLATFORMS.map((platform) => {
      const planned = plans.get(platform.name)!.slice(0, platform.riders);
      while (planned.length < platform.riders) planned.push({ person: this.people.next(), partyMember: false });
      const sites = DELIVERY_SITES[platform.apiKey];
      const records = this.random.shuffle(planned).map(({ person, townshipCode, partyMember }, k) => {
        // A rider is based at a site of the township they live in, where the platform has one.
        const near = sites.filter((site) => site.regionCode.startsWith(townshipCode ?? '-'));
        const choice = near.length > 0 ? near : sites;
        const siteName = this.random.weighted(Object.fromEntries(choice.map((site) => [site.name, site.weight])));
        const site = choice.find((candidate) => candidate.name === siteName)!;
        const point = 'lat' in site.at ? site.at : { lat: SOUTH + site.at.north * (NORTH - SOUTH), lng: WEST + site.at.strip * STRIP };
        return {
          externalId: `${platform.externalIdPrefix}-${String(k + 1).padStart(6, '0')}`,
          name: person.name,
          phone: person.phone,
          idNumber: person.idNumber,
          gender: person.gender,
          siteName: site.name,
          siteLat: Number(point.lat.toFixed(6)),
          siteLng: Number(point.lng.toFixed(6)),
          regionCode: site.regionCode,
          partyMember,
        };
      });
      return { platform, records, partyMembers: planned.filter((p) => p.partyMember).length };
    });
    const syncs = await Promise.all(
      uploads.map(async ({ platform, records, partyMembers }) => {
        const client = new DemoApiClient(this.transport, { 'x-api-key': platform.apiKey }, platform.name);
        // Meituan sends NDJSON, Ele.me a JSON array: two of the formats the contract takes.
        const [type, body] =
          platform.apiKey === 'nf_demo_meituan'
            ? ['application/x-ndjson', records.map((r) => JSON.stringify(r)).join('\n') + '\n']
            : ['application/json', JSON.stringify(records)];
        const accepted = await client.rest<DemoRosterSync>('POST', '/api/v1/roster/syncs?mode=snapshot', {
          headers: { 'content-type': type, 'x-consent-ref': platform.consentRef, 'idempotency-key': `demo-roster-${platform.externalIdPrefix}-1` },
          body,
          expect: 202,
        });
        const sync = await this.committed(client, accepted.id);
        if (sync.created !== records.length || sync.rejected !== 0 || sync.ledgerEntriesCreated !== 0 || sync.matchedPartyMembers !== partyMembers) {
          throw new Error(`demo seed: the roster of ${platform.name} was not applied as planned: ${JSON.stringify(sync)}`);
        }
        return sync;
      }),
    );
    this.counts.rosterSyncs = syncs.length;
    this.counts.rosterRiders = syncs.reduce((n, sync) => n + sync.created, 0);
  }

  /** Polls a roster sync until it is final; anything but COMMITTED stops the seed. */
  private async committed(client: DemoApiClient, id: string): Promise<DemoRosterSync> {
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      const sync = await client.rest<DemoRosterSync>('GET', `/api/v1/roster/syncs/${id}`);
      if (sync.status === 'COMMITTED') return sync;
      if (sync.status === 'FAILED' || sync.status === 'DRY_RUN_COMPLETE' || Date.now() > deadline) {
        throw new Error(`demo seed: the roster sync of ${client.label} did not commit (${sync.status}): ${sync.failureCode ?? ''} ${sync.failureReason ?? ''}`);
      }
      await sleep(100, undefined, { signal: this.signal });
    }
  }

  /** A point inside a grid, at least 30 m from its edges and 80 m from every earlier report (no duplicate merging). */
  private pointIn(grid: DemoGrid, taken: readonly { lat: number; lng: number }[]): { lat: number; lng: number } {
    const margin = 0.0004;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const point = {
        lat: Number((grid.south + margin + this.random.next() * (MIDDLE - SOUTH - 2 * margin)).toFixed(6)),
        lng: Number((grid.west + margin + this.random.next() * (STRIP - 2 * margin)).toFixed(6)),
      };
      if (taken.every((p) => distanceMeters(p, point) > 80)) return point;
    }
    throw new Error(`demo seed: no free point left in grid ${grid.code}`);
  }

  /** Runs `work` over `items`, `size` at a time. */
  private async inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
  }
}
