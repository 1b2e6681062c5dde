import { registerEnumType } from '@nestjs/graphql';

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

/** Chinese label of each industry, in the order lists show them. */
export const INDUSTRY_LABELS: Readonly<Record<Industry, string>> = {
  FOOD_DELIVERY: '外卖配送',
  EXPRESS_COURIER: '快递',
  LOGISTICS: '物流',
  FREIGHT_TRUCKING: '货车运输',
  RIDE_HAILING: '网约车',
  NEW_MEDIA: '新媒体',
  ONLINE_SHOP: '网络店主',
  LIVE_STREAMING: '网络直播',
  DOMESTIC_SERVICE: '家政服务',
  OTHER: '其他',
};

const ENGLISH: Readonly<Record<Industry, string>> = {
  FOOD_DELIVERY: 'Food delivery',
  EXPRESS_COURIER: 'Express courier',
  LOGISTICS: 'Logistics',
  FREIGHT_TRUCKING: 'Freight trucking',
  RIDE_HAILING: 'Ride-hailing',
  NEW_MEDIA: 'New media',
  ONLINE_SHOP: 'Online shop',
  LIVE_STREAMING: 'Live streaming',
  DOMESTIC_SERVICE: 'Domestic service',
  OTHER: 'Other',
};

registerEnumType(Industry, {
  name: 'Industry',
  description: '行业 / Industry',
  valuesMap: Object.fromEntries(
    Object.values(Industry).map((industry) => [industry, { description: `${INDUSTRY_LABELS[industry]} / ${ENGLISH[industry]}` }]),
  ),
});
