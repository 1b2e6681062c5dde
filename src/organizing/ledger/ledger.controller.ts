import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { readStreamedBuffer, readStreamedText, XLSX_CONTENT_TYPE } from '../../common/http/streamed-body.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { attachment } from '../../common/xlsx/streamed-xlsx.js';
import {
  CountyQuery,
  CreateLedgerEntryInput,
  CreateLedgerItemInput,
  LedgerEntryListQuery,
  LedgerEntryPage,
  LedgerEntryViewDto,
  LedgerItemDto,
  SetLedgerEntryItemInput,
  UpdateLedgerEntryInput,
  UpdateLedgerItemInput,
  VerifyLedgerEntryInput,
} from './dto/ledger.dto.js';
import { ImportCommitBody, LedgerImportCommitDto, LedgerImportReportDto } from './dto/ledger-transfer.dto.js';
import { LedgerItemsService } from './ledger-items.service.js';
import { LedgerTransferService } from './ledger-transfer.service.js';
import { LedgerService } from './ledger.service.js';

/** Largest import file read into memory. */
export const LEDGER_IMPORT_LIMIT_BYTES = 5 * 1024 * 1024;

/** 五个清台账 The ledger over REST: entries, the county's items, export to .xlsx and the two-step import. */
@ApiTags('organizing')
@ApiBearerAuth(BEARER_AUTH)
@Controller('ledger')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly items: LedgerItemsService,
    private readonly transfer: LedgerTransferService,
  ) {}

  @Get('entries')
  @RequirePermission(Permission.LEDGER_READ)
  @ApiOperation({ summary: '台账条目（劳动者信息脱敏）/ List ledger entries in your scope (worker masked)' })
  @ApiOkResponse({ type: LedgerEntryPage })
  async list(@CurrentActor() actor: Actor, @Query() query: LedgerEntryListQuery): Promise<LedgerEntryPage> {
    const page = await this.ledger.page(actor, query, query);
    return { items: await this.ledger.views(page.items), nextCursor: page.nextCursor };
  }

  @Get('entries/:id')
  @RequirePermission(Permission.LEDGER_READ)
  @ApiOperation({ summary: '查看台账条目 / Get a ledger entry' })
  @ApiOkResponse({ type: LedgerEntryViewDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<LedgerEntryViewDto> {
    return (await this.ledger.views([await this.ledger.get(actor, id)]))[0];
  }

  @Post('entries')
  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ entity: 'LedgerEntry' })
  @ApiOperation({ summary: '新增台账条目（待核实；每人一条）/ Add a ledger entry (unverified; one per worker)' })
  @ApiCreatedResponse({ type: LedgerEntryViewDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateLedgerEntryInput): Promise<LedgerEntryViewDto> {
    return (await this.ledger.views([await this.ledger.create(actor, body)]))[0];
  }

  @Patch('entries/:id')
  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ entity: 'LedgerEntry' })
  @ApiOperation({ summary: '修改台账条目 / Edit a ledger entry' })
  @ApiOkResponse({ type: LedgerEntryViewDto })
  async update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateLedgerEntryInput): Promise<LedgerEntryViewDto> {
    return (await this.ledger.views([await this.ledger.update(actor, id, body)]))[0];
  }

  @Delete('entries/:id')
  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ entity: 'LedgerEntry' })
  @ApiOperation({ summary: '删除台账条目 / Delete a ledger entry' })
  @ApiOkResponse({ type: LedgerEntryViewDto })
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<LedgerEntryViewDto> {
    const entry = await this.ledger.get(actor, id);
    const [view] = await this.ledger.views([entry]);
    await this.ledger.remove(actor, id);
    return view;
  }

  @Put('entries/:id/items/:key')
  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ entity: 'LedgerEntry' })
  @ApiOperation({ summary: '更新一个五个清事项 / Set one five-clear item on an entry' })
  @ApiOkResponse({ type: LedgerEntryViewDto })
  async setItem(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @Body() body: SetLedgerEntryItemInput,
  ): Promise<LedgerEntryViewDto> {
    return (await this.ledger.views([await this.ledger.setItem(actor, id, key, body)]))[0];
  }

  @Post('entries/:id/verification')
  @HttpCode(200)
  @RequirePermission(Permission.LEDGER_VERIFY)
  @Audit({ entity: 'LedgerEntry' })
  @ApiOperation({ summary: '核实或否定（仅限待核实条目）/ Verify or reject an unverified entry' })
  @ApiOkResponse({ type: LedgerEntryViewDto })
  async verify(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: VerifyLedgerEntryInput): Promise<LedgerEntryViewDto> {
    return (await this.ledger.views([await this.ledger.verify(actor, id, body)]))[0];
  }

  @Get('items')
  @RequirePermission(Permission.LEDGER_READ)
  @ApiOperation({ summary: "本县五个清事项（含已停用）/ A county's five-clear items, retired ones included" })
  @ApiOkResponse({ type: LedgerItemDto, isArray: true })
  async listItems(@CurrentActor() actor: Actor, @Query() query: CountyQuery): Promise<LedgerItemDto[]> {
    return (await this.items.list(actor, query.countyCode, { includeRetired: true })).map(LedgerItemDto.from);
  }

  @Post('items')
  @RequirePermission(Permission.LEDGER_CONFIGURE)
  @Audit({ entity: 'LedgerItem' })
  @ApiOperation({ summary: '新增五个清事项 / Add a five-clear item' })
  @ApiCreatedResponse({ type: LedgerItemDto })
  async createItem(@CurrentActor() actor: Actor, @Body() body: CreateLedgerItemInput): Promise<LedgerItemDto> {
    return LedgerItemDto.from(await this.items.create(actor, body));
  }

  @Patch('items/:id')
  @RequirePermission(Permission.LEDGER_CONFIGURE)
  @Audit({ entity: 'LedgerItem' })
  @ApiOperation({ summary: '修改、停用五个清事项 / Rename, reorder or retire a five-clear item' })
  @ApiOkResponse({ type: LedgerItemDto })
  async updateItem(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateLedgerItemInput): Promise<LedgerItemDto> {
    return LedgerItemDto.from(await this.items.update(actor, id, body));
  }

  @Get('export')
  @RequirePermission(Permission.LEDGER_MANAGE)
  @ApiOperation({ summary: '导出台账 .xlsx（中文表头，个人信息脱敏，流式下载）/ Export the ledger as .xlsx (Chinese headers, personal data masked, streamed)' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: '台账工作簿 / The ledger workbook', content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  async export(@CurrentActor() actor: Actor, @Query() query: CountyQuery): Promise<StreamableFile> {
    const stream = await this.transfer.export(actor, query.countyCode);
    return new StreamableFile(stream, {
      type: XLSX_CONTENT_TYPE,
      disposition: attachment(`ledger-${query.countyCode}.xlsx`, `五个清台账-${query.countyCode}.xlsx`),
    });
  }

  @Post('imports')
  @HttpCode(200)
  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ entity: 'LedgerImport' })
  @ApiOperation({
    summary: '导入台账：第一步校验（逐行报告）/ Import the ledger, step 1: validate every row and report',
    description:
      '上传 .xlsx 或 .csv（表头：姓名、身份证号、联系电话、性别、党员类别、入党时间、组织关系所在党组织、组织关系所在地、流动状态、所在企业统一社会信用代码、所在乡镇代码、发现渠道，及各五个清事项名称）。' +
      '全部行有效时返回令牌，用令牌提交；否则不写入任何数据。/ Send .xlsx or text/csv with those Chinese headers (and one column per ' +
      'five-clear item label, 是/否). Nothing is written here; when every row is valid the report carries a token for the commit call.',
    requestBody: {
      required: true,
      content: {
        [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary', maxLength: LEDGER_IMPORT_LIMIT_BYTES } },
        'text/csv': {
          schema: {
            type: 'string',
            maxLength: LEDGER_IMPORT_LIMIT_BYTES,
            example: '姓名,联系电话,党员类别,入党时间,所在乡镇代码,底数清\n张三,13800138000,正式党员,2015-07-01,431126001,是\n',
          },
        },
      },
    },
  })
  @ApiOkResponse({ type: LedgerImportReportDto })
  async validateImport(
    @CurrentActor() actor: Actor,
    @Query() query: CountyQuery,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<LedgerImportReportDto> {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (type === XLSX_CONTENT_TYPE)
      return this.transfer.validate(actor, query.countyCode, { kind: 'xlsx', data: await readStreamedBuffer(body, LEDGER_IMPORT_LIMIT_BYTES) });
    if (type === 'text/csv')
      return this.transfer.validate(actor, query.countyCode, { kind: 'csv', text: await readStreamedText(body, LEDGER_IMPORT_LIMIT_BYTES) });
    throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `Send the file as ${XLSX_CONTENT_TYPE} or text/csv`);
  }

  // The token goes in the body: a credential in the path ends up in access logs and proxies.
  @Post('imports/commit')
  @HttpCode(200)
  @RequirePermission(Permission.LEDGER_MANAGE)
  @Audit({ skip: true })
  @ApiOperation({ summary: '导入台账：第二步提交（整体一个事务）/ Import step 2: commit everything in one transaction' })
  @ApiOkResponse({ type: LedgerImportCommitDto })
  async commitImport(@CurrentActor() actor: Actor, @Body() body: ImportCommitBody): Promise<LedgerImportCommitDto> {
    return this.transfer.commit(actor, body.token);
  }
}
