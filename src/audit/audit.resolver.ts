import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../access/access.decorators.js';
import { Permission } from '../access/permission.enum.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditService } from './audit.service.js';
import { AuditEntriesArgs } from './dto/audit-entry-filter.dto.js';
import { AuditEntryConnection } from './dto/audit-entry-page.dto.js';

/** GraphQL reading of the audit log. */
@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnection, { description: '审计日志（最新在前） / Audit log entries, newest first' })
  @RequirePermission(Permission.AUDIT_READ)
  auditEntries(@Args() args: AuditEntriesArgs) {
    return this.audit.connection(args, args);
  }
}
