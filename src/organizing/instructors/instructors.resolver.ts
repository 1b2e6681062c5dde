import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { alignToKeys, Loaders, type RequestLoaders } from '../../common/graphql/request-loaders.js';
import { EnterpriseDto } from '../enterprises/dto/enterprise.dto.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { enterpriseLoader } from '../organizing-loaders.js';
import {
  AssignInstructorInput,
  EndInstructorAssignmentInput,
  GuidanceVisitConnection,
  GuidanceVisitDto,
  GuidanceVisitsArgs,
  InstructorAssignmentConnection,
  InstructorAssignmentDto,
  InstructorAssignmentsArgs,
  InstructorDto,
  LogGuidanceVisitInput,
} from './dto/instructor.dto.js';
import { InstructorsService } from './instructors.service.js';

function instructorLoader(loaders: RequestLoaders, service: InstructorsService) {
  return loaders.get<string, InstructorDto | null>('instructor.byId', async (ids) =>
    alignToKeys(
      ids,
      (await service.instructors(ids)).map((u) => ({ id: u.id, username: u.username, departmentId: u.departmentId })),
      (u) => u.id,
    ),
  );
}

/** 党建指导员 Instructor assignments over GraphQL. */
@Resolver(() => InstructorAssignmentDto)
export class InstructorAssignmentsResolver {
  constructor(
    private readonly instructors: InstructorsService,
    private readonly enterprises: EnterprisesService,
  ) {}

  @RequirePermission(Permission.ENTERPRISE_READ)
  @Query(() => InstructorAssignmentConnection, { description: '指导员选派 / Instructor assignments in your scope' })
  async instructorAssignments(@CurrentActor() actor: Actor, @Args() args: InstructorAssignmentsArgs): Promise<InstructorAssignmentConnection> {
    const page = await this.instructors.assignmentConnection(actor, args, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: InstructorAssignmentDto.from(e.node) })) };
  }

  @RequirePermission(Permission.INSTRUCTOR_ASSIGN)
  @Audit({ entity: 'InstructorAssignment' })
  @Mutation(() => InstructorAssignmentDto, { description: '选派指导员 / Assign an instructor to an enterprise' })
  async assignInstructor(@CurrentActor() actor: Actor, @Args('input') input: AssignInstructorInput): Promise<InstructorAssignmentDto> {
    return InstructorAssignmentDto.from(await this.instructors.assign(actor, input));
  }

  @RequirePermission(Permission.INSTRUCTOR_ASSIGN)
  @Audit({ entity: 'InstructorAssignment' })
  @Mutation(() => InstructorAssignmentDto, { description: '结束选派 / End an assignment' })
  async endInstructorAssignment(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input', { nullable: true }) input?: EndInstructorAssignmentInput,
  ): Promise<InstructorAssignmentDto> {
    return InstructorAssignmentDto.from(await this.instructors.end(actor, id, input ?? {}));
  }

  @ResolveField(() => InstructorDto, { nullable: true, description: '指导员 / Instructor' })
  async instructor(@Parent() assignment: InstructorAssignmentDto, @Loaders() loaders: RequestLoaders): Promise<InstructorDto | null> {
    return instructorLoader(loaders, this.instructors).load(assignment.instructorId);
  }

  @ResolveField(() => EnterpriseDto, { nullable: true, description: '企业 / Enterprise' })
  async enterprise(@Parent() assignment: InstructorAssignmentDto, @Loaders() loaders: RequestLoaders): Promise<EnterpriseDto | null> {
    return enterpriseLoader(loaders, this.enterprises).load(assignment.enterpriseId);
  }
}

/** 指导走访 Guidance visits over GraphQL. */
@Resolver(() => GuidanceVisitDto)
export class GuidanceVisitsResolver {
  constructor(
    private readonly instructors: InstructorsService,
    private readonly enterprises: EnterprisesService,
  ) {}

  @RequirePermission(Permission.ENTERPRISE_READ)
  @Query(() => GuidanceVisitConnection, { description: '指导走访记录 / Guidance visits in your scope' })
  async guidanceVisits(@CurrentActor() actor: Actor, @Args() args: GuidanceVisitsArgs): Promise<GuidanceVisitConnection> {
    const page = await this.instructors.visitConnection(actor, args, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: GuidanceVisitDto.from(e.node) })) };
  }

  @RequirePermission(Permission.INSTRUCTOR_VISIT)
  @Audit({ entity: 'GuidanceVisit' })
  @Mutation(() => GuidanceVisitDto, { description: '登记指导走访 / Log a guidance visit' })
  async logGuidanceVisit(@CurrentActor() actor: Actor, @Args('input') input: LogGuidanceVisitInput): Promise<GuidanceVisitDto> {
    return GuidanceVisitDto.from(await this.instructors.logVisit(actor, input));
  }

  @ResolveField(() => InstructorDto, { nullable: true, description: '指导员 / Instructor' })
  async instructor(@Parent() visit: GuidanceVisitDto, @Loaders() loaders: RequestLoaders): Promise<InstructorDto | null> {
    return instructorLoader(loaders, this.instructors).load(visit.instructorId);
  }

  @ResolveField(() => EnterpriseDto, { nullable: true, description: '企业 / Enterprise' })
  async enterprise(@Parent() visit: GuidanceVisitDto, @Loaders() loaders: RequestLoaders): Promise<EnterpriseDto | null> {
    return enterpriseLoader(loaders, this.enterprises).load(visit.enterpriseId);
  }
}
