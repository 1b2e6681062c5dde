import { registerEnumType } from '@nestjs/graphql';

/** Administrative level of a region, derived from the shape of its GB/T 2260 code. */
export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  COMMUNITY = 'COMMUNITY',
}

/** Levels from the top down; a region's parent is exactly one step above it. */
export const REGION_LEVELS: readonly RegionLevel[] = [
  RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.COMMUNITY,
];

registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: '行政区划级别 / Region level',
  valuesMap: {
    PROVINCE: { description: '省 / Province (6 digits, ending 0000)' },
    CITY: { description: '市 / City (6 digits, ending 00)' },
    COUNTY: { description: '县（区） / County (other 6-digit codes)' },
    TOWNSHIP: { description: '乡镇（街道） / Township or street (9 digits)' },
    COMMUNITY: { description: '村（社区） / Village or community (12 digits)' },
  },
});
