import { AbstractLogger, type LogLevel, type LogMessage } from 'typeorm';

/**
 * A TypeORM logger that counts SQL statements, for tests that prove "no N+1" and for the GraphQL
 * benchmark's statements-per-request figure. Pass it as `queryLogger` to createApp.
 */
export class QueryCounter extends AbstractLogger {
  count = 0;
  statements: string[] = [];
  /** The parameters each statement was sent with, in the same order as `statements`. */
  parameters: unknown[][] = [];
  private recording = false;

  // AbstractLogger only passes on the levels it was constructed with; without this it counted nothing.
  constructor() {
    super(['query']);
  }

  protected override writeLog(level: LogLevel, message: LogMessage | LogMessage[]): void {
    if (level !== 'query' || !this.recording) return;
    for (const m of Array.isArray(message) ? message : [message]) {
      this.count += 1;
      this.statements.push(String(m.message));
      this.parameters.push(Array.isArray(m.parameters) ? m.parameters : []);
    }
  }

  /** Runs `work` and returns how many statements it sent (and which, with their parameters). */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; count: number; statements: string[]; parameters: unknown[][] }> {
    this.count = 0;
    this.statements = [];
    this.parameters = [];
    this.recording = true;
    try {
      const result = await work();
      return { result, count: this.count, statements: [...this.statements], parameters: [...this.parameters] };
    } finally {
      this.recording = false;
    }
  }
}
