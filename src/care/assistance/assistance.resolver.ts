import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { groupByKeys, Loaders, RequestLoaders } from '../../common/graphql/request-loaders.js';
import { ConnectionArgs } from '../../common/pagination/connection.types.js';
import { AssistanceService } from './assistance.service.js';
import { CaseAction } from './case-workflow.js';
import {
  AssignAssistanceCaseInput,
  AssistanceCaseConnection,
  AssistanceCaseDto,
  AssistanceCaseFilter,
  AssistanceCaseNoteDto,
  CaseNoteInput,
  CaseTransitionInput,
  OpenAssistanceCaseInput,
} from './dto/assistance.dto.js';

const CaseId = () => Args('id', { type: () => ID }, ParseUUIDPipe);

/** 求助件 Assistance cases over GraphQL. */
@Resolver(() => AssistanceCaseDto)
export class AssistanceResolver {
  constructor(private readonly assistance: AssistanceService) {}

  @RequirePermission(Permission.CASE_OPEN)
  @Audit({ entity: 'AssistanceCase' })
  @Mutation(() => AssistanceCaseDto, { description: '提交求助（劳动者本人，或工作人员代为提交）/ Open a case (a worker, or staff on their behalf)' })
  async openAssistanceCase(@CurrentActor() actor: Actor, @Args('input') input: OpenAssistanceCaseInput): Promise<AssistanceCaseDto> {
    return AssistanceCaseDto.from(await this.assistance.open(actor, input));
  }

  @RequirePermission(Permission.CASE_OPEN)
  @Query(() => [AssistanceCaseDto], { description: '我的求助（劳动者）/ My assistance cases (workers)' })
  async myAssistanceCases(@CurrentActor() actor: Actor): Promise<AssistanceCaseDto[]> {
    return (await this.assistance.mine(actor)).map(AssistanceCaseDto.from);
  }

  @RequirePermission(Permission.CASE_OPEN)
  @Audit({ entity: 'AssistanceCase' })
  @Mutation(() => AssistanceCaseDto, { description: '重新打开（劳动者，办结后 7 天内）/ Reopen my case within 7 days of resolution' })
  async reopenAssistanceCase(@CurrentActor() actor: Actor, @CaseId() id: string, @Args('reason') reason: string): Promise<AssistanceCaseDto> {
    return AssistanceCaseDto.from(await this.assistance.transition(actor, id, CaseAction.REOPEN, reason));
  }

  @RequirePermission(Permission.CASE_OPEN)
  @Audit({ entity: 'AssistanceCaseNote' })
  @Mutation(() => AssistanceCaseNoteDto, { description: '添加记录 / Add a note to a case you can see' })
  async addAssistanceCaseNote(@CurrentActor() actor: Actor, @CaseId() id: string, @Args('input') input: CaseNoteInput): Promise<AssistanceCaseNoteDto> {
    return AssistanceCaseNoteDto.from(await this.assistance.addNote(actor, id, input.text));
  }

  @RequirePermission(Permission.CASE_HANDLE)
  @Query(() => AssistanceCaseConnection, { description: '求助件（承办部门、组织部门、管理员可见）/ Cases you may see, newest first' })
  async assistanceCases(
    @CurrentActor() actor: Actor,
    @Args('filter', { type: () => AssistanceCaseFilter, nullable: true }) filter: AssistanceCaseFilter | undefined,
    @Args() args: ConnectionArgs,
  ): Promise<AssistanceCaseConnection> {
    const page = await this.assistance.connection(actor, filter ?? {}, args);
    return { ...page, edges: page.edges.map(({ cursor, node }) => ({ cursor, node: AssistanceCaseDto.from(node) })) };
  }

  @RequirePermission(Permission.CASE_HANDLE)
  @Query(() => AssistanceCaseDto, { description: '求助件 / A case you may see' })
  async assistanceCase(@CurrentActor() actor: Actor, @CaseId() id: string): Promise<AssistanceCaseDto> {
    return AssistanceCaseDto.from(await this.assistance.get(actor, id));
  }

  @RequirePermission(Permission.CASE_HANDLE)
  @Audit({ entity: 'AssistanceCase' })
  @Mutation(() => AssistanceCaseDto, { description: '分派承办部门和承办人 / Assign a department and handler' })
  async assignAssistanceCase(@CurrentActor() actor: Actor, @CaseId() id: string, @Args('input') input: AssignAssistanceCaseInput): Promise<AssistanceCaseDto> {
    return AssistanceCaseDto.from(await this.assistance.assign(actor, id, input));
  }

  @RequirePermission(Permission.CASE_HANDLE)
  @Audit({ entity: 'AssistanceCase' })
  @Mutation(() => AssistanceCaseDto, { description: '办理求助件：开始、办结、关闭 / Start, resolve or close a case' })
  async moveAssistanceCase(@CurrentActor() actor: Actor, @CaseId() id: string, @Args('input') input: CaseTransitionInput): Promise<AssistanceCaseDto> {
    return AssistanceCaseDto.from(await this.assistance.transition(actor, id, input.action, input.note));
  }

  @ResolveField(() => [AssistanceCaseNoteDto], { description: '办理记录（时间顺序）/ Timeline, oldest first' })
  timeline(@Parent() assistanceCase: AssistanceCaseDto, @Loaders() loaders: RequestLoaders): Promise<AssistanceCaseNoteDto[]> {
    return loaders
      .get<string, AssistanceCaseNoteDto[]>('assistanceCase.timeline', async (ids) =>
        groupByKeys(ids, await this.assistance.timelines(ids), (n) => n.caseId).map((notes) => notes.map(AssistanceCaseNoteDto.from)),
      )
      .load(assistanceCase.id);
  }
}
