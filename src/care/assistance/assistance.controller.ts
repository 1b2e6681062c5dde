import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import { withReferences } from '../../common/references/references.js';
import { AssistanceService } from './assistance.service.js';
import { CaseAction } from './case-workflow.js';
import {
  AssignAssistanceCaseInput,
  AssistanceCaseDto,
  AssistanceCaseListQuery,
  AssistanceCaseNoteDto,
  AssistanceCasePage,
  CaseNoteInput,
  CaseTransitionInput,
  OpenAssistanceCaseInput,
} from './dto/assistance.dto.js';

// One example per step a case takes with staff, in order (Swagger UI offers them in a list).
const CASE_TRANSITION_EXAMPLES = {
  start: {
    summary: '开始办理 / Start (an assigned OPEN case)',
    value: { action: CaseAction.START, note: '已联系企业核实情况 / called the enterprise to check' },
  },
  resolve: {
    summary: '办结 / Resolve (a case IN_PROGRESS)',
    value: { action: CaseAction.RESOLVE, note: '经调解，企业已补发拖欠的配送费 / after mediation the enterprise paid the fees it owed' },
  },
  close: { summary: '关闭 / Close (a RESOLVED case)', value: { action: CaseAction.CLOSE, note: '劳动者确认已收到 / the worker confirmed receiving it' } },
};

/** 求助件 Assistance cases over REST, for staff. */
@ApiTags('care: assistance cases')
@ApiBearerAuth(BEARER_AUTH)
@Controller('assistance-cases')
export class AssistanceController {
  constructor(private readonly assistance: AssistanceService) {}

  @RequirePermission(Permission.CASE_HANDLE)
  @Get()
  @ApiOperation({ summary: '求助件（承办部门、组织部门、管理员可见）/ Cases you may see, newest first' })
  @ApiOkResponse({ type: AssistanceCasePage })
  async list(@CurrentActor() actor: Actor, @Query() query: AssistanceCaseListQuery): Promise<AssistanceCasePage> {
    const page = await this.assistance.page(actor, query, query);
    return { ...page, items: await this.named(page.items.map(AssistanceCaseDto.from)) };
  }

  @RequirePermission(Permission.CASE_HANDLE)
  @Get(':id')
  @ApiOperation({ summary: '求助件及办理记录 / A case with its timeline' })
  @ApiOkResponse({ type: AssistanceCaseDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AssistanceCaseDto> {
    const found = await this.assistance.get(actor, id);
    const [named, timeline] = await Promise.all([this.namedOne(AssistanceCaseDto.from(found)), this.assistance.timelines([id])]);
    return { ...named, timeline: timeline.map(AssistanceCaseNoteDto.from) };
  }

  @RequirePermission(Permission.CASE_OPEN)
  @Audit({ entity: 'AssistanceCase' })
  @Post()
  @ApiOperation({ summary: '代劳动者提交求助 / Open a case on a worker’s behalf' })
  @ApiCreatedResponse({ type: AssistanceCaseDto })
  async open(@CurrentActor() actor: Actor, @Body() body: OpenAssistanceCaseInput): Promise<AssistanceCaseDto> {
    return this.namedOne(AssistanceCaseDto.from(await this.assistance.open(actor, body)));
  }

  @RequirePermission(Permission.CASE_HANDLE)
  @Audit({ entity: 'AssistanceCase' })
  @Post(':id/assignment')
  @HttpCode(200)
  @ApiOperation({ summary: '分派承办部门和承办人 / Assign a department and handler' })
  @ApiOkResponse({ type: AssistanceCaseDto })
  async assign(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: AssignAssistanceCaseInput): Promise<AssistanceCaseDto> {
    return this.namedOne(AssistanceCaseDto.from(await this.assistance.assign(actor, id, body)));
  }

  @RequirePermission(Permission.CASE_HANDLE)
  @Audit({ entity: 'AssistanceCase' })
  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({ summary: '开始、办结、关闭 / Start, resolve or close a case' })
  @ApiBody({ type: CaseTransitionInput, examples: CASE_TRANSITION_EXAMPLES })
  @ApiOkResponse({ type: AssistanceCaseDto })
  async move(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CaseTransitionInput): Promise<AssistanceCaseDto> {
    return this.namedOne(AssistanceCaseDto.from(await this.assistance.transition(actor, id, body.action, body.note)));
  }

  @RequirePermission(Permission.CASE_OPEN)
  @Audit({ entity: 'AssistanceCaseNote' })
  @Post(':id/notes')
  @ApiOperation({ summary: '添加记录 / Add a note' })
  @ApiCreatedResponse({ type: AssistanceCaseNoteDto })
  async note(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CaseNoteInput): Promise<AssistanceCaseNoteDto> {
    return AssistanceCaseNoteDto.from(await this.assistance.addNote(actor, id, body.text));
  }

  /** Cases with their station and handling department named: one statement for them all. */
  private named(cases: AssistanceCaseDto[]): Promise<AssistanceCaseDto[]> {
    return withReferences(cases, (ids) => this.assistance.references(ids));
  }

  private async namedOne(found: AssistanceCaseDto): Promise<AssistanceCaseDto> {
    return (await this.named([found]))[0];
  }
}
