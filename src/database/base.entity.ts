import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Every table's spine: a uuid key and `created_at`/`updated_at` as timestamptz. */
export abstract class BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A record people edit concurrently: `version` makes a stale write fail instead of overwriting. */
export abstract class VersionedEntity extends BaseEntity {
  @VersionColumn({ default: 1 })
  version: number;
}
