import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { Audit } from '../../audit/audit.decorator.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { HolidayCalendarStatusDto, HolidayYearDto, HolidayYearParams, ImportHolidayYearBody } from './holiday-calendar.dto.js';
import { HolidayCalendarService, parseHolidayCsv } from './holiday-calendar.service.js';

/** 节假日安排 The holiday calendar working-day deadlines count on, over REST. */
@ApiTags('reference')
@ApiBearerAuth(BEARER_AUTH)
@Controller('holiday-calendar')
export class HolidayCalendarController {
  constructor(private readonly calendar: HolidayCalendarService) {}

  @Get()
  @RequirePermission(Permission.REFERENCE_READ)
  @ApiOperation({ summary: '已导入的年份；今年或明年缺失时给出提示 / Years held, with a warning when this year or next is missing' })
  @ApiOkResponse({ type: HolidayCalendarStatusDto })
  async status(): Promise<HolidayCalendarStatusDto> {
    return HolidayCalendarStatusDto.from(await this.calendar.status());
  }

  @Get(':year')
  @RequirePermission(Permission.REFERENCE_READ)
  @ApiOperation({ summary: "某年的放假与调休上班日 / A year's holidays and make-up working days" })
  @ApiOkResponse({ type: HolidayYearDto })
  async year(@Param() params: HolidayYearParams): Promise<HolidayYearDto> {
    const { calendar, days } = await this.calendar.year(params.year);
    return HolidayYearDto.from(calendar, days);
  }

  @Put(':year')
  @RequirePermission(Permission.REFERENCE_MANAGE)
  @Audit({ entity: 'HolidayCalendarYear' })
  @ApiOperation({ summary: "导入某年的节假日安排（JSON days 或 CSV），替换该年 / Import a year's schedule (JSON `days` or `csv`), replacing it" })
  @ApiOkResponse({ type: HolidayYearDto })
  @ApiBody({
    type: ImportHolidayYearBody,
    examples: {
      days: {
        summary: '逐日列出 / Days as JSON',
        value: {
          source: '国务院办公厅关于2027年部分节假日安排的通知',
          days: [
            { date: '2027-01-01', working: false, name: '元旦' },
            { date: '2027-02-06', working: true, name: '春节调休上班' },
          ],
        },
      },
      csv: {
        summary: '以 CSV 给出 / Days as CSV',
        value: { source: '国务院办公厅关于2027年部分节假日安排的通知', csv: 'date,type,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班' },
      },
    },
  })
  async import(@Param() params: HolidayYearParams, @Body() body: ImportHolidayYearBody): Promise<HolidayYearDto> {
    if ((body.days === undefined) === (body.csv === undefined)) throw DomainError.badField('days', 'give either days or csv');
    const days = body.days ?? parseHolidayCsv(body.csv!);
    const { calendar, days: saved } = await this.calendar.import(params.year, body.source, days);
    return HolidayYearDto.from(calendar, saved);
  }
}
