import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { HolidayCalendarDay, HolidayCalendarYear } from './holiday-calendar.entity.js';
import type { HolidayCalendarStatus } from './holiday-calendar.service.js';

export class HolidayYearParams {
  @ApiProperty({ example: 2027 }) @Transform(({ value }) => Number(value)) @IsInt() @Min(2000) @Max(2100) year: number;
}

/** One listed day of a schedule. */
export class HolidayDayDto {
  @ApiProperty({ example: '2027-10-01' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) date: string;
  @ApiProperty({ description: 'true: 调休上班 make-up working day (a weekend day); false: 放假 public holiday' }) @IsBoolean() working: boolean;
  @ApiProperty({ example: '国庆节', maxLength: 50 }) @IsString() @IsNotEmpty() @MaxLength(50) name: string;

  static from(d: HolidayCalendarDay): HolidayDayDto {
    return { date: d.date, working: d.working, name: d.name };
  }
}

/** `PUT /holiday-calendar/{year}`: the year's schedule as `days` (JSON) or as `csv` (`date,type,name`, type holiday/workday or 休/班). */
export class ImportHolidayYearBody {
  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) source: string;

  @ApiPropertyOptional({ type: HolidayDayDto, isArray: true, maxItems: 120 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(120)
  @ValidateNested({ each: true })
  @Type(() => HolidayDayDto)
  days?: HolidayDayDto[];

  @ApiPropertyOptional({ example: 'date,type,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  csv?: string;
}

export class HolidayYearDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty() source: string;
  @ApiProperty() importedAt: Date;
  @ApiProperty({ type: HolidayDayDto, isArray: true }) days: HolidayDayDto[];

  static from(calendar: HolidayCalendarYear, days: HolidayCalendarDay[]): HolidayYearDto {
    return { year: calendar.year, source: calendar.source, importedAt: calendar.importedAt, days: days.map(HolidayDayDto.from) };
  }
}

export class HolidayYearSummaryDto {
  @ApiProperty() year: number;
  @ApiProperty() source: string;
  @ApiProperty() importedAt: Date;
  @ApiProperty({ description: '放假天数 / Public holiday days listed' }) holidays: number;
  @ApiProperty({ description: '调休上班天数 / Make-up working days listed' }) workdays: number;
}

export class HolidayCalendarStatusDto {
  @ApiProperty({ type: HolidayYearSummaryDto, isArray: true }) years: HolidayYearSummaryDto[];
  @ApiProperty({ type: [Number], description: '今年或明年未导入 / This year or next with no schedule' }) missingYears: number[];
  @ApiPropertyOptional({ nullable: true, description: '缺年份时的提示 / Warning when a year is missing' }) warning: string | null;

  static from(status: HolidayCalendarStatus): HolidayCalendarStatusDto {
    return status;
  }
}
