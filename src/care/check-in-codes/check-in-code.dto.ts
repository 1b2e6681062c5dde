import { ObjectType } from '@nestjs/graphql';
import type { RotatingCode } from './check-in-codes.service.js';
import { ApiField } from '../../common/fields/api-field.js';

/** What a station's or an event's screen shows for workers to scan, and when to fetch the next one. */
@ObjectType('CheckInCode', { description: '动态签到码（每分钟更换，供现场屏幕显示）/ Rotating check-in code for the on-site screen (changes every minute)' })
export class CheckInCodeDto {
  @ApiField({ description: '二维码内容（劳动者扫码签到）/ QR payload workers scan to check in', example: 'NF-STN-NY-0001.482913' })
  qrPayload: string;

  @ApiField({ description: '六位动态码 / The six-digit rotating code', example: '482913' })
  code: string;

  @ApiField({ description: '下一个码的启用时间（届时刷新屏幕）/ When the next code starts: refresh the screen then' })
  refreshAt: Date;

  @ApiField({ description: '本码失效时间 / When this code stops being accepted' })
  validUntil: Date;

  static from(fixedPayload: string, rotating: RotatingCode): CheckInCodeDto {
    return { qrPayload: `${fixedPayload}.${rotating.code}`, code: rotating.code, refreshAt: rotating.refreshAt, validUntil: rotating.validUntil };
  }
}
