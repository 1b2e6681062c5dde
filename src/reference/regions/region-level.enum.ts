import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../../common/labels/labels.js';

/** Administrative level of a region, derived from the shape of its GB/T 2260 code. */
export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  COMMUNITY = 'COMMUNITY',
}

/** Levels from the top down; a region's parent is exactly one step above it. */
export const REGION_LEVELS: readonly RegionLevel[] = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.COMMUNITY];

registerEnumType(RegionLevel, labelledEnum(RegionLevel, 'RegionLevel'));
