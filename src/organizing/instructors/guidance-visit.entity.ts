import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { BaseEntity } from '../../database/base.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';

/** 指导走访 A guidance visit an instructor made to an assigned enterprise. */
@Entity('guidance_visit')
export class GuidanceVisit extends BaseEntity {
  @Index('ix_guidance_visit_instructor_id')
  @Column({ type: 'uuid' })
  instructorId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'instructor_id', foreignKeyConstraintName: 'fk_guidance_visit_instructor' })
  instructor?: Relation<StaffUser>;

  @Index('ix_guidance_visit_enterprise_id')
  @Column({ type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_guidance_visit_enterprise' })
  enterprise?: Relation<Enterprise>;

  @Column({ type: 'date' })
  visitedOn: string;

  @Column({ type: 'text' })
  summary: string;

  /** 后续事项 Things to follow up. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  followUps: string[];

  @Index('ix_guidance_visit_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;
}
