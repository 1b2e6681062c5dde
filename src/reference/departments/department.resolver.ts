import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { CreateDepartmentInput, DepartmentDto, UpdateDepartmentInput } from './dto/department.dto.js';
import { DepartmentService } from './department.service.js';

/** 部门 Departments over GraphQL. */
@Resolver(() => DepartmentDto)
export class DepartmentResolver {
  constructor(private readonly departmentService: DepartmentService) {}

  @Query(() => [DepartmentDto], { description: '县内部门（含乡镇） / Departments of a county, township offices included' })
  @RequirePermission(Permission.REFERENCE_READ)
  async departments(@Args('countyCode', { description: '县代码 / County code' }) countyCode: string): Promise<DepartmentDto[]> {
    return (await this.departmentService.listByCounty(countyCode)).map(DepartmentDto.from);
  }

  @Mutation(() => DepartmentDto, { description: '新建部门 / Create a department' })
  @RequirePermission(Permission.REFERENCE_MANAGE)
  async createDepartment(@Args('input') input: CreateDepartmentInput): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.departmentService.create(input));
  }

  @Mutation(() => DepartmentDto, { description: '修改部门 / Rename a department or change its kind' })
  @RequirePermission(Permission.REFERENCE_MANAGE)
  async updateDepartment(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateDepartmentInput): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.departmentService.update(id, input));
  }
}
