import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { DepartmentKind } from '../departments/department-kind.enum.js';
import { DepartmentService, type DepartmentWithRegion } from '../departments/department.service.js';
import { Industry } from '../industries/industry.enum.js';
import type { Region } from '../regions/region.entity.js';
import { RegionLevel } from '../regions/region-level.enum.js';
import { RegionService } from '../regions/region.service.js';
import { departmentKindFor, ROUTABLE_DEPARTMENT_KINDS, seedDefaultRules } from './supervision-defaults.js';
import { SupervisionRule } from './supervision-rule.entity.js';

/** 主管单位 Per-county supervision rules and the routing of an enterprise to its supervising department. */
@Injectable()
export class SupervisionService {
  constructor(
    @InjectRepository(SupervisionRule) private readonly rules: Repository<SupervisionRule>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionService,
    private readonly departments: DepartmentService,
  ) {}

  /** A county's rules, one per industry, in industry order. */
  async rulesFor(countyCode: string): Promise<SupervisionRule[]> {
    return this.rulesOf(await this.county(countyCode, 'countyCode'));
  }

  /** Sets which department kind supervises an industry in a county (OTHER is not routable). */
  async setRule(countyCode: string, industry: Industry, departmentKind: DepartmentKind): Promise<SupervisionRule> {
    if (!ROUTABLE_DEPARTMENT_KINDS.includes(departmentKind)) {
      throw DomainError.badField('departmentKind', `${departmentKind} cannot supervise an industry; choose one of ${ROUTABLE_DEPARTMENT_KINDS.join(', ')}`);
    }
    const county = await this.county(countyCode, 'countyCode');
    return this.dataSource.transaction(async (manager) => {
      await seedDefaultRules(manager, county);
      await manager.update(SupervisionRule, { countyId: county.id, industry }, { departmentKind });
      return manager.findOneByOrFail(SupervisionRule, { countyId: county.id, industry });
    });
  }

  /**
   * 主管单位 The department supervising an enterprise of `industry` located in `townshipCode`
   * (a township, or a community inside one): the county's rule for the industry (TOWNSHIP when
   * none), then the township's own office for TOWNSHIP, else the county's department of that
   * kind. NOT_FOUND naming what is missing when that department does not exist.
   */
  async resolveDepartment(industry: Industry, townshipCode: string): Promise<DepartmentWithRegion> {
    const located = await this.regions.getByCode(townshipCode);
    const township = located.level === RegionLevel.COMMUNITY ? await this.regions.getByCode(located.code.slice(0, 9)) : located;
    if (township.level !== RegionLevel.TOWNSHIP) {
      throw DomainError.badField('townshipCode', `${townshipCode} is a ${located.level}, not a township or community`);
    }
    const county = await this.regions.getByCode(township.countyCode!);
    const kind = departmentKindFor(industry, await this.rulesOf(county));
    if (kind === DepartmentKind.TOWNSHIP) {
      const office = await this.departments.findByRegionAndKind(township.id, DepartmentKind.TOWNSHIP);
      if (!office) throw missing(`No TOWNSHIP department for township ${township.code}`, kind, township.code);
      return office;
    }
    const department = await this.departments.findByRegionAndKind(county.id, kind);
    if (!department) throw missing(`No ${kind} department in county ${county.code}`, kind, county.code);
    return department;
  }

  /**
   * A county's rules. A county that has none yet (created other than by the region import)
   * gets the default table first, so every county routes by data an admin can edit.
   */
  private async rulesOf(county: Region): Promise<SupervisionRule[]> {
    let found = await this.rules.find({ where: { countyId: county.id } });
    if (found.length === 0) {
      await seedDefaultRules(this.dataSource.manager, county);
      found = await this.rules.find({ where: { countyId: county.id } });
    }
    const order = Object.values(Industry);
    return found.sort((a, b) => order.indexOf(a.industry) - order.indexOf(b.industry));
  }

  private async county(code: string, field: string): Promise<Region> {
    const county = await this.regions.getByCode(code);
    if (county.level !== RegionLevel.COUNTY) throw DomainError.badField(field, `${code} is a ${county.level}, not a county`);
    return county;
  }
}

function missing(message: string, departmentKind: DepartmentKind, regionCode: string): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, message, { entity: 'Department', departmentKind, regionCode });
}
