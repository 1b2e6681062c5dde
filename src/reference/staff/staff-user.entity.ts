import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Department } from '../departments/department.entity.js';
import { Region } from '../regions/region.entity.js';
import { Role } from '../../access/role.enum.js';

/** A county staff account: one role, a region scope, and for department roles a department. */
@Entity('staff_user')
@Index('uq_staff_user_username', ['username'], { unique: true })
@Check('ck_staff_user_region', `role = 'ADMIN' OR region_id IS NOT NULL`)
export class StaffUser extends VersionedEntity {
  @Column({ type: 'citext' })
  username: string;

  @Column({ type: 'text' })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** The region subtree this user may see; null only for an ADMIN (everywhere). */
  @Column({ type: 'uuid', nullable: true })
  regionId: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_staff_user_region' })
  region?: Region | null;

  /** DEPARTMENT_OFFICER and INSTRUCTOR: the department they belong to. */
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_staff_user_department' })
  department?: Department | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Set for a generated one-time password: every operation but changing it is refused. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** Tokens issued before this instant are refused. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  passwordChangedAt: Date;

  @Column({ type: 'int', default: 0 })
  failedLoginCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  failedLoginWindowStart: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;
}
