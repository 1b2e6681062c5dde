import { refJson } from '../../common/references/references.js';

// A department has no code of its own. Its nearest stable identifier is its natural key, the region
// it belongs to and its kind (unique per region except OTHER): a reference names it as
// `431126:TRANSPORT`, or `431126001:TOWNSHIP` for a township's office.

/** SQL joins for a department reference: the department `alias` by `idColumn` (LEFT: it may be missing) and its region. */
export const departmentRefJoins = (alias: string, idColumn: string): string =>
  `LEFT JOIN department ${alias} ON ${alias}.id = ${idColumn} LEFT JOIN region ${alias}_region ON ${alias}_region.id = ${alias}.region_id`;

/** SQL of the department `alias` (joined by `departmentRefJoins`) as a reference `{id, code: 'regionCode:KIND', name}`. */
export const departmentRefJson = (alias: string): string => refJson(alias, `${alias}_region.code || ':' || ${alias}.kind`);
