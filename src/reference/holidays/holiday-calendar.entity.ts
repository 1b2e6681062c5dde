import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * 节假日安排 One year of the State Council's holiday schedule, as imported: a year present here is
 * known (its listed days override the weekday rule); a year absent is a visible warning wherever a
 * working-day deadline reaches into it.
 */
@Entity('holiday_calendar_year')
export class HolidayCalendarYear {
  @PrimaryColumn({ type: 'smallint' })
  year: number;

  /** Where the schedule came from: `国办发明电〔2024〕12号`. */
  @Column({ type: 'varchar', length: 200 })
  source: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  importedAt: Date;
}

/** One listed day: a public holiday (`working = false`) or a make-up working day (调休上班, `working = true`). */
@Entity('holiday_calendar_day')
@Check('ck_holiday_calendar_day_year', 'extract(year FROM date) = year')
export class HolidayCalendarDay {
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Index('ix_holiday_calendar_day_year')
  @Column({ type: 'smallint' })
  year: number;

  @ManyToOne(() => HolidayCalendarYear, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'year', foreignKeyConstraintName: 'fk_holiday_calendar_day_year' })
  calendarYear?: HolidayCalendarYear;

  @Column({ type: 'boolean' })
  working: boolean;

  /** The holiday it belongs to: `国庆节、中秋节`. */
  @Column({ type: 'varchar', length: 50 })
  name: string;
}
