import { Injectable } from '@nestjs/common';
import type { IndustryDto } from './industry.dto.js';
import { labelOf } from '../../common/labels/labels.js';
import { Industry } from './industry.enum.js';

/** 行业 The fixed list of industries with their Chinese labels. */
@Injectable()
export class IndustryService {
  /** Every industry, in display order. */
  list(): IndustryDto[] {
    return Object.values(Industry).map((code) => ({ code, label: labelOf('Industry', code) }));
  }
}
