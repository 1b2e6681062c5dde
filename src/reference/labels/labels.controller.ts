import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '../../access/access.decorators.js';
import { LABELLED_ENUM_NAMES } from '../../common/labels/labels.js';
import { ValueLabelDto } from './labels.dto.js';
import { LabelsService } from './labels.service.js';

/** 标签 Enum labels over REST, readable without signing in. */
@ApiTags('reference')
@Controller('labels')
export class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  @Get(':enum')
  @Public()
  @ApiOperation({ summary: '枚举的中英文标签 / Every value of an enum with its Chinese and English label' })
  @ApiParam({ name: 'enum', description: "枚举名称 / The enum's name", enum: LABELLED_ENUM_NAMES, schema: { type: 'string', maxLength: 64 } })
  @ApiOkResponse({ type: ValueLabelDto, isArray: true })
  list(@Param('enum') name: string): ValueLabelDto[] {
    return this.labels.of(name);
  }
}
