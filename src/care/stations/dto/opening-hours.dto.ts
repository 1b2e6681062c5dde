import { InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsString, Matches, ValidateNested } from 'class-validator';
import { WeekdayEnum } from '../station.enums.js';
import { IsDateOnly } from '../../../common/errors/validation.js';
import { ApiField } from '../../../common/fields/api-field.js';

const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** `HH:MM`–`HH:MM`, local (Asia/Shanghai); an end at or before the start runs past midnight. */
@ObjectType('TimeRange', { description: '时段 / Time range (Asia/Shanghai)' })
@InputType('TimeRangeInput', { description: '时段 / Time range (Asia/Shanghai)' })
export class TimeRangeDto {
  @ApiField({ description: '开始 HH:MM / Start', example: '08:00' })
  @IsString()
  @Matches(TIME, { message: 'start must be HH:MM' })
  start: string;

  @ApiField({ description: '结束 HH:MM（早于开始表示跨夜；24:00 表示到午夜）/ End (before start = overnight; 24:00 = midnight)', example: '20:00' })
  @IsString()
  @Matches(TIME, { message: 'end must be HH:MM' })
  end: string;
}

/** The ranges of one weekday. */
@ObjectType('DayHours', { description: '每周某天的开放时段 / Opening ranges of one weekday' })
@InputType('DayHoursInput', { description: '每周某天的开放时段 / Opening ranges of one weekday' })
export class DayHoursDto {
  @ApiField(() => WeekdayEnum, { description: '星期 / Weekday', openapi: { enum: WeekdayEnum, enumName: 'Weekday' } })
  @IsEnum(WeekdayEnum)
  day: WeekdayEnum;

  @ApiField(() => [TimeRangeDto], { description: '时段（可多个）/ Ranges (several allowed)', openapi: { type: [TimeRangeDto] } })
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => TimeRangeDto)
  ranges: TimeRangeDto[];
}

/** A dated exception: closed, or special hours. */
@ObjectType('HoursException', { description: '特殊日期（闭站或特殊时段）/ Dated exception: closed or special hours' })
@InputType('HoursExceptionInput', { description: '特殊日期（闭站或特殊时段）/ Dated exception: closed or special hours' })
export class HoursExceptionDto {
  @ApiField({ description: '日期 YYYY-MM-DD / Date', example: '2024-10-01' })
  @IsString()
  @IsDateOnly({ message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiField({ description: '当天闭站 / Closed all day', optional: true })
  @IsBoolean()
  closed?: boolean;

  @ApiField(() => [TimeRangeDto], { description: '特殊时段 / Special hours', optional: true, openapi: { type: [TimeRangeDto] } })
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => TimeRangeDto)
  ranges?: TimeRangeDto[];

  @ApiField({ description: '说明 / Note', optional: true, maxLength: 100 })
  note?: string;
}

/** 营业时间 Weekly schedule plus dated exceptions. */
@ObjectType('OpeningHours', { description: '开放时间（北京时间）/ Opening hours (Asia/Shanghai)' })
@InputType('OpeningHoursInput', { description: '开放时间（北京时间）/ Opening hours (Asia/Shanghai)' })
export class OpeningHoursDto {
  @ApiField(() => [DayHoursDto], { description: '每周时段 / Weekly schedule', openapi: { type: [DayHoursDto] } })
  @IsArray()
  @ArrayMaxSize(7)
  @ValidateNested({ each: true })
  @Type(() => DayHoursDto)
  weekly: DayHoursDto[];

  @ApiField(() => [HoursExceptionDto], {
    description: '特殊日期 / Dated exceptions',
    optional: true,
    example: [
      { date: '2024-10-01', closed: true, note: '国庆节闭站 / closed on National Day' },
      { date: '2024-10-02', ranges: [{ start: '10:00', end: '16:00' }], note: '国庆假期缩短开放 / shorter hours in the holiday' },
    ],
    openapi: { type: [HoursExceptionDto] },
  })
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => HoursExceptionDto)
  exceptions?: HoursExceptionDto[];
}
