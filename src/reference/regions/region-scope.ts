import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { DomainError } from '../../common/errors/domain-error.js';

/** A WHERE fragment plus its parameters, ready for `query.andWhere(scope.sql, scope.params)`. */
export interface RegionScopeFilter {
  sql: string;
  params: Record<string, string>;
}

/**
 * Limits a query to the caller's region subtree: `${alias}.${column} <@ :scopePath`, where the
 * column is an ltree path (a region's `path`, or a copy of it on another table). An ADMIN
 * without a region sees everywhere (`TRUE`); any other caller without a region sees nothing
 * region-scoped and is refused, so a missing scope never widens access.
 *
 * Usage: `const scope = withinRegion(actor, 'region'); query.andWhere(scope.sql, scope.params);`
 */
export function withinRegion(actor: Actor, alias: string, column = 'path'): RegionScopeFilter {
  if (actor.regionPath) return { sql: `${alias}.${column} <@ :scopePath`, params: { scopePath: actor.regionPath } };
  if (actor.role === Role.ADMIN) return { sql: 'TRUE', params: {} };
  throw DomainError.forbidden('Your account has no region scope');
}
