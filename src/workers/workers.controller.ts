import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator.js';
import type { Actor } from '../auth/actor.js';
import { ClientIp, CurrentActor, RequirePermission } from '../auth/auth.decorators.js';
import { Permission } from '../auth/permission.enum.js';
import { BEARER_AUTH } from '../common/openapi/openapi.js';
import { RevealedPersonalDataDto, RevealPersonalDataDto } from './dto/reveal.dto.js';
import { UpdateMyProfileInput, WorkerProfileDto } from './dto/worker-profile.dto.js';
import { WorkersService } from './workers.service.js';

/** Workers' own profile, and the audited reveal of personal data for officers. */
@ApiTags('workers')
@ApiBearerAuth(BEARER_AUTH)
@Controller()
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @RequirePermission(Permission.SELF_READ)
  @Get('me/profile')
  @ApiOperation({ summary: '我的资料（劳动者）/ My profile (workers)' })
  @ApiOkResponse({ type: WorkerProfileDto })
  async myProfile(@CurrentActor() actor: Actor): Promise<WorkerProfileDto> {
    return WorkerProfileDto.from(await this.workers.mine(actor));
  }

  @RequirePermission(Permission.SELF_UPDATE) @Audit({ entity: 'Worker' })
  @Patch('me/profile')
  @ApiOperation({ summary: '完善我的资料 / Complete my profile' })
  @ApiOkResponse({ type: WorkerProfileDto })
  async updateMyProfile(@CurrentActor() actor: Actor, @Body() body: UpdateMyProfileInput): Promise<WorkerProfileDto> {
    return WorkerProfileDto.from(await this.workers.updateMyProfile(actor, body));
  }

  @RequirePermission(Permission.PERSONAL_DATA_REVEAL) @Audit({ skip: true })
  @Post('workers/:id/reveal') @HttpCode(200)
  @ApiOperation({ summary: '查看个人信息明文（需理由，记入审计）/ Reveal a personal-data field (reason required, audited)' })
  @ApiOkResponse({ type: RevealedPersonalDataDto })
  async reveal(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RevealPersonalDataDto,
    @ClientIp() ip?: string,
  ): Promise<RevealedPersonalDataDto> {
    return { value: await this.workers.reveal(actor, id, body.field, body.reason, ip) };
  }
}
