import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../access/access.decorators.js';
import { Permission } from '../access/permission.enum.js';
import { AuditService } from './audit.service.js';
import { AuditEntriesQuery } from './dto/audit-entry-filter.dto.js';
import { AuditEntryPage } from './dto/audit-entry-page.dto.js';

/** REST reading of the audit log. */
@ApiTags('audit')
@ApiBearerAuth('bearer')
@Controller('audit-entries')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission(Permission.AUDIT_READ)
  @ApiOperation({ summary: '查询审计日志（最新在前） / Search the audit log, newest first' })
  @ApiOkResponse({ type: AuditEntryPage })
  list(@Query() query: AuditEntriesQuery): Promise<AuditEntryPage> {
    return this.audit.page(query, query);
  }
}
