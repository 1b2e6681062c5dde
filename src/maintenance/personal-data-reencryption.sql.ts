// The SQL of re-encrypting personal data (PersonalDataReencryptionService). `table` and `columns` are
// always a table of ENCRYPTED_COLUMNS and its ciphertext columns (each table keyed by a uuid `id`);
// $1 is the current format-and-key prefix wherever a value is judged current.

// SQL: some column of the row holds a value that is not in the current format under the current key ($1).
function notCurrent(columns: readonly string[]): string {
  return columns.map((c) => `NOT starts_with(${c}, $1)`).join(' OR ');
}

/** Whether any row of the table holds a value that is not current, as `found`. $1: the current prefix. */
export const anyNotCurrentSql = (table: string, columns: readonly string[]): string =>
  `SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${notCurrent(columns)}) AS found`;

/** The last id of the next window of rows in id order: $1 rows, after id $2 when `after`. */
export const windowEndSql = (table: string, after: boolean): string =>
  `SELECT id FROM (SELECT id FROM ${table} ${after ? 'WHERE id > $2' : ''} ORDER BY id LIMIT $1) w ORDER BY id DESC LIMIT 1`;

/** How many values of the table are not current, as `n`. $1: the current prefix. */
export const countNotCurrentSql = (table: string, columns: readonly string[]): string =>
  `SELECT (${columns.map((c) => `count(*) FILTER (WHERE NOT starts_with(${c}, $1))`).join(' + ')})::int AS n FROM ${table}`;

/**
 * The rows of one window (up to id $2, after id $3 when `after`) holding a value that is not current
 * ($1 the prefix), with their columns, locked; rows another transaction holds are skipped.
 */
export const lockNotCurrentSql = (table: string, columns: readonly string[], after: boolean): string =>
  `SELECT id, ${columns.join(', ')} FROM ${table}
       WHERE id <= $2 ${after ? 'AND id > $3' : ''} AND (${notCurrent(columns)})
       FOR UPDATE SKIP LOCKED`;

/** Writes new values of the columns by id: $1 ids, then one text array per column, in `columns` order. */
export const rewriteSql = (table: string, columns: readonly string[]): string =>
  `UPDATE ${table} t SET ${columns.map((c) => `${c} = v.${c}`).join(', ')}
         FROM unnest($1::uuid[], ${columns.map((_, c) => `$${c + 2}::text[]`).join(', ')}) AS v(id, ${columns.join(', ')})
         WHERE t.id = v.id`;
