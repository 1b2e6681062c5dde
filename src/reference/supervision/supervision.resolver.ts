import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { DepartmentKind } from '../departments/department-kind.enum.js';
import { DepartmentDto } from '../departments/dto/department.dto.js';
import { Industry } from '../industries/industry.enum.js';
import { SupervisionRuleDto } from './dto/supervision-rule.dto.js';
import { SupervisionService } from './supervision.service.js';

/** 主管单位 Supervision rules and routing over GraphQL. */
@Resolver(() => SupervisionRuleDto)
export class SupervisionResolver {
  constructor(private readonly supervision: SupervisionService) {}

  @Query(() => [SupervisionRuleDto], { description: "县的主管单位规则 / A county's supervision rules, one per industry" })
  @RequirePermission(Permission.REFERENCE_READ)
  async supervisionRules(@Args('countyCode', { description: '县代码 / County code' }) countyCode: string): Promise<SupervisionRuleDto[]> {
    return (await this.supervision.rulesFor(countyCode)).map(SupervisionRuleDto.from);
  }

  @Query(() => DepartmentDto, { description: '某行业、某乡镇企业的主管部门 / The department supervising an enterprise of this industry in this township' })
  @RequirePermission(Permission.REFERENCE_READ)
  async supervisingDepartment(
    @Args('industry', { type: () => Industry }) industry: Industry,
    @Args('townshipCode', { description: '乡镇（或社区）代码 / Township (or community) code' }) townshipCode: string,
  ): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.supervision.resolveDepartment(industry, townshipCode));
  }

  @Mutation(() => SupervisionRuleDto, { description: '设置行业的主管部门类别 / Set which department kind supervises an industry in a county' })
  @RequirePermission(Permission.REFERENCE_MANAGE)
  async setSupervisionRule(
    @Args('countyCode', { description: '县代码 / County code' }) countyCode: string,
    @Args('industry', { type: () => Industry }) industry: Industry,
    @Args('departmentKind', { type: () => DepartmentKind }) departmentKind: DepartmentKind,
  ): Promise<SupervisionRuleDto> {
    return SupervisionRuleDto.from(await this.supervision.setRule(countyCode, industry, departmentKind));
  }
}
