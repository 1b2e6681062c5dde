import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, Matches } from 'class-validator';
import { REGION_CODE } from '../../overview/dto/overview.dto.js';

/** `?regionCode=` for an export of a region in the caller's scope. */
export class RegionExportQuery {
  @ApiProperty({ description: '区划代码（须在本人辖区内）/ Region code, within your scope', example: '431126' })
  @Matches(REGION_CODE, { message: 'must be a region code' })
  regionCode: string;
}

/** `?regionCode=&from=&to=` for an export over a period (half-open; both optional). */
export class PeriodExportQuery extends RegionExportQuery {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: '起（含）/ From, inclusive' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: '止（不含）/ To, exclusive' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
