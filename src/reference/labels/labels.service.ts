import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { LABELLED_ENUM_NAMES, valueLabels } from '../../common/labels/labels.js';
import type { ValueLabelDto } from './labels.dto.js';

/** Labels of every enum at run time, read from the one label source (src/common/labels/labels.ts). */
@Injectable()
export class LabelsService {
  /** Every value of the enum named by its GraphQL name; an unknown name is bad input on `field`. */
  of(name: string, field = 'enum'): ValueLabelDto[] {
    const found = valueLabels(name);
    if (!found) throw DomainError.badField(field, `no enum named "${name.slice(0, 64)}"; known: ${LABELLED_ENUM_NAMES.join(', ')}`);
    return found;
  }
}
