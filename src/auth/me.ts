import type { Actor } from '../access/actor.js';
import type { MeDto } from './dto/auth.dto.js';

/** The caller as `me` shows it. */
export function toMe(actor: Actor & { mustChangePassword?: boolean }): MeDto {
  return {
    kind: actor.kind,
    id: actor.id,
    role: actor.role,
    label: actor.label,
    regionPath: actor.regionPath ?? null,
    departmentId: actor.departmentId ?? null,
    workerId: actor.workerId ?? null,
    enterpriseId: actor.enterpriseId ?? null,
    mustChangePassword: actor.mustChangePassword ?? false,
  };
}
