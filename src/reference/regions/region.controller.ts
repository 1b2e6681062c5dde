import type { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { readStreamedText } from '../../common/http/streamed-body.js';
import { RegionImportQuery, RegionImportReportDto } from './dto/region-import.dto.js';
import { RegionDto, RegionListQuery, RegionPage } from './dto/region.dto.js';
import { RegionService } from './region.service.js';

/** Largest CSV file `POST /regions/import` reads. */
export const REGION_IMPORT_LIMIT_BYTES = 8 * 1024 * 1024;

const SAMPLE_CSV = 'code,name,parentCode\n430000,湖南省,\n431100,永州市,430000\n431126,宁远县,431100\n';

/** The import file: a streamed `text/csv` body, or JSON `{ "csv": "..." }`. */
async function csvText(body: unknown): Promise<string> {
  if (body && typeof (body as Readable).on === 'function') return readStreamedText(body, REGION_IMPORT_LIMIT_BYTES);
  const csv = (body as { csv?: unknown } | undefined)?.csv;
  if (typeof csv === 'string') return csv;
  throw DomainError.badField('csv', 'send the file as text/csv, or as JSON {"csv": "..."}');
}

/** 行政区划 Regions over REST. */
@ApiTags('reference')
@ApiBearerAuth(BEARER_AUTH)
@Controller('regions')
export class RegionController {
  constructor(private readonly regions: RegionService) {}

  @Get()
  @RequirePermission(Permission.REFERENCE_READ)
  @ApiOperation({ summary: '行政区划列表 / List regions (by code; filter by parent, level or subtree)' })
  @ApiOkResponse({ type: RegionPage })
  async list(@Query() query: RegionListQuery): Promise<RegionPage> {
    const page = await this.regions.page(query, query);
    return { items: page.items.map(RegionDto.from), nextCursor: page.nextCursor };
  }

  @Get(':code')
  @RequirePermission(Permission.REFERENCE_READ)
  @ApiOperation({ summary: '按代码查询行政区划 / Get a region by code' })
  @ApiOkResponse({ type: RegionDto })
  async get(@Param('code') code: string): Promise<RegionDto> {
    return RegionDto.from(await this.regions.getByCode(code));
  }

  @Post('import')
  @HttpCode(200)
  @RequirePermission(Permission.REFERENCE_MANAGE)
  @ApiOperation({
    summary: '导入行政区划 CSV / Import regions from CSV',
    description:
      '表头 code,name,parentCode；逐行校验并报告，任何一行被拒绝则全部不写入。/ Header `code,name,parentCode` (parentCode empty for a ' +
      'province; a parent may be an existing region or an earlier row). Every row is validated and reported; if any is rejected ' +
      'nothing is written, otherwise everything is written in one transaction. Send `text/csv`, or JSON `{"csv": "..."}`.',
    requestBody: {
      required: true,
      content: {
        'text/csv': { schema: { type: 'string', maxLength: REGION_IMPORT_LIMIT_BYTES, example: SAMPLE_CSV } },
        // A JSON body is bounded by BODY_LIMIT_BYTES (1 MiB by default).
        'application/json': {
          schema: { type: 'object', required: ['csv'], properties: { csv: { type: 'string', maxLength: 1_048_576, example: SAMPLE_CSV } } },
        },
      },
    },
  })
  @ApiOkResponse({ type: RegionImportReportDto })
  async import(@Query() query: RegionImportQuery, @Body() body: unknown): Promise<RegionImportReportDto> {
    return this.regions.importCsv(await csvText(body), { dryRun: query.dryRun ?? false });
  }
}
