import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Audit } from '../audit/audit.decorator.js';
import type { Actor } from '../access/actor.js';
import { CurrentActor, RequirePermission } from '../access/access.decorators.js';
import { Permission } from '../access/permission.enum.js';
import { STREAMED_BODY_ROUTE, StreamedUpload, type StreamedBody } from '../common/http/streamed-body.js';
import { CursorQuery } from '../common/pagination/cursor-page.js';
import { API_KEY_AUTH } from '../common/openapi/openapi.js';
import { RosterRiderDto, RosterRiderPage } from './dto/roster-rider.dto.js';
import {
  RosterChangeDto,
  RosterChangePage,
  RosterChangeQuery,
  RosterRecordDto,
  RosterRidersQuery,
  RosterSyncDto,
  RosterSyncPage,
  RosterSyncQuery,
} from './dto/roster-sync.dto.js';
import { ROSTER_MAX_ROWS } from './roster-record.js';
import { RosterSyncService } from './roster-sync.service.js';

/** 平台名单同步 Platform roster sync over REST (X-Api-Key): the contract of docs/ARCHITECTURE.md §8. */
@ApiTags('roster')
@ApiSecurity(API_KEY_AUTH)
@ApiExtraModels(RosterRecordDto)
@Controller('roster')
export class RosterController {
  constructor(private readonly roster: RosterSyncService) {}

  @RequirePermission(Permission.ROSTER_SYNC)
  @Audit({ skip: true })
  @Post('syncs')
  @HttpCode(202)
  @RouteConfig(STREAMED_BODY_ROUTE)
  @ApiOperation({
    summary: '上传骑手名单（流式，异步处理）/ Upload a rider roster (streamed, applied asynchronously)',
    description:
      '正文为 NDJSON、JSON 数组或带表头的 CSV，可 gzip 压缩；逐行校验后排队处理，返回 202 与 Location。大批量名单在接收时即开始处理，仍在同一事务中提交。/ ' +
      'The body is NDJSON, a JSON array or CSV with a header row, optionally gzip-encoded. Rows are checked one by one and ' +
      'staged; the sync is applied by a job in one transaction. Poll the Location until status is COMMITTED, DRY_RUN_COMPLETE (a dry run) or FAILED. ' +
      'A big body (50,000 rows or more by default) starts being applied while it is still arriving, still in that one transaction; ' +
      'if that apply fails meanwhile (UPLOAD_STALLED when the body stops arriving), the rest of the body is read and dropped and the answer is the FAILED sync. ' +
      'If the rows cannot be stored while they arrive, the answer is 503 problem+json (SERVICE_UNAVAILABLE) and nothing is kept. ' +
      'Syncs of one platform are applied in the order they were received; one that would commit over a later one already applied fails as SUPERSEDED, ' +
      'and one whose service stopped while receiving or applying it fails as INTERRUPTED within about a minute.',
  })
  @ApiConsumes('application/x-ndjson', 'application/json', 'text/csv')
  @ApiBody({ schema: { type: 'array', maxItems: ROSTER_MAX_ROWS, items: { $ref: getSchemaPath(RosterRecordDto) } } })
  @ApiHeader({
    name: 'x-consent-ref',
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: 200, example: 'consent-2024-001' },
    description:
      '骑手单独同意（个人信息保护法第二十三条）的凭证编号，必填；无法设置请求头的客户端可改用 consentRef 查询参数，两者皆无则 400 / ' +
      'Reference of the riders\u2019 separate consent (PIPL art. 23). Required; a client that cannot set headers sends the consentRef ' +
      'query parameter instead. With neither: 400 BAD_USER_INPUT on consentRef',
  })
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    schema: { type: 'string', maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
    description: '同一键同一正文返回首次同步 / Same key and body return the first sync; another body is refused (422)',
  })
  @ApiHeader({ name: 'Content-Encoding', required: false, schema: { type: 'string', enum: ['gzip', 'identity'] }, description: '正文压缩 / Body encoding' })
  @ApiAcceptedResponse({ type: RosterSyncDto, description: 'Location 头指向该同步 / The Location header points at the sync' })
  async submit(
    @CurrentActor() actor: Actor,
    @Query() query: RosterSyncQuery,
    @StreamedUpload() body: StreamedBody,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-consent-ref') consentHeader?: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<RosterSyncDto> {
    const sync = await this.roster.submit(
      actor,
      {
        mode: query.mode,
        dryRun: query.dryRun ?? false,
        allowMassDeactivation: query.allowMassDeactivation ?? false,
        consentRef: consentHeader ?? query.consentRef,
        idempotencyKey,
      },
      body,
    );
    void reply.header('location', `/api/v1/roster/syncs/${sync.id}`);
    return RosterSyncDto.from(sync);
  }

  @RequirePermission(Permission.ROSTER_SYNC)
  @Get('syncs')
  @ApiOperation({ summary: '本平台的同步记录 / This platform\u2019s syncs, newest first' })
  @ApiOkResponse({ type: RosterSyncPage })
  async history(@CurrentActor() actor: Actor, @Query() query: CursorQuery): Promise<RosterSyncPage> {
    const page = await this.roster.history(actor, query);
    return { items: page.items.map((sync) => RosterSyncDto.from(sync)), nextCursor: page.nextCursor };
  }

  @RequirePermission(Permission.ROSTER_SYNC)
  @Get('syncs/:id')
  @ApiOperation({ summary: '同步状态与计数 / A sync\u2019s status, counts and rejected rows' })
  @ApiOkResponse({ type: RosterSyncDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RosterSyncDto> {
    const sync = await this.roster.get(actor, id);
    return RosterSyncDto.from(sync, await this.roster.rejectedRows(sync.id));
  }

  @RequirePermission(Permission.ROSTER_SYNC)
  @Get('syncs/:id/changes')
  @ApiOperation({ summary: '同步的变更清单 / What a sync created, updated, deactivated or rejected' })
  @ApiOkResponse({ type: RosterChangePage })
  async changes(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: RosterChangeQuery): Promise<RosterChangePage> {
    const page = await this.roster.changeList(actor, id, query.kind, query);
    return { items: page.items.map((change) => RosterChangeDto.from(change)), nextCursor: page.nextCursor };
  }

  @RequirePermission(Permission.ROSTER_SYNC)
  @Get('workers')
  @ApiOperation({ summary: '本平台在册骑手（脱敏）/ This platform\u2019s riders as the county holds them (masked)' })
  @ApiOkResponse({ type: RosterRiderPage })
  async workers(@CurrentActor() actor: Actor, @Query() query: RosterRidersQuery): Promise<RosterRiderPage> {
    const { page, regionCodes } = await this.roster.roster(actor, query.active ?? true, query);
    return { items: page.items.map((rider) => RosterRiderDto.from(rider, regionCodes.get(rider.regionId) ?? null)), nextCursor: page.nextCursor };
  }
}
