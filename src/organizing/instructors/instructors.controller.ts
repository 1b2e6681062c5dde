import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import {
  AssignInstructorInput,
  EndInstructorAssignmentInput,
  GuidanceVisitDto,
  GuidanceVisitListQuery,
  GuidanceVisitPage,
  InstructorAssignmentDto,
  InstructorAssignmentListQuery,
  InstructorAssignmentPage,
  LogGuidanceVisitInput,
} from './dto/instructor.dto.js';
import { InstructorsService } from './instructors.service.js';

/** 党建指导员选派 Instructor assignments over REST. */
@ApiTags('organizing')
@ApiBearerAuth(BEARER_AUTH)
@Controller('instructor-assignments')
export class InstructorAssignmentsController {
  constructor(private readonly instructors: InstructorsService) {}

  @Get()
  @RequirePermission(Permission.ENTERPRISE_READ)
  @ApiOperation({ summary: '指导员选派列表 / List instructor assignments in your scope' })
  @ApiOkResponse({ type: InstructorAssignmentPage })
  async list(@CurrentActor() actor: Actor, @Query() query: InstructorAssignmentListQuery): Promise<InstructorAssignmentPage> {
    const page = await this.instructors.assignmentPage(actor, query, query);
    return { items: page.items.map(InstructorAssignmentDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @RequirePermission(Permission.INSTRUCTOR_ASSIGN)
  @Audit({ entity: 'InstructorAssignment' })
  @ApiOperation({ summary: '选派指导员（每个企业同时只有一个在岗选派）/ Assign an instructor (one active assignment per enterprise)' })
  @ApiCreatedResponse({ type: InstructorAssignmentDto })
  async assign(@CurrentActor() actor: Actor, @Body() body: AssignInstructorInput): Promise<InstructorAssignmentDto> {
    return InstructorAssignmentDto.from(await this.instructors.assign(actor, body));
  }

  @Post(':id/end')
  @HttpCode(200)
  @RequirePermission(Permission.INSTRUCTOR_ASSIGN)
  @Audit({ entity: 'InstructorAssignment' })
  @ApiOperation({ summary: '结束选派（记录结束日期）/ End an assignment (the end date is kept)' })
  @ApiOkResponse({ type: InstructorAssignmentDto })
  async end(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EndInstructorAssignmentInput,
  ): Promise<InstructorAssignmentDto> {
    return InstructorAssignmentDto.from(await this.instructors.end(actor, id, body ?? {}));
  }
}

/** 指导走访 Guidance visits over REST. */
@ApiTags('organizing')
@ApiBearerAuth(BEARER_AUTH)
@Controller('guidance-visits')
export class GuidanceVisitsController {
  constructor(private readonly instructors: InstructorsService) {}

  @Get()
  @RequirePermission(Permission.ENTERPRISE_READ)
  @ApiOperation({ summary: '指导走访记录 / List guidance visits in your scope' })
  @ApiOkResponse({ type: GuidanceVisitPage })
  async list(@CurrentActor() actor: Actor, @Query() query: GuidanceVisitListQuery): Promise<GuidanceVisitPage> {
    const page = await this.instructors.visitPage(actor, query, query);
    return { items: page.items.map(GuidanceVisitDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @RequirePermission(Permission.INSTRUCTOR_VISIT)
  @Audit({ entity: 'GuidanceVisit' })
  @ApiOperation({ summary: '登记指导走访（仅限本人在岗指导的企业）/ Log a guidance visit to an enterprise assigned to you' })
  @ApiCreatedResponse({ type: GuidanceVisitDto })
  async log(@CurrentActor() actor: Actor, @Body() body: LogGuidanceVisitInput): Promise<GuidanceVisitDto> {
    return GuidanceVisitDto.from(await this.instructors.logVisit(actor, body));
  }
}
