import { Args, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../../access/access.decorators.js';
import { ValueLabelDto } from './labels.dto.js';
import { LabelsService } from './labels.service.js';

/** 标签 Enum labels over GraphQL, readable without signing in and without introspection. */
@Resolver(() => ValueLabelDto)
export class LabelsResolver {
  constructor(private readonly labelsService: LabelsService) {}

  @Query(() => [ValueLabelDto], { description: '枚举的中英文标签 / Every value of an enum with its Chinese and English label' })
  @Public()
  labels(@Args('enum', { description: "枚举的 GraphQL 名称，如 IssueStatus / The enum's GraphQL name, e.g. IssueStatus" }) name: string): ValueLabelDto[] {
    return this.labelsService.of(name);
  }
}
