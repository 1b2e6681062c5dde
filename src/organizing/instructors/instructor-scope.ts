import type { Actor } from '../../access/actor.js';

/**
 * An instructor's scope: rows whose enterprise (`enterpriseIdColumn`) has an active assignment to
 * them. Usage: `const scope = assignedToInstructor(actor, 'enterprise.id'); query.where(scope.sql, scope.params);`
 */
export function assignedToInstructor(actor: Actor, enterpriseIdColumn: string): { sql: string; params: Record<string, string> } {
  return {
    sql: `EXISTS (SELECT 1 FROM instructor_assignment scope_a WHERE scope_a.enterprise_id = ${enterpriseIdColumn} AND scope_a.instructor_id = :scopeInstructorId AND scope_a.ended_on IS NULL)`,
    params: { scopeInstructorId: actor.id },
  };
}
