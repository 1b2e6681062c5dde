import { Entity, Column, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { PartyOrganization } from './party-organization.entity.js';

/** 覆盖 An enterprise a party organisation covers; an enterprise is covered by at most one organisation. */
@Entity('party_organization_enterprise')
@Index('uq_party_organization_enterprise_enterprise', ['enterpriseId'], { unique: true })
export class PartyOrganizationEnterprise extends BaseEntity {
  @Index('ix_party_organization_enterprise_organization_id')
  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => PartyOrganization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_party_organization_enterprise_organization' })
  organization?: Relation<PartyOrganization>;

  @Column({ type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_party_organization_enterprise_enterprise' })
  enterprise?: Relation<Enterprise>;
}
