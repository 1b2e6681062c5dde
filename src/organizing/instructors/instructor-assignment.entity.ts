import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { BaseEntity } from '../../database/base.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';

/** 党建指导员选派 An instructor assigned to an enterprise; one active (not ended) assignment per enterprise. */
@Entity('instructor_assignment')
@Index('uq_instructor_assignment_active_enterprise', ['enterpriseId'], { unique: true, where: 'ended_on IS NULL' })
export class InstructorAssignment extends BaseEntity {
  @Index('ix_instructor_assignment_instructor_id')
  @Column({ type: 'uuid' })
  instructorId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'instructor_id', foreignKeyConstraintName: 'fk_instructor_assignment_instructor' })
  instructor?: Relation<StaffUser>;

  @Index('ix_instructor_assignment_enterprise_id')
  @Column({ type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_instructor_assignment_enterprise' })
  enterprise?: Relation<Enterprise>;

  @Column({ type: 'date' })
  startedOn: string;

  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  @Index('ix_instructor_assignment_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'uuid', nullable: true })
  assignedById: string | null;
}
