import { DomainError } from '../../common/errors/domain-error.js';

/** The datatypes Open311 GeoReport v2 defines for a service attribute. */
export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

/** An extra question a category asks of a report (Open311 service definition attribute). */
export interface CategoryAttribute {
  /** Stable code clients send as `attribute[code]`. */
  code: string;
  /** false: an informational text shown to the reporter, never answered. */
  variable: boolean;
  datatype: AttributeDatatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  /** The question, in Chinese. */
  description: string;
  /** The choices of a single or multi value list. */
  values?: { key: string; name: string }[];
}

/** Answers as stored on a problem: text, a number, an ISO datetime, or list keys. */
export type AttributeAnswers = Record<string, string | number | string[]>;

const MAX_TEXT = 2000;

/**
 * Checks answers against a category's attributes: required ones present, numbers numeric,
 * datetimes parseable, list answers among the keys, no unknown codes. Bad input is
 * BAD_USER_INPUT naming `attribute[code]`. Returns the answers normalised (null when none).
 */
export function validateAttributes(defs: readonly CategoryAttribute[] | null, given: Record<string, string | string[]>): AttributeAnswers | null {
  const answerable = (defs ?? []).filter((d) => d.variable);
  const out: AttributeAnswers = {};
  for (const code of Object.keys(given)) {
    if (!answerable.some((d) => d.code === code)) throw DomainError.badField(`attribute[${code}]`, 'is not an attribute of this service');
  }
  for (const def of answerable) {
    const field = `attribute[${def.code}]`;
    const raw = given[def.code];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => String(v).trim()).filter(Boolean);
    if (values.length === 0) {
      if (def.required) throw DomainError.badField(field, 'is required');
      continue;
    }
    if (def.datatype !== 'multivaluelist' && values.length > 1) throw DomainError.badField(field, 'takes one value');
    const [value] = values;
    if (values.some((v) => v.length > MAX_TEXT)) throw DomainError.badField(field, `is longer than ${MAX_TEXT} characters`);
    switch (def.datatype) {
      case 'number':
        if (!Number.isFinite(Number(value))) throw DomainError.badField(field, 'must be a number');
        out[def.code] = Number(value);
        break;
      case 'datetime':
        if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) throw DomainError.badField(field, 'must be a W3C datetime');
        out[def.code] = new Date(value).toISOString();
        break;
      case 'singlevaluelist':
      case 'multivaluelist': {
        const bad = values.find((v) => !(def.values ?? []).some((choice) => choice.key === v));
        if (bad !== undefined) throw DomainError.badField(field, `${bad} is not one of ${(def.values ?? []).map((c) => c.key).join(', ')}`);
        out[def.code] = def.datatype === 'multivaluelist' ? [...new Set(values)] : value;
        break;
      }
      default:
        out[def.code] = value;
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** A category's attribute list must be well formed: unique codes, lists with values, others without. */
export function checkAttributeDefinitions(defs: readonly CategoryAttribute[]): void {
  const seen = new Set<string>();
  for (const [i, def] of defs.entries()) {
    if (seen.has(def.code)) throw DomainError.badField(`attributes[${i}].code`, `${def.code} appears twice`);
    seen.add(def.code);
    const list = def.datatype === 'singlevaluelist' || def.datatype === 'multivaluelist';
    if (list && !def.values?.length) throw DomainError.badField(`attributes[${i}].values`, `a ${def.datatype} needs its values`);
    if (!list && def.values?.length) throw DomainError.badField(`attributes[${i}].values`, `only list attributes have values`);
  }
}
