import { REGION_LEVELS, RegionLevel } from './region-level.enum.js';

// Pure rules about GB/T 2260 region codes (and their 9/12-digit township/community extensions).

/**
 * The level a code's shape denotes, or null when the code is not a region code:
 * 6 digits ending 0000 → province, ending 00 → city, other 6 digits → county,
 * 9 digits → township, 12 digits → community. All-zero parts are never valid.
 */
export function levelOfCode(code: string): RegionLevel | null {
  if (/^\d{6}$/.test(code)) {
    if (code.startsWith('00')) return null;
    if (code.endsWith('0000')) return RegionLevel.PROVINCE;
    if (code.endsWith('00')) return RegionLevel.CITY;
    return RegionLevel.COUNTY;
  }
  if (/^\d{9}$/.test(code)) return levelOfCode(code.slice(0, 6)) === RegionLevel.COUNTY && !code.endsWith('000') ? RegionLevel.TOWNSHIP : null;
  if (/^\d{12}$/.test(code)) return levelOfCode(code.slice(0, 9)) === RegionLevel.TOWNSHIP && !code.endsWith('000') ? RegionLevel.COMMUNITY : null;
  return null;
}

/** The level directly above, or null for a province. */
export function parentLevelOf(level: RegionLevel): RegionLevel | null {
  const index = REGION_LEVELS.indexOf(level);
  return index > 0 ? REGION_LEVELS[index - 1] : null;
}

/** The county (6 digits) a code lies in, or null above county level. */
export function countyCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  return level === RegionLevel.COUNTY || level === RegionLevel.TOWNSHIP || level === RegionLevel.COMMUNITY ? code.slice(0, 6) : null;
}

/** The part of a parent's code its children's codes must start with (`43` for province 430000). */
function significantPrefix(code: string, level: RegionLevel): string {
  if (level === RegionLevel.PROVINCE) return code.slice(0, 2);
  if (level === RegionLevel.CITY) return code.slice(0, 4);
  return code;
}

/**
 * Why `parentCode` cannot be the parent of `code`, or null when it can: the parent must be
 * exactly one level up and the child's code must start with the parent's code (for a province
 * or city, with its significant digits: 43xxxx under 430000, 4311xx under 431100).
 */
export function parentMismatch(code: string, parentCode: string): string | null {
  const level = levelOfCode(code);
  const parentLevel = levelOfCode(parentCode);
  if (!level) return `${code} is not a region code`;
  if (!parentLevel) return `parentCode ${parentCode} is not a region code`;
  const expected = parentLevelOf(level);
  if (expected === null) return `a province has no parent (parentCode must be empty)`;
  if (parentLevel !== expected) return `a ${level} must have a ${expected} parent, but ${parentCode} is a ${parentLevel}`;
  if (!code.startsWith(significantPrefix(parentCode, parentLevel))) return `${code} does not lie within ${parentCode}`;
  return null;
}
