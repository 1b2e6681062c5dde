import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** A problem with one cell (by field or column) or with the whole file. */
export class ImportProblemDto {
  @ApiProperty({ description: '出错字段 / Field at fault', example: 'phone' }) field: string;
  @ApiProperty({ description: '原因 / What is wrong', example: 'Phone number must be an 11-digit mainland China mobile number' }) message: string;
}

/** One row of the validation report. */
export class ImportRowReportDto {
  @ApiProperty({ description: '行号 / Line in the file' }) line: number;
  @ApiProperty({ description: '可导入 / Valid' }) valid: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: '姓名（脱敏）/ Name, masked' }) name: string | null;
  @ApiProperty({ description: '该行的全部问题 / Every problem of the row', type: ImportProblemDto, isArray: true }) errors: ImportProblemDto[];
}

/** Row counts of a validation. */
export class ImportTotalsDto {
  @ApiProperty({ description: '总行数 / Rows read' }) rows: number;
  @ApiProperty({ description: '有效行数 / Rows valid' }) valid: number;
  @ApiProperty({ description: '拒收行数 / Rows rejected' }) rejected: number;
}

/** `POST /ledger/imports`: every row checked; a token only when all are valid. */
export class LedgerImportReportDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: '提交令牌（全部有效时才有）/ Commit token, present only when every row is valid' }) token:
    string | null;
  @ApiPropertyOptional({ type: Date, nullable: true, description: '令牌过期时间 / When the token expires' }) expiresAt: Date | null;
  @ApiProperty({ description: '县代码 / County code', example: '431126' }) countyCode: string;
  @ApiProperty({ description: '各类行数 / Counts by outcome', type: ImportTotalsDto }) totals: ImportTotalsDto;
  @ApiProperty({ type: ImportProblemDto, isArray: true, description: '文件级问题（表头）/ Problems with the file itself (header)' })
  fileProblems: ImportProblemDto[];
  @ApiProperty({ description: '逐行结果 / Outcome of each row', type: ImportRowReportDto, isArray: true }) rows: ImportRowReportDto[];
}

/** `POST /ledger/imports/commit`. */
export class LedgerImportCommitDto {
  @ApiProperty({ description: '预检编号（预检返回）/ The import id the dry run returned', format: 'uuid' }) importId: string;
  @ApiProperty({ description: '新增台账条目 / Entries created' }) entriesCreated: number;
  @ApiProperty({ description: '新建劳动者记录 / Worker records created' }) workersCreated: number;
}

/** Body of step 2 of an import: the report's token (in the body, never in the URL, where logs and proxies keep it). */
export class ImportCommitBody {
  @ApiProperty({
    format: 'uuid',
    maxLength: 36,
    description: '第一步校验报告返回的令牌 / The token the validation report (step 1) returned',
    example: '0b6f1c3e-8d2a-4f6b-9c1d-2e3f4a5b6c7d',
  })
  @IsString()
  @MaxLength(36)
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'must be a token returned by the import report' })
  token: string;
}
