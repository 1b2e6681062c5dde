import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Region } from '../../reference/regions/region.entity.js';
import { Worker } from '../../workers/worker.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { PartyOrganization } from '../party-organizations/party-organization.entity.js';
import { DiscoveryChannel, FlowStatus, Membership, Verification } from './ledger.enums.js';

/**
 * 五个清台账 One party member among the workers: membership, where the membership relation sits,
 * flow status, the organisation they are attached to, how they were found and whether an officer
 * verified it. The whole row is personal data about the worker (party membership is sensitive):
 * only LEDGER_READ sees it, and the worker's fields only masked. One entry per worker.
 */
@Entity('ledger_entry')
@Index('uq_ledger_entry_worker', ['workerId'], { unique: true })
@Check('ck_ledger_entry_membership', `membership IN ('FULL', 'PROBATIONARY')`)
@Check('ck_ledger_entry_flow_status', `flow_status IN ('LOCAL', 'INFLOW', 'OUTFLOW')`)
@Check('ck_ledger_entry_channel', `channel IN ('DOOR_VISIT', 'QUESTIONNAIRE', 'PHONE', 'ROSTER_MATCH', 'SELF_REPORT')`)
@Check('ck_ledger_entry_verification', `verification IN ('UNVERIFIED', 'VERIFIED', 'REJECTED')`)
export class LedgerEntry extends VersionedEntity {
  @Index('ix_ledger_entry_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_ledger_entry_worker' })
  worker?: Relation<Worker>;

  /** The enterprise the member works for (所在企业), so an enterprise's full members are countable. */
  @Index('ix_ledger_entry_enterprise_id')
  @Column({ type: 'uuid', nullable: true })
  enterpriseId: string | null;

  @ManyToOne(() => Enterprise, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_ledger_entry_enterprise' })
  enterprise?: Relation<Enterprise> | null;

  /** Township where the member works, when known; narrows who sees the entry below county level. */
  @Column({ type: 'uuid', nullable: true })
  townshipId: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'township_id', foreignKeyConstraintName: 'fk_ledger_entry_township' })
  township?: Region | null;

  @Column({ type: 'varchar', length: 12 })
  membership: Membership;

  /** 入党时间 */
  @Column({ type: 'date', nullable: true })
  joinedOn: string | null;

  /** 组织关系所在党组织 The organisation holding the membership relation. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  relationOrganizationName: string | null;

  /** 组织关系所在地 Where that organisation is. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  relationRegionName: string | null;

  @Column({ type: 'varchar', length: 8, default: FlowStatus.LOCAL })
  flowStatus: FlowStatus;

  /** The new-employment organisation the member is attached to (所在党组织), if any. */
  @Index('ix_ledger_entry_attached_organization_id')
  @Column({ type: 'uuid', nullable: true })
  attachedOrganizationId: string | null;

  @ManyToOne(() => PartyOrganization, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'attached_organization_id', foreignKeyConstraintName: 'fk_ledger_entry_attached_organization' })
  attachedOrganization?: Relation<PartyOrganization> | null;

  @Column({ type: 'varchar', length: 16 })
  channel: DiscoveryChannel;

  @Column({ type: 'varchar', length: 10, default: Verification.UNVERIFIED })
  verification: Verification;

  @Column({ type: 'uuid', nullable: true })
  verifiedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  verificationNote: string | null;
}
