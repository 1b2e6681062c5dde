import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import type { CreateIssueCategoryInput, UpdateIssueCategoryInput } from './dto/issue.dto.js';
import { IssueCategory } from './issue-category.entity.js';

/** 问题类别 Problem categories: data with a deadline and a default department kind. */
@Injectable()
export class IssueCategoriesService {
  constructor(@InjectRepository(IssueCategory) private readonly categories: Repository<IssueCategory>) {}

  /** Every category (or only those taking reports), by code. */
  list(activeOnly = false): Promise<IssueCategory[]> {
    return this.categories.find({ where: activeOnly ? { active: true } : {}, order: { code: 'ASC' } });
  }

  /** Adds a category; a code in use is a CONFLICT. */
  async create(input: CreateIssueCategoryInput): Promise<IssueCategory> {
    if (await this.categories.existsBy({ code: input.code })) throw DomainError.conflict(`Category ${input.code} exists`, { field: 'code' });
    return this.categories.save(this.categories.create({ ...input, name: input.name.trim(), active: true }));
  }

  /** Edits a category; a new deadline applies to problems dispatched from now on. */
  async update(code: string, input: UpdateIssueCategoryInput): Promise<IssueCategory> {
    const category = await this.categories.findOneBy({ code });
    if (!category) throw DomainError.notFound('IssueCategory', code);
    Object.assign(category, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    return this.categories.save(category);
  }
}
