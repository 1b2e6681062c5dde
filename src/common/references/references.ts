/** Runs SQL: a DataSource or an EntityManager. */
interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * SQL of one reference as JSON `{id, code, name}` (`RefDto`) from the joined row `alias`, or NULL when
 * a LEFT JOIN found none. `code` is the column that names it, `alias.code` unless the table has another.
 */
export function refJson(alias: string, code = `${alias}.code`): string {
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'code', ${code}, 'name', ${alias}.name) END`;
}

/**
 * The references of some records, in one statement for all of them (a page, or one record): `sql`
 * (the feature's `*.sql.ts`) takes the records' ids as `$1` (uuid[]) and returns each record's `id`
 * with one `refJson` column per reference (`RefDto` or null), named as the response names them.
 */
export async function readReferences<R extends object>(db: Queryable, sql: string, ids: readonly string[]): Promise<Map<string, R>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<({ id: string } & R)[]>(sql, [[...new Set(ids)]]);
  return new Map(rows.map(({ id, ...references }) => [id, references as unknown as R]));
}

/**
 * REST DTOs with what their records reference, named (`{…dto, township: {id, code, name}}`): `load`
 * reads the references of every DTO at once by the records' ids, so a page costs one statement
 * more, never one per row.
 */
export async function withReferences<D extends { id: string }, R extends object>(
  dtos: D[],
  load: (ids: string[]) => Promise<Map<string, R>>,
): Promise<(D & R)[]> {
  if (dtos.length === 0) return [];
  const references = await load(dtos.map((dto) => dto.id));
  // Object.assign keeps what the DTO carries under symbols (a problem's view).
  return dtos.map((dto) => Object.assign(dto, references.get(dto.id)) as D & R);
}
