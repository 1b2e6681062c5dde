import { SetMetadata } from '@nestjs/common';

export const AUDIT_KEY = 'newforce:audit';

/** How the global AuditInterceptor records a mutation handler. */
export interface AuditOptions {
  /** Entity type written to the entry (`StaffUser`); by default the result's class name, if it has one. */
  entity?: string;
  /** Action name instead of the GraphQL field name or `METHOD /route/pattern`. */
  action?: string;
  /** Write no automatic entry: the service records a richer one itself (login, reveal, roster sync). */
  skip?: boolean;
}

/**
 * Tunes the automatic audit entry every mutation gets (GraphQL `Mutation` fields and REST
 * POST/PUT/PATCH/DELETE): `@Audit({ entity: 'StaffUser' })`, or `@Audit({ skip: true })`.
 */
export const Audit = (options: AuditOptions) => SetMetadata(AUDIT_KEY, options);
