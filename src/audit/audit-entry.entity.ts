import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../access/role.enum.js';
import { AuditChangesScalar } from './audit-changes.scalar.js';
import { labelledEnum } from '../common/labels/labels.js';
import { ApiField } from '../common/fields/api-field.js';

/** Who acted: a staff user, a worker, a platform API key, nobody signed in, or the system itself (jobs, start-up). */
export enum AuditActorKind {
  STAFF = 'STAFF',
  WORKER = 'WORKER',
  PLATFORM = 'PLATFORM',
  ANONYMOUS = 'ANONYMOUS',
  SYSTEM = 'SYSTEM',
}

/** Whether the audited operation succeeded. */
export enum AuditOutcome {
  SUCCESS = 'SUCCESS',
  FAILURE = 'FAILURE',
}

registerEnumType(AuditActorKind, labelledEnum(AuditActorKind, 'AuditActorKind'));

registerEnumType(AuditOutcome, labelledEnum(AuditOutcome, 'AuditOutcome'));

/**
 * 审计日志 One audit log entry: who did what to which record, when, from where, with which
 * (masked) input. Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@ObjectType({ description: '审计日志条目 / Audit log entry (append-only)' })
@Entity('audit_entry')
@Index('idx_audit_entry_actor_at', ['actorId', 'at'])
@Index('idx_audit_entry_entity_at', ['entityType', 'entityId', 'at'])
@Index('idx_audit_entry_action_at', ['action', 'at'])
@Index('idx_audit_entry_at', ['at'])
@Check('chk_audit_entry_actor_kind', `actor_kind IN ('STAFF', 'WORKER', 'PLATFORM', 'ANONYMOUS', 'SYSTEM')`)
@Check('chk_audit_entry_outcome', `outcome IN ('SUCCESS', 'FAILURE')`)
export class AuditEntry {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_audit_entry' })
  id: string;

  // Millisecond precision, so keyset cursors (which carry JavaScript dates) compare exactly.
  @ApiField(() => GraphQLISODateTime, { description: '发生时间 / When it happened', openapi: { type: String, format: 'date-time' } })
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;

  @ApiField(() => AuditActorKind, { description: '操作者类型 / Kind of actor', openapi: { enum: AuditActorKind, enumName: 'AuditActorKind' } })
  @Column({ type: 'varchar', length: 16 })
  actorKind: AuditActorKind;

  @ApiField(() => ID, {
    nullable: true,
    description: '操作者 ID（工作人员、劳动者或 API 密钥） / Staff user, worker or API key id',
    openapi: { description: '操作者 ID / Staff user, worker or API key id', format: 'uuid', type: String },
  })
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ApiField({ description: '操作者（用户名、密钥名或脱敏手机号） / Username, key name or masked phone' })
  @Column({ type: 'varchar', length: 200 })
  actorLabel: string;

  @ApiField(() => Role, { nullable: true, description: '操作者角色 / Actor role', openapi: { enum: Role, enumName: 'Role' } })
  @Column({ type: 'varchar', length: 32, nullable: true })
  role: Role | null;

  @ApiField({ description: '操作（如 createStaffUser、auth.login 或 REST 路由）/ Action: a GraphQL operation, auth.login or a REST route' })
  @Column({ type: 'varchar', length: 200 })
  action: string;

  @ApiField(() => AuditOutcome, { description: '结果 / Outcome', openapi: { enum: AuditOutcome, enumName: 'AuditOutcome' } })
  @Column({ type: 'varchar', length: 16 })
  outcome: AuditOutcome;

  @ApiField(() => String, { nullable: true, description: '对象类型 / Entity type', openapi: { type: String } })
  @Column({ type: 'varchar', length: 100, nullable: true })
  entityType: string | null;

  @ApiField(() => String, { nullable: true, description: '对象 ID / Entity id', openapi: { type: String } })
  @Column({ type: 'varchar', length: 100, nullable: true })
  entityId: string | null;

  // Kept apart: an open object's OpenAPI `required` is a list of keys, so ApiField's shared options do not fit it.
  @Field(() => AuditChangesScalar, { nullable: true, description: '变更字段（个人信息已脱敏） / Changed fields, personal data masked' })
  @ApiPropertyOptional({
    description: '变更字段（个人信息已脱敏） / Changed fields, personal data masked',
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, unknown> | null;

  @ApiField(() => String, {
    nullable: true,
    description: '理由（如查看完整个人信息） / Reason given (e.g. for revealing personal data)',
    openapi: { description: '理由 / Reason given (e.g. for revealing personal data)', type: String },
  })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @ApiField(() => String, { nullable: true, description: '请求 ID / Request id (X-Request-Id)', openapi: { type: String } })
  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @ApiField(() => String, { nullable: true, description: 'IP 地址 / Client IP address', openapi: { type: String } })
  @Column({ type: 'inet', nullable: true })
  ip: string | null;

  @ApiField(() => String, { nullable: true, description: '县级区划代码 / County code (6 digits)', openapi: { type: String } })
  @Column({ type: 'varchar', length: 6, nullable: true })
  countyCode: string | null;

  @ApiProperty({ description: '写入时间 / When the entry was stored', type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
