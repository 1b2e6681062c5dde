import { createHash } from 'node:crypto';
import pg from 'pg';

/** How many named statements one connection keeps; statements past that go unnamed (planned each time). */
export const NAMED_STATEMENTS_PER_CONNECTION = 200;

const READ = /^\s*(?:SELECT|WITH)\b/i;

/**
 * The name a statement is prepared under on a connection, or undefined for one sent unnamed. Reads
 * with parameters are named by a hash of their text: the same query shape (TypeORM and the hand-written
 * SQL put every value in a parameter) is then parsed once per connection and, once PostgreSQL settles on
 * a generic plan (after five runs, when it is no worse than the custom ones), no longer planned at all.
 * Statements without parameters stay on the simple protocol (they may hold several commands), and writes
 * stay unnamed (none is hot enough to matter, and migrations change the tables they touch).
 */
export function statementName(text: string, values: readonly unknown[] | undefined): string | undefined {
  if (!values || values.length === 0 || !READ.test(text)) return undefined;
  return `nf_${createHash('sha1').update(text).digest('base64url')}`;
}

type QueryArgs = [config: unknown, values?: unknown, callback?: unknown];

/**
 * pg's Client, sending reads as named statements (`statementName`). pg keeps track of what each
 * connection has prepared and sends the text only the first time; a connection prepares at most
 * NAMED_STATEMENTS_PER_CONNECTION names and then sends new shapes unnamed, so it never has to
 * deallocate one (which would race with statements queued behind it). The pool closes idle
 * connections, and their prepared statements with them. Given to the pool as `extra.Client`.
 */
export class NamedStatementClient extends pg.Client {
  private readonly named = new Set<string>();

  // pg's query() is overloaded on its arguments; only (text, values[, callback]) calls are rewritten.
  override query(...args: QueryArgs): never {
    const [config, values, callback] = args;
    if (typeof config === 'string' && Array.isArray(values)) {
      const name = statementName(config, values);
      if (name && (this.named.has(name) || this.named.size < NAMED_STATEMENTS_PER_CONNECTION)) {
        this.named.add(name);
        return (super.query as (...a: unknown[]) => never)({ name, text: config, values }, callback);
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
