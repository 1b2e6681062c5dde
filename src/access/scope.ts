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
