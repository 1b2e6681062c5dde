import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CursorPage } from '../../common/pagination/cursor-page.js';
import type { RosterRider } from '../roster-rider.entity.js';

/** A rider on the platform's roster as the county holds it: personal data masked. */
export class RosterRiderDto {
  @ApiProperty({ description: '编号 / Id' }) id: string;
  @ApiProperty({ description: '平台骑手编号 / externalId' }) externalId: string;
  @ApiProperty({ description: '姓名（脱敏）/ Name, masked', example: '张*三' }) name: string;
  @ApiProperty({ description: '手机号（脱敏）/ Phone, masked', example: '138****8000' }) phone: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '身份证号（脱敏）/ ID number, masked' }) idNumber: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '性别 / Gender' }) gender: string | null;
  @ApiProperty({ description: '配送站点 / Delivery site' }) siteName: string;
  @ApiProperty({ description: '站点纬度 / Site latitude' }) siteLat: number;
  @ApiProperty({ description: '站点经度 / Site longitude' }) siteLng: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: '区划代码 / Region code' }) regionCode: string | null;
  @ApiProperty({ description: '在册 / On the roster' }) active: boolean;
  @ApiPropertyOptional({ type: Date, nullable: true, description: '停用时间 / Left the roster' }) deactivatedAt: Date | null;
  @ApiProperty({ description: '更新时间 / Last changed' }) updatedAt: Date;

  static from(rider: RosterRider, regionCode: string | null): RosterRiderDto {
    return {
      id: rider.id,
      externalId: rider.externalId,
      name: rider.nameMasked,
      phone: rider.phoneMasked,
      idNumber: rider.idNumberMasked,
      gender: rider.gender,
      siteName: rider.siteName,
      siteLat: rider.siteLat,
      siteLng: rider.siteLng,
      regionCode,
      active: rider.active,
      deactivatedAt: rider.deactivatedAt,
      updatedAt: rider.updatedAt,
    };
  }
}

export class RosterRiderPage extends CursorPage(RosterRiderDto) {}
