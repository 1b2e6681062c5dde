import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { XLSX_CONTENT_TYPE } from '../../common/http/streamed-body.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { attachment } from '../../common/xlsx/streamed-xlsx.js';
import { CountyQuery } from '../../organizing/ledger/dto/ledger.dto.js';
import { LedgerTransferService } from '../../organizing/ledger/ledger-transfer.service.js';
import { PeriodExportQuery, RegionExportQuery } from './dto/export.dto.js';
import { ExportsService, type ExportFile } from './exports.service.js';

const WORKBOOK = {
  description: '工作簿（流式下载）/ The workbook, streamed',
  content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
};

function download(file: ExportFile): StreamableFile {
  return new StreamableFile(file.stream, { type: XLSX_CONTENT_TYPE, disposition: attachment(file.asciiName, file.chineseName) });
}

/** 导出 Streamed .xlsx exports (Chinese headers, personal data masked), each audited and within the caller's scope. */
@ApiTags('exports')
@ApiBearerAuth(BEARER_AUTH)
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly ledger: LedgerTransferService,
  ) {}

  @Get('ledger')
  @RequirePermission(Permission.LEDGER_MANAGE)
  @ApiOperation({ summary: '导出五个清台账（同 /ledger/export；个人信息脱敏）/ The five-clear ledger of a county (same as /ledger/export; masked)' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse(WORKBOOK)
  async ledgerExport(@CurrentActor() actor: Actor, @Query() query: CountyQuery): Promise<StreamableFile> {
    const stream = await this.ledger.export(actor, query.countyCode);
    return download({ stream, asciiName: `ledger-${query.countyCode}.xlsx`, chineseName: `五个清台账-${query.countyCode}.xlsx` });
  }

  @Get('stations')
  @RequirePermission(Permission.DASHBOARD_READ)
  @ApiOperation({ summary: '导出驿站及六有评估状态（未关闭的驿站）/ Stations (not closed) of a region with their six-item certification' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse(WORKBOOK)
  async stations(@CurrentActor() actor: Actor, @Query() query: RegionExportQuery): Promise<StreamableFile> {
    return download(await this.exports.stations(actor, query.regionCode));
  }

  @Get('events')
  @RequirePermission(Permission.DASHBOARD_READ)
  @ApiOperation({ summary: '导出公益活动及报名、签到情况（按开始时间筛选）/ Welfare events of a region with sign-ups and attendance' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse(WORKBOOK)
  async events(@CurrentActor() actor: Actor, @Query() query: PeriodExportQuery): Promise<StreamableFile> {
    return download(await this.exports.events(actor, query.regionCode, query.from, query.to));
  }

  @Get('governance-issues')
  @RequirePermission(Permission.DASHBOARD_READ)
  @ApiOperation({
    summary: '导出治理问题及处置记录（不含上报人信息；按上报时间筛选）/ Governance problems of a region with their timelines; never the reporter',
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse(WORKBOOK)
  async issues(@CurrentActor() actor: Actor, @Query() query: PeriodExportQuery): Promise<StreamableFile> {
    return download(await this.exports.issues(actor, query.regionCode, query.from, query.to));
  }
}
