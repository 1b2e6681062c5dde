import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import ts from 'typescript';

// Hand-written SQL that reads or writes tables lives in the feature's `*.sql.ts` beside its service
// (docs/ARCHITECTURE.md §3), not in the service. Services keep TypeORM query builders and one-line
// session statements (`SET LOCAL …`, `SELECT pg_advisory_xact_lock(…)`).

/**
 * A literal that is a statement reading or writing a table. A condition handed to a query builder
 * (`.where('EXISTS (SELECT 1 FROM …)')`) starts with something else and stays with its builder.
 */
const TABLE_STATEMENT = [
  /^\s*SELECT\b[\s\S]*\bFROM\b/,
  /^\s*INSERT\s+INTO\b/,
  /^\s*UPDATE\s+[\w."]+[\s\S]*\bSET\b/,
  /^\s*DELETE\s+FROM\b/,
  /^\s*WITH\s+(?:RECURSIVE\s+)?\w+(?:\s*\([^)]*\))?\s+AS\b/,
];

const services = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? services(join(dir, entry.name)) : entry.name.endsWith('.service.ts') ? [join(dir, entry.name)] : [],
  );

/** The text of every string and template literal in a file (a template's literal parts joined by `_`, standing for what it interpolates), with its line. */
function literals(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('_');
    if (text !== undefined) found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL lives in *.sql.ts beside its service', () => {
  const all = services('src').map((file) => file.split(sep).join('/'));

  it('finds no table statement written in a service', () => {
    const offenders = all
      .flatMap((file) => literals(file).map((literal) => ({ file, ...literal })))
      .filter(({ text }) => TABLE_STATEMENT.some((pattern) => pattern.test(text)))
      .map(({ file, line, text }) => `${file}:${line}: ${text.replace(/\s+/g, ' ').trim().slice(0, 80)}`);
    expect(offenders).toEqual([]);
  });

  it('finds the services it checks (an empty scan would pass vacuously)', () => {
    expect(all.length).toBeGreaterThan(20);
    for (const file of ['src/open311/open311.service.ts', 'src/governance/issues/issues.service.ts', 'src/roster/roster-sync.service.ts'])
      expect(all).toContain(file);
  });

  it('recognises a table statement and lets a session statement through', () => {
    const isTable = (text: string): boolean => TABLE_STATEMENT.some((pattern) => pattern.test(text));
    expect(isTable('SELECT id FROM worker WHERE id = $1')).toBe(true);
    expect(isTable('INSERT INTO audit_log (id) VALUES ($1)')).toBe(true);
    expect(isTable('UPDATE station SET status = $2 WHERE id = $1')).toBe(true);
    expect(isTable('DELETE FROM roster_stage WHERE sync_id = $1')).toBe(true);
    expect(isTable('WITH moved AS (SELECT 1) SELECT * FROM moved')).toBe(true);
    expect(isTable('\n  WITH RECURSIVE up(id, parent_id) AS (SELECT 1) SELECT id FROM up')).toBe(true);
    expect(isTable("SET LOCAL statement_timeout = '10s'")).toBe(false);
    expect(isTable('EXISTS (SELECT 1 FROM ledger_item li WHERE li.id = entry.item_id)')).toBe(false);
    expect(isTable('SELECT pg_advisory_xact_lock($1)')).toBe(false);
  });
});
