// The SQL of merging worker records (WorkersService.merge) that is not a query builder.

/** Every single-column foreign key onto worker(id), from the catalogue: table_name, column_name, in that order. No parameters. */
export const WORKER_REFERENCES_SQL = `SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'f' AND c.confrelid = 'worker'::regclass AND cardinality(c.conkey) = 1
       ORDER BY 1, 2`;

/** Points one referencing column (as WORKER_REFERENCES_SQL names it) from worker $2 to worker $1. */
export const moveReferenceSql = (table: string, column: string): string => `UPDATE ${table} SET "${column}" = $1 WHERE "${column}" = $2`;
