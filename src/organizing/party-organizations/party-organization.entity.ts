import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Region } from '../../reference/regions/region.entity.js';
import { LedgerEntry } from '../ledger/ledger-entry.entity.js';
import { FormationMode, PartyOrganizationKind } from './party-organization.enums.js';

/**
 * 党组织 A party organisation among new-employment enterprises: its kind, how it was formed, the
 * enterprises it covers (party_organization_enterprise) and its secretary, a ledger member.
 * Member counts are derived from the ledger, never stored.
 */
@Entity('party_organization')
@Check('ck_party_organization_kind', `kind IN ('COMMITTEE', 'GENERAL_BRANCH', 'BRANCH')`)
@Check('ck_party_organization_formation_mode', `formation_mode IN ('STANDALONE', 'INDUSTRY_JOINT', 'DISPATCHED')`)
export class PartyOrganization extends VersionedEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: PartyOrganizationKind;

  @Column({ type: 'varchar', length: 16 })
  formationMode: FormationMode;

  @Index('ix_party_organization_parent_id')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => PartyOrganization, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_party_organization_parent' })
  parent?: Relation<PartyOrganization> | null;

  /** 成立日期 */
  @Column({ type: 'date' })
  establishedOn: string;

  /** 书记 The secretary: a member in the ledger. */
  @Column({ type: 'uuid', nullable: true })
  secretaryEntryId: string | null;

  @ManyToOne(() => LedgerEntry, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'secretary_entry_id', foreignKeyConstraintName: 'fk_party_organization_secretary_entry' })
  secretaryEntry?: Relation<LedgerEntry> | null;

  /** Where it sits: a county or a township; scopes who sees it. */
  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_party_organization_region' })
  region?: Region;

  @Index('ix_party_organization_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  /** 撤销日期 Set when dissolved; a dissolved organisation covers nothing and is not counted. */
  @Column({ type: 'date', nullable: true })
  dissolvedOn: string | null;
}
