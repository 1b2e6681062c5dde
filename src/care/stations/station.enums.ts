import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../../common/labels/labels.js';

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
export const sqlList = (values: object): string =>
  Object.values(values)
    .map((v) => `'${String(v)}'`)
    .join(', ');

registerEnumType(StationKind, labelledEnum(StationKind, 'StationKind'));

registerEnumType(HostVenue, labelledEnum(HostVenue, 'HostVenue'));

registerEnumType(StationStatus, labelledEnum(StationStatus, 'StationStatus'));

registerEnumType(Amenity, labelledEnum(Amenity, 'Amenity'));

registerEnumType(WeekdayEnum, labelledEnum(WeekdayEnum, 'Weekday'));
