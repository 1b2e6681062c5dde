import { DepartmentKind } from '../departments/department-kind.enum.js';
import { Industry } from '../industries/industry.enum.js';
import { DEFAULT_SUPERVISION_RULES, departmentKindFor } from './supervision-defaults.js';

const asRules = (table: Partial<Record<Industry, DepartmentKind>>) =>
  Object.entries(table).map(([industry, departmentKind]) => ({ industry: industry as Industry, departmentKind: departmentKind! }));

describe('supervision routing (主管单位)', () => {
  it.each([
    [Industry.NEW_MEDIA, DepartmentKind.CYBERSPACE],
    [Industry.ONLINE_SHOP, DepartmentKind.CYBERSPACE],
    [Industry.LIVE_STREAMING, DepartmentKind.CYBERSPACE],
    [Industry.FOOD_DELIVERY, DepartmentKind.MARKET_REGULATION],
    [Industry.FREIGHT_TRUCKING, DepartmentKind.TRANSPORT],
    [Industry.LOGISTICS, DepartmentKind.TRANSPORT],
    [Industry.RIDE_HAILING, DepartmentKind.TRANSPORT],
    [Industry.DOMESTIC_SERVICE, DepartmentKind.TRADE_UNION],
    [Industry.EXPRESS_COURIER, DepartmentKind.TRADE_UNION],
    [Industry.OTHER, DepartmentKind.TOWNSHIP],
  ])("routes %s to %s under Ningyuan's defaults", (industry, kind) => {
    expect(departmentKindFor(industry, asRules(DEFAULT_SUPERVISION_RULES))).toBe(kind);
  });

  it('covers every industry in the default table', () => {
    expect(Object.keys(DEFAULT_SUPERVISION_RULES).sort()).toEqual(Object.values(Industry).sort());
  });

  it("follows a county's own rule where it differs from the defaults", () => {
    const rules = asRules({ ...DEFAULT_SUPERVISION_RULES, [Industry.EXPRESS_COURIER]: DepartmentKind.POSTAL });
    expect(departmentKindFor(Industry.EXPRESS_COURIER, rules)).toBe(DepartmentKind.POSTAL);
    expect(departmentKindFor(Industry.DOMESTIC_SERVICE, rules)).toBe(DepartmentKind.TRADE_UNION);
  });

  it('sends an industry without a rule to the township', () => {
    expect(departmentKindFor(Industry.FOOD_DELIVERY, asRules({ [Industry.NEW_MEDIA]: DepartmentKind.CYBERSPACE }))).toBe(DepartmentKind.TOWNSHIP);
    expect(departmentKindFor(Industry.LOGISTICS, [])).toBe(DepartmentKind.TOWNSHIP);
  });
});
