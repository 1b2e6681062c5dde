import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A one-time login code sent to a worker's phone: stored hashed, valid 5 minutes, 5 tries. */
@Entity('worker_login_code')
@Index('ix_worker_login_code_phone', ['phoneIndex', 'createdAt'])
export class WorkerLoginCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /** Blind index of the phone the code was sent to. */
  @Column({ type: 'char', length: 64 })
  phoneIndex: string;

  /** HMAC of the code, bound to the phone. */
  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  requestIp: string | null;
}
