import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** A problem with one cell (by field or column) or with the whole file. */
export class ImportProblemDto {
  @ApiProperty({ example: 'phone' }) field: string;
  @ApiProperty({ example: 'Phone number must be an 11-digit mainland China mobile number' }) message: string;
}

/** One row of the validation report. */
export class ImportRowReportDto {
  @ApiProperty({ description: '行号 / Line in the file' }) line: number;
  @ApiProperty({ description: '可导入 / Valid' }) valid: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: '姓名（脱敏）/ Name, masked' }) name: string | null;
  @ApiProperty({ type: ImportProblemDto, isArray: true }) errors: ImportProblemDto[];
}

/** Row counts of a validation. */
export class ImportTotalsDto {
  @ApiProperty() rows: number;
  @ApiProperty() valid: number;
  @ApiProperty() rejected: number;
}

/** `POST /ledger/imports`: every row checked; a token only when all are valid. */
export class LedgerImportReportDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: '提交令牌（全部有效时才有）/ Commit token, present only when every row is valid' }) token:
    string | null;
  @ApiPropertyOptional({ type: Date, nullable: true, description: '令牌过期时间 / When the token expires' }) expiresAt: Date | null;
  @ApiProperty({ example: '431126' }) countyCode: string;
  @ApiProperty({ type: ImportTotalsDto }) totals: ImportTotalsDto;
  @ApiProperty({ type: ImportProblemDto, isArray: true, description: '文件级问题（表头）/ Problems with the file itself (header)' })
  fileProblems: ImportProblemDto[];
  @ApiProperty({ type: ImportRowReportDto, isArray: true }) rows: ImportRowReportDto[];
}

/** `POST /ledger/imports/{token}/commit`. */
export class LedgerImportCommitDto {
  @ApiProperty({ format: 'uuid' }) importId: string;
  @ApiProperty({ description: '新增台账条目 / Entries created' }) entriesCreated: number;
  @ApiProperty({ description: '新建劳动者记录 / Worker records created' }) workersCreated: number;
}

/** The token in the commit path. */
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
