import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Connection, ConnectionArgs } from '../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../common/pagination/cursor-page.js';
import { RosterChangeKind, type RosterSyncChange } from '../roster-sync-change.entity.js';
import { RosterSyncMode, RosterSyncStatus, type RosterFailureDetails, type RosterSync } from '../roster-sync.entity.js';
import { ApiField } from '../../common/fields/api-field.js';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' || value === true ? true : value === 'false' || value === '0' || value === false ? false : value;

const FAILURE_CODES =
  '失败代码：REJECTED_SHARE_EXCEEDED 拒收过多、MASS_DEACTIVATION 停用过多、ROSTER_CHANGED 名单已变、SUPERSEDED 已有更晚收到的同步先行生效、' +
  'INTERRUPTED 接收或处理中服务中断、UPLOAD_STALLED 上传停滞、STAGING_LOST 暂存丢失、APPLY_FAILED 处理失败；均未改动名单，可重新发送 / ' +
  'Failure code: REJECTED_SHARE_EXCEEDED, MASS_DEACTIVATION, ROSTER_CHANGED (a guard refused it), SUPERSEDED (a sync of this platform received ' +
  'after this one was applied first), INTERRUPTED (the service stopped while receiving or applying it), UPLOAD_STALLED, STAGING_LOST, ' +
  'APPLY_FAILED. The roster is unchanged in every case; send the sync again if it is still current';

/** `?mode=snapshot|delta&dryRun=…&allowMassDeactivation=…&consentRef=…` of a roster upload. */
export class RosterSyncQuery {
  @ApiProperty({ enum: ['snapshot', 'delta'], description: '全量 snapshot 或增量 delta / Whole roster (snapshot) or changes (delta)' })
  @Transform(upper)
  @IsEnum(RosterSyncMode, { message: 'mode must be snapshot or delta' })
  mode: RosterSyncMode;

  @ApiPropertyOptional({ type: Boolean, default: false, description: '试运行：只出报告，不写名单 / Report only, write nothing to the roster' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: '允许一次停用超过阈值（默认 20%）的骑手 / Allow a snapshot to deactivate more than the limit (default 20%) of active riders',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  allowMassDeactivation?: boolean;

  @ApiPropertyOptional({
    description:
      '同意凭证编号的备选传法，供无法设置请求头的客户端使用（与 X-Consent-Ref 请求头同义，两者都有时以请求头为准）/ ' +
      'The consent reference for clients that cannot set headers: an alternative to the required X-Consent-Ref header (the header wins when both are sent)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  consentRef?: string;
}

/** One record of a roster upload, as the contract (docs/ARCHITECTURE.md §8) defines it. Documentation only: rows are checked one by one. */
export class RosterRecordDto {
  @ApiProperty({ description: '平台骑手编号 / The platform\u2019s rider id', maxLength: 64, example: 'mt-000123' }) externalId: string;
  @ApiProperty({ description: '姓名 / Name', maxLength: 50, example: '张三' }) name: string;
  @ApiProperty({ description: '手机号（大陆手机）/ Mainland mobile number', maxLength: 20, example: '13800138000' }) phone: string;
  @ApiPropertyOptional({ description: '身份证号（GB 11643 校验）/ National ID number (GB 11643 checksum)', example: '11010519491231002X', maxLength: 20 })
  idNumber?: string;
  @ApiPropertyOptional({ enum: ['MALE', 'FEMALE'], description: '性别 / Gender' }) gender?: string;
  @ApiProperty({ description: '配送站点名称 / Delivery site name', maxLength: 200, example: '宁远舜陵站' }) siteName: string;
  @ApiProperty({ description: '站点纬度 / Site latitude', example: 25.596 }) siteLat: number;
  @ApiProperty({ description: '站点经度 / Site longitude', example: 111.946 }) siteLng: number;
  @ApiProperty({
    description: '站点所在区划代码（县、乡镇或社区）/ Region code of the site (county, township or community)',
    maxLength: 12,
    pattern: '^\\d{6}(\\d{3}){0,2}$',
    example: '431126001',
  })
  regionCode: string;
  @ApiPropertyOptional({ description: '平台登记的党员身份（自报）/ Party membership as declared on the platform', default: false }) partyMember?: boolean;
  @ApiPropertyOptional({ enum: ['upsert', 'deactivate'], description: '增量操作（仅 delta）/ Delta only: upsert or deactivate' }) op?: string;
}

/** One problem of a rejected row. */
@ObjectType('RosterRowProblem', { description: '被拒收行的一个问题 / One problem of a rejected row' })
export class RosterRowProblemDto {
  @ApiField(() => String, { nullable: true, description: '出错字段 / Field at fault', openapi: { type: String, maxLength: 40 } })
  field: string | null;
  @ApiField({ description: '原因代码 / Reason code', openapi: { maxLength: 40, description: '原因代码（MISSING_FIELD、INVALID_FIELD…）/ Reason code' } })
  code: string;
  @ApiField({ description: '原因 / Reason', openapi: { maxLength: 500, description: '原因（不含字段值）/ Reason in words (never the value)' } })
  reason: string;
}

/** Every problem of a rejected change: those kept with it, or its one reason for rejections found over the whole sync. */
function problemsOf(change: RosterSyncChange): RosterRowProblemDto[] {
  if (change.problems?.length) return change.problems.map(({ field, code, reason }) => ({ field, code, reason }));
  return change.reasonCode ? [{ field: change.field, code: change.reasonCode, reason: change.reason ?? '' }] : [];
}

/** A rejected row: where it was and why. */
@ObjectType('RosterRejectedRow', { description: '被拒收的行 / A rejected row' })
export class RosterRejectedRowDto {
  @ApiField(() => Int, { nullable: true, description: '行号（JSON 数组为序号）/ Line (a JSON array: position)', openapi: { type: Number } })
  line: number | null;
  @ApiField(() => String, { nullable: true, description: '骑手编号 / externalId', openapi: { type: String } })
  externalId: string | null;
  @ApiField(() => String, { nullable: true, description: '出错字段 / Field at fault', openapi: { type: String } })
  field: string | null;
  @ApiField(() => String, { nullable: true, description: '原因代码 / Reason code', openapi: { type: String } })
  reasonCode: string | null;
  @ApiField(() => String, { nullable: true, description: '原因 / Reason', openapi: { type: String } })
  reason: string | null;
  @ApiField(() => [RosterRowProblemDto], {
    description: '该行的全部问题 / Every problem of the row',
    openapi: {
      type: RosterRowProblemDto,
      isArray: true,
      maxItems: 20,
      description: '该行的全部问题（第一个即 field、reasonCode、reason）/ Every problem of the row (the first is field, reasonCode, reason)',
    },
  })
  problems: RosterRowProblemDto[];

  static from(change: RosterSyncChange): RosterRejectedRowDto {
    return {
      line: change.line,
      externalId: change.externalId,
      field: change.field,
      reasonCode: change.reasonCode,
      reason: change.reason,
      problems: problemsOf(change),
    };
  }
}

/** A roster sync: options, status and counts. */
@ObjectType('RosterSync', { description: '平台名单同步 / A platform roster sync' })
export class RosterSyncDto {
  @ApiField(() => ID, { description: '编号 / Id' })
  id: string;
  @ApiField(() => RosterSyncStatus, { description: '状态 / Status', openapi: { enum: RosterSyncStatus, enumName: 'RosterSyncStatus' } })
  status: RosterSyncStatus;
  @ApiField(() => RosterSyncMode, { description: '方式 / Mode', openapi: { enum: RosterSyncMode, enumName: 'RosterSyncMode' } })
  mode: RosterSyncMode;
  @ApiField(() => ID, { description: '平台企业 / Platform enterprise' })
  platformId: string;
  @ApiField({ description: '试运行 / Dry run' })
  dryRun: boolean;
  @ApiField({ description: '允许大量停用 / Mass deactivation allowed' })
  allowMassDeactivation: boolean;
  @ApiField({ description: '同意凭证 / Consent reference' })
  consentRef: string;
  @ApiField(() => Int, { description: '收到的行数 / Rows received' })
  received: number;
  @ApiField(() => Int, { description: '新增 / Riders created' })
  created: number;
  @ApiField(() => Int, { description: '更新 / Riders updated' })
  updated: number;
  @ApiField(() => Int, { description: '未变 / Riders unchanged' })
  unchanged: number;
  @ApiField(() => Int, { description: '停用 / Riders deactivated' })
  deactivated: number;
  @ApiField(() => Int, { description: '拒收的行 / Rows rejected' })
  rejected: number;
  @ApiField(() => Int, { description: '本次新增或更新、且已在五个清台账中的骑手 / Created or updated riders whose worker is in the five-clear ledger' })
  matchedPartyMembers: number;
  @ApiField(() => Int, {
    description: '新登记的待核实台账条目（平台名单比对）/ Unverified ledger entries added (channel ROSTER_MATCH)',
    openapi: {
      description: '新登记的待核实台账条目（平台名单比对）/ Unverified ledger entries added (channel ROSTER_MATCH); a dry run counts those it would add',
    },
  })
  ledgerEntriesCreated: number;
  @ApiField(() => String, { nullable: true, description: FAILURE_CODES, openapi: { type: String } })
  failureCode: string | null;
  @ApiField(() => String, { nullable: true, description: '失败原因 / Why it failed', openapi: { type: String } })
  failureReason: string | null;
  @ApiPropertyOptional({
    type: Object,
    additionalProperties: true,
    nullable: true,
    description: '失败依据，如 { wouldDeactivate, activeRiders } / Figures behind a failure',
  })
  failureDetails: RosterFailureDetails | null;
  @ApiField({ description: '收到时间 / Received' })
  createdAt: Date;
  @ApiField(() => Date, { nullable: true, description: '开始处理 / Started', openapi: { type: Date } })
  startedAt: Date | null;
  @ApiField(() => Date, { nullable: true, description: '完成时间 / Finished', openapi: { type: Date } })
  finishedAt: Date | null;
  @ApiPropertyOptional({
    type: RosterRejectedRowDto,
    isArray: true,
    description: '前 100 个被拒收的行（完整清单见 changes?kind=rejected）/ The first 100 rejected rows (all of them: changes?kind=rejected)',
  })
  rejectedRows?: RosterRejectedRowDto[];

  static from(sync: RosterSync, rejected?: RosterSyncChange[]): RosterSyncDto {
    return {
      id: sync.id,
      status: sync.status,
      mode: sync.mode,
      platformId: sync.enterpriseId,
      dryRun: sync.dryRun,
      allowMassDeactivation: sync.allowMassDeactivation,
      consentRef: sync.consentRef,
      received: sync.received,
      created: sync.created,
      updated: sync.updated,
      unchanged: sync.unchanged,
      deactivated: sync.deactivated,
      rejected: sync.rejected,
      matchedPartyMembers: sync.matchedPartyMembers,
      ledgerEntriesCreated: sync.ledgerEntriesCreated,
      failureCode: sync.failureCode,
      failureReason: sync.failureReason,
      failureDetails: sync.failureDetails,
      createdAt: sync.createdAt,
      startedAt: sync.startedAt,
      finishedAt: sync.finishedAt,
      ...(rejected ? { rejectedRows: rejected.map((row) => RosterRejectedRowDto.from(row)) } : {}),
    };
  }
}

export class RosterSyncPage extends CursorPage(RosterSyncDto) {}

@ObjectType()
export class RosterSyncConnection extends Connection(RosterSyncDto, 'RosterSync') {}

/** `?kind=created|updated|deactivated|rejected&cursor=…&limit=…` of a change list. */
export class RosterChangeQuery extends CursorQuery {
  @ApiPropertyOptional({
    enum: ['created', 'updated', 'deactivated', 'rejected'],
    description: '变更类型（不填为全部）/ Kind of change (all kinds when absent)',
  })
  @IsOptional()
  @Transform(upper)
  @IsEnum(RosterChangeKind, { message: 'kind must be created, updated, deactivated or rejected' })
  kind?: RosterChangeKind;
}

/** One entry of a change list. */
export class RosterChangeDto {
  @ApiProperty({ description: '变更类型 / Kind of change', enum: RosterChangeKind, enumName: 'RosterChangeKind' }) kind: RosterChangeKind;
  @ApiPropertyOptional({ type: String, nullable: true, description: '骑手编号 / externalId' }) externalId: string | null;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: '行号（JSON 数组为序号；名单中不再出现的骑手为空）/ Line (JSON array: position; null for riders a snapshot no longer lists)',
  })
  line: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '拒收：出错字段 / Rejected: field at fault' }) field: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '拒收：原因代码 / Rejected: reason code' }) reasonCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '拒收：原因 / Rejected: reason' }) reason: string | null;
  @ApiPropertyOptional({ type: RosterRowProblemDto, isArray: true, maxItems: 20, description: '拒收：该行的全部问题 / Rejected: every problem of the row' })
  problems?: RosterRowProblemDto[];
  @ApiPropertyOptional({
    type: String,
    isArray: true,
    maxItems: 10,
    enum: ['name', 'phone', 'idNumber', 'gender', 'siteName', 'siteLat', 'siteLng', 'regionCode', 'partyMember'],
    description: '更新：变化的字段名（不含值）/ Updated: the names of the fields that changed (never their values)',
  })
  changedFields?: string[];

  static from(change: RosterSyncChange): RosterChangeDto {
    return {
      kind: change.kind,
      externalId: change.externalId,
      line: change.line,
      field: change.field,
      reasonCode: change.reasonCode,
      reason: change.reason,
      ...(change.kind === RosterChangeKind.REJECTED ? { problems: problemsOf(change) } : {}),
      ...(change.kind === RosterChangeKind.UPDATED ? { changedFields: change.changedFields ?? [] } : {}),
    };
  }
}

export class RosterChangePage extends CursorPage(RosterChangeDto) {}

/** `?active=…&cursor=…&limit=…` of a platform's roster. */
export class RosterRidersQuery extends CursorQuery {
  @ApiPropertyOptional({ type: Boolean, default: true, description: '在册（false 为已停用）/ Active riders (false: those who left)' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  active?: boolean;
}

/** Staff filter of sync history, with the connection's paging arguments. */
@ArgsType()
export class RosterSyncFilterArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: '平台企业 / Platform enterprise' })
  @IsOptional()
  @IsUUID()
  platformId?: string;

  @Field(() => RosterSyncStatus, { nullable: true, description: '状态 / Status' })
  @IsOptional()
  @IsEnum(RosterSyncStatus)
  status?: RosterSyncStatus;
}
