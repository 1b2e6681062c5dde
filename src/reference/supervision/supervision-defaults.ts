import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DepartmentKind } from '../departments/department-kind.enum.js';
import { Industry } from '../industries/industry.enum.js';
import { SupervisionRule } from './supervision-rule.entity.js';

/**
 * 宁远县 Ningyuan's supervision table (docs/ARCHITECTURE.md §7), seeded into every new county; admins then edit
 * each county's rules as data (other counties often route couriers to POSTAL).
 */
export const DEFAULT_SUPERVISION_RULES: Readonly<Record<Industry, DepartmentKind>> = {
  [Industry.NEW_MEDIA]: DepartmentKind.CYBERSPACE,
  [Industry.ONLINE_SHOP]: DepartmentKind.CYBERSPACE,
  [Industry.LIVE_STREAMING]: DepartmentKind.CYBERSPACE,
  [Industry.FOOD_DELIVERY]: DepartmentKind.MARKET_REGULATION,
  [Industry.FREIGHT_TRUCKING]: DepartmentKind.TRANSPORT,
  [Industry.LOGISTICS]: DepartmentKind.TRANSPORT,
  [Industry.RIDE_HAILING]: DepartmentKind.TRANSPORT,
  [Industry.DOMESTIC_SERVICE]: DepartmentKind.TRADE_UNION,
  [Industry.EXPRESS_COURIER]: DepartmentKind.TRADE_UNION,
  [Industry.OTHER]: DepartmentKind.TOWNSHIP,
};

/** The kind an industry falls back to when a county has no rule for it: the township where the enterprise sits. */
export const FALLBACK_DEPARTMENT_KIND = DepartmentKind.TOWNSHIP;

/** Kinds a rule may route to. OTHER may not: a county can have several OTHER departments. */
export const ROUTABLE_DEPARTMENT_KINDS: readonly DepartmentKind[] = Object.values(DepartmentKind).filter((k) => k !== DepartmentKind.OTHER);

/** The department kind supervising `industry` under a county's rules (TOWNSHIP when no rule names it). */
export function departmentKindFor(industry: Industry, rules: Iterable<Pick<SupervisionRule, 'industry' | 'departmentKind'>>): DepartmentKind {
  for (const rule of rules) if (rule.industry === industry) return rule.departmentKind;
  return FALLBACK_DEPARTMENT_KIND;
}

/**
 * Writes the default table for a county that has no rule for an industry yet (existing rules are
 * kept), inside the caller's transaction.
 */
export async function seedDefaultRules(manager: EntityManager, county: { id: string; code: string }): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(SupervisionRule)
    .values(
      Object.entries(DEFAULT_SUPERVISION_RULES).map(([industry, departmentKind]) => ({
        id: randomUUID(),
        countyId: county.id,
        countyCode: county.code,
        industry: industry as Industry,
        departmentKind,
      })),
    )
    .orIgnore()
    .execute();
}
