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
  @ApiProperty({ description: '日期 YYYY-MM-DD / Date', example: '2027-10-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  date: string;
  @ApiProperty({ description: '调休上班（true）或放假（false）/ true: a make-up working day (a weekend day); false: a public holiday' })
  @IsBoolean()
  working: boolean;
  @ApiProperty({ description: '节日名称 / Name of the holiday', example: '国庆节', maxLength: 50 }) @IsString() @IsNotEmpty() @MaxLength(50) name: string;

  static from(d: HolidayCalendarDay): HolidayDayDto {
    return { date: d.date, working: d.working, name: d.name };
  }
}

/** `PUT /holiday-calendar/{year}`: the year's schedule as `days` (JSON) or as `csv` (`date,type,name`, type holiday/workday or 休/班). */
export class ImportHolidayYearBody {
  @ApiProperty({ description: "依据（通知标题）/ Source: the notice's title", example: '国务院办公厅关于2027年部分节假日安排的通知', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  source: string;

  @ApiPropertyOptional({
    description: '放假与调休上班日（或用 csv）/ Holidays and make-up working days (or give csv)',
    type: HolidayDayDto,
    isArray: true,
    maxItems: 120,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(120)
  @ValidateNested({ each: true })
  @Type(() => HolidayDayDto)
  days?: HolidayDayDto[];

  @ApiPropertyOptional({
    description: 'CSV：date,type,name（type 为 holiday 或 workday；或用 days）/ CSV date,type,name (type holiday or workday; or give days)',
    example: 'date,type,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班',
    maxLength: 20000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  csv?: string;
}

export class HolidayYearDto {
  @ApiProperty({ description: '年份 / Year', example: 2026 }) year: number;
  @ApiProperty({ description: '依据（国务院办公厅通知）/ Source: the State Council notice' }) source: string;
  @ApiProperty({ description: '导入时间 / When it was imported' }) importedAt: Date;
  @ApiProperty({ description: '放假与调休上班日 / Holidays and make-up working days', type: HolidayDayDto, isArray: true }) days: HolidayDayDto[];

  static from(calendar: HolidayCalendarYear, days: HolidayCalendarDay[]): HolidayYearDto {
    return { year: calendar.year, source: calendar.source, importedAt: calendar.importedAt, days: days.map(HolidayDayDto.from) };
  }
}

export class HolidayYearSummaryDto {
  @ApiProperty({ description: '年份 / Year' }) year: number;
  @ApiProperty({ description: '依据（国务院办公厅通知）/ Source: the State Council notice' }) source: string;
  @ApiProperty({ description: '导入时间 / When it was imported' }) importedAt: Date;
  @ApiProperty({ description: '放假天数 / Public holiday days listed' }) holidays: number;
  @ApiProperty({ description: '调休上班天数 / Make-up working days listed' }) workdays: number;
}

export class HolidayCalendarStatusDto {
  @ApiProperty({ description: '已导入的年份 / Years imported', type: HolidayYearSummaryDto, isArray: true }) years: HolidayYearSummaryDto[];
  @ApiProperty({ type: [Number], description: '今年或明年未导入 / This year or next with no schedule' }) missingYears: number[];
  @ApiPropertyOptional({ type: String, nullable: true, description: '缺年份时的提示 / Warning when a year is missing' }) warning: string | null;

  static from(status: HolidayCalendarStatus): HolidayCalendarStatusDto {
    return status;
  }
}
