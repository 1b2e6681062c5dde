import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** What `readPage` adds to each row: SQL select expressions over the row's alias, and the joins they need. */
export interface PageRelationsSql {
  /** The alias the row's table has in `select` and `joins` (e.g. `i`). */
  alias: string;
  /** Extra select expressions, e.g. `json_build_object(…) AS "categoryRow"`; empty for none. */
  select: string;
  /** Joins the expressions need, e.g. `JOIN issue_category c ON c.id = i.category_id`; empty for none. */
  joins: string;
}

/** The count query TypeORM's getCount() runs for `query`, as a query builder (COUNT(1), or COUNT(DISTINCT id) with joins). */
export function countQueryOf<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  const count = query.clone();
  const expression = (count as unknown as { computeCountExpression(): string }).computeCountExpression();
  return count
    .orderBy()
    .groupBy()
    .offset(undefined)
    .limit(undefined)
    .skip(undefined)
    .take(undefined)
    .select(expression, 'cnt')
    .setOption('disable-global-order');
}

/**
 * One statement for a page, what its relation fields show and the total: the page query (filters,
 * scope, keyset bound, order, limit) picks the ids in order; each row's columns are read by name (every
 * column of the entity, named as its property, without entity building), with `relations.select`
 * beside them and the count of `count` as `__total` on every row (left there: deleting a property
 * turns each row into a slow dictionary object). `total` is null for an empty page (no row to carry
 * it). Each statement a request saves is a round trip and its system calls.
 */
export async function readPage<T extends ObjectLiteral, Row extends object>(
  page: SelectQueryBuilder<T>,
  count: SelectQueryBuilder<T>,
  relations: PageRelationsSql,
): Promise<{ rows: (T & Row)[]; total: number | null }> {
  const metadata = page.expressionMap.mainAlias!.metadata;
  const ids = page.select(`${page.alias}.id`).getQuery();
  const { alias } = relations;
  const columns = metadata.columns
    .map((c) => {
      // Read as TypeORM would hydrate them: a `date` as its 'YYYY-MM-DD' text (pg would make a local-midnight Date).
      if (c.transformer || String(c.type).startsWith('simple-')) throw new Error(`readPage cannot read ${metadata.name}.${c.propertyPath} as TypeORM would`);
      return `${alias}.${c.databaseName}${c.type === 'date' ? '::text' : ''} AS "${c.propertyPath}"`;
    })
    .join(', ');
  const sql = `SELECT ${columns}${relations.select ? `, ${relations.select}` : ''}, (${count.getQuery()})::int AS "__total"
    FROM unnest(ARRAY(${ids})) WITH ORDINALITY AS p(id, n)
    JOIN ${metadata.tablePath} ${alias} ON ${alias}.id = p.id
    ${relations.joins}
    ORDER BY p.n`;
  const [text, parameters] = page.connection.driver.escapeQueryWithParameters(sql, { ...count.getParameters(), ...page.getParameters() });
  const rows = await page.dataSource.query<(T & Row & { __total: number })[]>(text, parameters);
  return { rows, total: rows.length ? rows[0].__total : null };
}
