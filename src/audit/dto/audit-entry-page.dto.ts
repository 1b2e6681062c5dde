import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/pagination/connection.types.js';
import { CursorPage } from '../../common/pagination/cursor-page.js';
import { AuditEntry } from '../audit-entry.entity.js';

/** Relay connection of audit entries, newest first. */
@ObjectType({ description: '审计日志分页 / Audit entries, newest first' })
export class AuditEntryConnection extends Connection(AuditEntry) {}

/** REST page of audit entries, newest first. */
export class AuditEntryPage extends CursorPage(AuditEntry) {}
