import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { RotatingCode } from './check-in-codes.service.js';

/** What a station's or an event's screen shows for workers to scan, and when to fetch the next one. */
@ObjectType('CheckInCode', { description: '动态签到码（每分钟更换，供现场屏幕显示）/ Rotating check-in code for the on-site screen (changes every minute)' })
export class CheckInCodeDto {
  @Field({ description: '二维码内容（劳动者扫码签到）/ QR payload workers scan to check in' })
  @ApiProperty({ example: 'NF-STN-NY-0001.482913' })
  qrPayload: string;

  @Field({ description: '六位动态码 / The six-digit rotating code' })
  @ApiProperty({ example: '482913' })
  code: string;

  @Field({ description: '下一个码的启用时间（届时刷新屏幕）/ When the next code starts: refresh the screen then' })
  @ApiProperty()
  refreshAt: Date;

  @Field({ description: '本码失效时间 / When this code stops being accepted' })
  @ApiProperty()
  validUntil: Date;

  static from(fixedPayload: string, rotating: RotatingCode): CheckInCodeDto {
    return { qrPayload: `${fixedPayload}.${rotating.code}`, code: rotating.code, refreshAt: rotating.refreshAt, validUntil: rotating.validUntil };
  }
}
