import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * Every table's spine: a uuid key and `created_at`/`updated_at` as timestamptz. Millisecond
 * precision (timestamptz(3)) so a JavaScript Date holds the exact stored value, which keyset
 * cursors on created_at rely on.
 */
export abstract class BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** A record people edit concurrently: `version` makes a stale write fail instead of overwriting. */
export abstract class VersionedEntity extends BaseEntity {
  @VersionColumn({ default: 1 })
  version: number;
}
