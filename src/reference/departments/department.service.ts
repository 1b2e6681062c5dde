import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Region } from '../regions/region.entity.js';
import { RegionLevel } from '../regions/region-level.enum.js';
import { RegionService } from '../regions/region.service.js';
import { Department } from './department.entity.js';
import { DepartmentKind } from './department-kind.enum.js';

/** A department with its region loaded (for its code). */
export type DepartmentWithRegion = Department & { region: Region };

/** 部门 County departments and township offices: admin upkeep and lookups for routing. */
@Injectable()
export class DepartmentService {
  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    private readonly regions: RegionService,
  ) {}

  /** Creates a department in a county (a TOWNSHIP office in a township); one per kind and region except OTHER. */
  async create(input: { name: string; kind: DepartmentKind; regionCode: string }): Promise<DepartmentWithRegion> {
    const region = await this.regions.findByCode(input.regionCode);
    if (!region) throw DomainError.badField('regionCode', `no region has code ${input.regionCode}`);
    this.checkRegionFits(input.kind, region, 'regionCode');
    await this.checkKindFree(input.kind, region);
    const saved = await this.departments.save(
      this.departments.create({ name: input.name.trim(), kind: input.kind, regionId: region.id, countyCode: region.countyCode! }),
    );
    return Object.assign(saved, { region });
  }

  /** Renames a department or changes its kind (still one per kind and region except OTHER). */
  async update(id: string, input: { name?: string; kind?: DepartmentKind }): Promise<DepartmentWithRegion> {
    const department = await this.getById(id);
    if (input.kind !== undefined && input.kind !== department.kind) {
      this.checkRegionFits(input.kind, department.region, 'kind');
      await this.checkKindFree(input.kind, department.region);
      department.kind = input.kind;
    }
    if (input.name !== undefined) department.name = input.name.trim();
    await this.departments.save(department);
    return department;
  }

  /** The department with this id; NOT_FOUND otherwise. */
  async getById(id: string): Promise<DepartmentWithRegion> {
    const department = await this.departments.findOne({ where: { id }, relations: { region: true } });
    if (!department) throw DomainError.notFound('Department', id);
    return department as DepartmentWithRegion;
  }

  /** Every department of a county, its townships' offices included, by kind then name. */
  async listByCounty(countyCode: string): Promise<DepartmentWithRegion[]> {
    const county = await this.regions.getByCode(countyCode);
    if (county.level !== RegionLevel.COUNTY) throw DomainError.badField('countyCode', `${countyCode} is a ${county.level}, not a county`);
    return (await this.departments.find({
      where: { countyCode },
      relations: { region: true },
      order: { kind: 'ASC', name: 'ASC' },
    })) as DepartmentWithRegion[];
  }

  /** The department of this kind in this region (county, or township for TOWNSHIP), or null. */
  async findByRegionAndKind(regionId: string, kind: DepartmentKind): Promise<DepartmentWithRegion | null> {
    return (await this.departments.findOne({ where: { regionId, kind }, relations: { region: true } })) as DepartmentWithRegion | null;
  }

  /** A TOWNSHIP office sits in a township; every other kind in a county. */
  private checkRegionFits(kind: DepartmentKind, region: Region, field: string): void {
    const expected = kind === DepartmentKind.TOWNSHIP ? RegionLevel.TOWNSHIP : RegionLevel.COUNTY;
    if (region.level !== expected) {
      throw DomainError.badField(field, `a ${kind} department belongs to a ${expected}, but ${region.code} is a ${region.level}`);
    }
  }

  private async checkKindFree(kind: DepartmentKind, region: Region): Promise<void> {
    if (kind === DepartmentKind.OTHER) return;
    if (await this.departments.existsBy({ regionId: region.id, kind })) {
      throw DomainError.conflict(`${region.code} already has a ${kind} department`, { field: 'kind' });
    }
  }
}
