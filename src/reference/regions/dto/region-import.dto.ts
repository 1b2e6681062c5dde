import { Int, ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { ImportOutcome } from '../region-import.js';
import { ApiField } from '../../../common/fields/api-field.js';

/** What the import did (or, on a dry run or after a rejection, would do) with one line. */
@ObjectType('RegionImportRow', { description: '导入行结果 / Outcome of one line of a region import' })
export class RegionImportRowDto {
  @ApiField(() => Int, { description: '文件行号（表头为第 1 行） / Line number in the file (the header is line 1)', example: 2 })
  line: number;

  @ApiField({ description: '区划代码 / Region code as given', example: '431126001' })
  code: string;

  @ApiField(() => ImportOutcome, { description: '结果 / Outcome', openapi: { enum: ImportOutcome, enumName: 'ImportOutcome' } })
  outcome: ImportOutcome;

  @ApiField(() => String, { nullable: true, description: '拒绝原因 / Why the line was rejected', example: 'unknown parent 431127' })
  reason?: string;
}

/** Rows per outcome. */
@ObjectType('RegionImportTotals', { description: '导入统计 / Rows per outcome' })
export class RegionImportTotalsDto {
  @ApiField(() => Int, { description: '新增条数 / Rows that created a region' })
  created: number;
  @ApiField(() => Int, { description: '更新条数 / Rows that changed a region' })
  updated: number;
  @ApiField(() => Int, { description: '无变化条数 / Rows already up to date' })
  unchanged: number;
  @ApiField(() => Int, { description: '拒收条数 / Rows rejected' })
  rejected: number;
}

/** The per-row report of a region import; `written` says whether anything was stored. */
@ObjectType('RegionImportReport', { description: '行政区划导入报告 / Region import report' })
export class RegionImportReportDto {
  @ApiField({ description: '是否试运行 / Whether this was a dry run' })
  dryRun: boolean;

  @ApiField({ description: '是否已写入（有任何一行被拒绝则全部不写入） / Whether the changes were stored (nothing is when any line is rejected)' })
  written: boolean;

  @ApiField({ description: '说明 / Summary', example: 'Nothing was written: 2 rows were rejected' })
  message: string;

  @ApiField(() => RegionImportTotalsDto, { description: '各类条数 / Counts by outcome', openapi: { type: RegionImportTotalsDto } })
  totals: RegionImportTotalsDto;

  @ApiField(() => [RegionImportRowDto], { description: '逐行结果 / Outcome of each row', openapi: { type: RegionImportRowDto, isArray: true } })
  rows: RegionImportRowDto[];
}

/** `POST /regions/import?dryRun=true|false` (default false). */
export class RegionImportQuery {
  @ApiPropertyOptional({ description: '只校验并报告，不写入 / Only validate and report, write nothing', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}
