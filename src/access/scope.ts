import { DomainError } from '../common/errors/domain-error.js';
import type { Actor } from './actor.js';
import { Role } from './role.enum.js';

// Region scope, the one rule (docs/ARCHITECTURE.md §4): a caller sees and acts on what lies in the
// subtree of its region (ltree paths, `430000.431100.431126`). A caller without a region sees
// nothing regional, unless its role is global (an ADMIN without a region sees everywhere). Workers
// and platforms have no region: they reach only their own records, through ownership checks in
// the services, never through these helpers.

/** Roles whose accounts may have no region, and then see every region. */
export const GLOBAL_ROLES: readonly Role[] = [Role.ADMIN];

/** A WHERE fragment plus its parameters, ready for `query.andWhere(scope.sql, scope.params)`. */
export interface RegionScopeFilter {
  sql: string;
  params: Record<string, string>;
}

/** Whether ltree `path` lies in the subtree at `scope` (the scope itself included). */
export function pathWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`);
}

/** The caller's region subtree: its path, or `null` (everywhere) for a global role without a region. Anyone else without a region is refused. */
export function scopePathOf(actor: Actor): string | null {
  if (actor.regionPath) return actor.regionPath;
  if (GLOBAL_ROLES.includes(actor.role)) return null;
  throw DomainError.forbidden('Your account has no region scope');
}

/** Whether the caller may see or act on a record placed at region `path`. */
export function inScope(actor: Actor, path: string): boolean {
  if (!actor.regionPath) return GLOBAL_ROLES.includes(actor.role);
  return pathWithin(path, actor.regionPath);
}

/**
 * Whether a region and the caller's subtree overlap: the region lies inside it, or contains it
 * (a township officer asking about the county gets the answer for the township). For questions
 * about a region whose answer the service then limits to the caller's scope.
 */
export function overlapsScope(actor: Actor, path: string): boolean {
  if (!actor.regionPath) return GLOBAL_ROLES.includes(actor.role);
  return pathWithin(path, actor.regionPath) || pathWithin(actor.regionPath, path);
}

/** Throws `refusal()` unless the record at `path` is in the caller's scope (see {@link inScope}). */
export function requireInScope(actor: Actor, path: string, refusal: () => DomainError): void {
  if (!inScope(actor, path)) throw refusal();
}

/**
 * Limits a query to the caller's region subtree: `${pathExpression} <@ :scopePath`, where the
 * expression is an ltree path (a region's `path`, a copy of it, or a COALESCE of two). `TRUE` for a
 * global role without a region; anyone else without a region is refused.
 *
 * Usage: `const scope = scopeFilter(actor, 'township.path'); query.andWhere(scope.sql, scope.params);`
 */
export function scopeFilter(actor: Actor, pathExpression: string): RegionScopeFilter {
  const scopePath = scopePathOf(actor);
  return scopePath === null ? { sql: 'TRUE', params: {} } : { sql: `${pathExpression} <@ :scopePath`, params: { scopePath } };
}

/** {@link scopeFilter} on a joined region (or a table with an ltree copy of one): `${alias}.${column}`. */
export function withinRegion(actor: Actor, alias: string, column = 'path'): RegionScopeFilter {
  return scopeFilter(actor, `${alias}.${column}`);
}

/**
 * With a county (or lower) scope, `${column} = :scopeCountyCode`: every region in such a subtree has the
 * caller's county code, so this adds no rule, but lets the planner read that county's rows by index
 * instead of the province's. `null` for a wider scope (or none).
 */
/** Whether the caller's scope is exactly its county (a path ends with its own code: region.entity.ts). */
function scopeIsItsCounty(actor: Actor): boolean {
  return !!actor.regionPath && !!actor.countyCode && (actor.regionPath === actor.countyCode || actor.regionPath.endsWith(`.${actor.countyCode}`));
}

export function narrowToScopeCounty(actor: Actor, column: string): RegionScopeFilter | null {
  return actor.regionPath && actor.countyCode ? { sql: `${column} = :scopeCountyCode`, params: { scopeCountyCode: actor.countyCode } } : null;
}

/**
 * A WHERE fragment for rows placed at a township, else (`township_id` null) at their county, that lie
 * in the region subtree given as parameter `:${parameter}` — without joining either region (a join
 * would make a page's count COUNT(DISTINCT id)). The same rows as `COALESCE(township.path,
 * county.path) <@ :parameter` over two left joins.
 */
export function placedWithin(alias: string, parameter: string): string {
  return `(${alias}.township_id IN (SELECT r.id FROM region r WHERE r.path <@ :${parameter})
    OR (${alias}.township_id IS NULL AND ${alias}.county_code IN (SELECT r.code FROM region r WHERE r.path <@ :${parameter})))`;
}

/**
 * The caller's region subtree for rows placed at a township else at their county ({@link placedWithin}),
 * narrowed to the caller's county when it has one ({@link narrowToScopeCounty}), and only that when the
 * scope is the county itself (every row of the county lies in it: the county officer's common case,
 * read from one index). `TRUE` for a global role without a region; anyone else without a region is refused.
 */
export function placedInScope(actor: Actor, alias: string): RegionScopeFilter {
  const scopePath = scopePathOf(actor);
  if (scopePath === null) return { sql: 'TRUE', params: {} };
  const county = narrowToScopeCounty(actor, `${alias}.county_code`);
  if (county && scopeIsItsCounty(actor)) return county;
  return {
    sql: `${placedWithin(alias, 'scopePath')}${county ? ` AND ${county.sql}` : ''}`,
    params: { scopePath, ...county?.params },
  };
}

/**
 * The caller's region subtree for rows placed at one region (`${alias}.${column}`, a township by
 * default) as a subquery, not a join (a join would make a page's count COUNT(DISTINCT id)), narrowed
 * to the caller's county when it has one ({@link narrowToScopeCounty}; the table has `county_code`),
 * and only that when the scope is the county itself (the planner then estimates the rows rightly and
 * walks a `(county_code, …)` index in page order instead of sorting the county's rows).
 */
export function placedAtInScope(actor: Actor, alias: string, column = 'township_id'): RegionScopeFilter {
  const scope = withinRegion(actor, 'r');
  const county = narrowToScopeCounty(actor, `${alias}.county_code`);
  if (county && scopeIsItsCounty(actor)) return county;
  return {
    sql: `${alias}.${column} IN (SELECT r.id FROM region r WHERE ${scope.sql})${county ? ` AND ${county.sql}` : ''}`,
    params: { ...scope.params, ...county?.params },
  };
}
