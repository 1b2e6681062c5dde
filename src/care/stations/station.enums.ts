import { registerEnumType } from '@nestjs/graphql';

/** What kind of station it is. */
export enum StationKind {
  OUTDOOR_WORKER_STATION = 'OUTDOOR_WORKER_STATION',
  WORKERS_HOME = 'WORKERS_HOME',
  COURIER_STATION = 'COURIER_STATION',
  CARE_STATION = 'CARE_STATION',
  TRUCKER_HOME = 'TRUCKER_HOME',
}

/** The venue that hosts a station (阵地资源). */
export enum HostVenue {
  PARTY_SERVICE_CENTER = 'PARTY_SERVICE_CENTER',
  GAS_STATION = 'GAS_STATION',
  LIBRARY = 'LIBRARY',
  BANK = 'BANK',
  SHOP = 'SHOP',
  GOVERNMENT_OFFICE = 'GOVERNMENT_OFFICE',
  OTHER = 'OTHER',
}

/** Where a station stands in its life; only OPEN stations are found by workers. */
export enum StationStatus {
  PLANNED = 'PLANNED',
  OPEN = 'OPEN',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}

/** A facility a station offers (配备设施). */
export enum Amenity {
  DRINKING_WATER = 'DRINKING_WATER',
  MICROWAVE = 'MICROWAVE',
  WIFI = 'WIFI',
  BOOKS = 'BOOKS',
  FIRST_AID = 'FIRST_AID',
  RESTROOM = 'RESTROOM',
  CHARGING = 'CHARGING',
  HEATING_COOLING = 'HEATING_COOLING',
  REST_SEATS = 'REST_SEATS',
  FRIDGE = 'FRIDGE',
}

/** Day of the week for opening hours. */
export enum WeekdayEnum {
  MON = 'MON',
  TUE = 'TUE',
  WED = 'WED',
  THU = 'THU',
  FRI = 'FRI',
  SAT = 'SAT',
  SUN = 'SUN',
}

/** SQL `IN (…)` list of an enum's values, for CHECK constraints. */
export const sqlList = (values: object): string => Object.values(values).map((v) => `'${String(v)}'`).join(', ');

registerEnumType(StationKind, {
  name: 'StationKind',
  description: '驿站类型 / Station kind',
  valuesMap: {
    OUTDOOR_WORKER_STATION: { description: '户外劳动者服务站 / Outdoor workers’ service station' },
    WORKERS_HOME: { description: '职工之家 / Workers’ home' },
    COURIER_STATION: { description: '小哥驿站 / Couriers’ station' },
    CARE_STATION: { description: '爱心驿站 / Care station' },
    TRUCKER_HOME: { description: '货车司机之家 / Truck drivers’ home' },
  },
});

registerEnumType(HostVenue, {
  name: 'HostVenue',
  description: '依托阵地 / Host venue',
  valuesMap: {
    PARTY_SERVICE_CENTER: { description: '社区党群服务中心 / Community party-service centre' },
    GAS_STATION: { description: '加油站 / Gas station' },
    LIBRARY: { description: '图书馆 / Library' },
    BANK: { description: '银行网点 / Bank branch' },
    SHOP: { description: '商铺 / Shop' },
    GOVERNMENT_OFFICE: { description: '机关单位 / Government office' },
    OTHER: { description: '其他 / Other' },
  },
});

registerEnumType(StationStatus, {
  name: 'StationStatus',
  description: '驿站状态 / Station status',
  valuesMap: {
    PLANNED: { description: '筹建中 / Planned' },
    OPEN: { description: '运营中 / Open' },
    SUSPENDED: { description: '暂停服务 / Suspended' },
    CLOSED: { description: '已关闭 / Closed' },
  },
});

registerEnumType(Amenity, {
  name: 'Amenity',
  description: '服务设施 / Amenity',
  valuesMap: {
    DRINKING_WATER: { description: '饮水机 / Drinking water' },
    MICROWAVE: { description: '微波炉 / Microwave' },
    WIFI: { description: '无线网络 / Wi-Fi' },
    BOOKS: { description: '报刊书籍 / Books and newspapers' },
    FIRST_AID: { description: '应急医药箱 / First-aid kit' },
    RESTROOM: { description: '卫生间 / Restroom' },
    CHARGING: { description: '充电设施 / Charging' },
    HEATING_COOLING: { description: '取暖纳凉 / Heating and cooling' },
    REST_SEATS: { description: '休息座椅 / Rest seats' },
    FRIDGE: { description: '冰箱 / Fridge' },
  },
});

registerEnumType(WeekdayEnum, {
  name: 'Weekday',
  description: '星期 / Day of the week',
  valuesMap: {
    MON: { description: '星期一 / Monday' },
    TUE: { description: '星期二 / Tuesday' },
    WED: { description: '星期三 / Wednesday' },
    THU: { description: '星期四 / Thursday' },
    FRI: { description: '星期五 / Friday' },
    SAT: { description: '星期六 / Saturday' },
    SUN: { description: '星期日 / Sunday' },
  },
});
