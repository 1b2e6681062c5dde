import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../../common/labels/labels.js';

/** 行业 The new-employment industries an enterprise (and its workers) belongs to. */
export enum Industry {
  FOOD_DELIVERY = 'FOOD_DELIVERY',
  EXPRESS_COURIER = 'EXPRESS_COURIER',
  LOGISTICS = 'LOGISTICS',
  FREIGHT_TRUCKING = 'FREIGHT_TRUCKING',
  RIDE_HAILING = 'RIDE_HAILING',
  NEW_MEDIA = 'NEW_MEDIA',
  ONLINE_SHOP = 'ONLINE_SHOP',
  LIVE_STREAMING = 'LIVE_STREAMING',
  DOMESTIC_SERVICE = 'DOMESTIC_SERVICE',
  OTHER = 'OTHER',
}

registerEnumType(Industry, labelledEnum(Industry, 'Industry'));
