import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import type { CreateIssueCategoryInput, UpdateIssueCategoryInput } from './dto/issue.dto.js';
import { checkAttributeDefinitions } from './category-attributes.js';
import { DeadlineUnit } from './deadline-unit.enum.js';
import { IssueCategory } from './issue-category.entity.js';
import { CATEGORY_LIST_SQL } from './issues.sql.js';

/** A category as lists show it (without its row bookkeeping). */
export type IssueCategoryRow = Omit<IssueCategory, 'createdAt' | 'updatedAt' | 'version'>;

// Working days need their count; hours use deadlineHours alone.
function checkUnit(category: IssueCategory): IssueCategory {
  checkAttributeDefinitions(category.attributes ?? []);
  if (category.attributes?.length === 0) category.attributes = null;
  if (category.deadlineUnit === DeadlineUnit.WORKING_DAYS && !category.deadlineWorkingDays)
    throw DomainError.badField('deadlineWorkingDays', 'is required with WORKING_DAYS');
  if (category.deadlineUnit === DeadlineUnit.HOURS && category.deadlineWorkingDays)
    throw DomainError.badField('deadlineWorkingDays', 'is only for WORKING_DAYS');
  return category;
}

/** 问题类别 Problem categories: data with a deadline and a default department kind. */
@Injectable()
export class IssueCategoriesService {
  constructor(@InjectRepository(IssueCategory) private readonly categories: Repository<IssueCategory>) {}

  /**
   * Every category (or only those taking reports), by code: one named statement without entity
   * building (the public list is the floor of every GraphQL request; TypeORM's find was a fifth of it).
   */
  list(activeOnly = false): Promise<IssueCategoryRow[]> {
    return this.categories.query(CATEGORY_LIST_SQL, [activeOnly]);
  }

  /** Adds a category; a code in use is a CONFLICT. */
  async create(input: CreateIssueCategoryInput): Promise<IssueCategory> {
    if (await this.categories.existsBy({ code: input.code })) throw DomainError.conflict(`Category ${input.code} exists`, { field: 'code' });
    const category = this.categories.create({
      ...input,
      name: input.name.trim(),
      active: true,
      deadlineUnit: input.deadlineUnit ?? DeadlineUnit.HOURS,
      deadlineWorkingDays: input.deadlineWorkingDays ?? null,
      attributes: input.attributes ?? null,
    });
    return this.categories.save(checkUnit(category));
  }

  /** Edits a category; a new deadline applies to problems dispatched from now on. */
  async update(code: string, input: UpdateIssueCategoryInput): Promise<IssueCategory> {
    const category = await this.categories.findOneBy({ code });
    if (!category) throw DomainError.notFound('IssueCategory', code);
    Object.assign(category, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    if (category.deadlineUnit === DeadlineUnit.HOURS) category.deadlineWorkingDays = null;
    return this.categories.save(checkUnit(category));
  }
}
