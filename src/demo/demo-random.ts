// Deterministic fake people and places for the demo county: a seeded PRNG, Chinese names, valid
// mobile numbers, GB 11643 ID numbers, GB 32100 social credit codes and points in Ningyuan's town.
import { socialCreditCodeCheckChar } from '../common/checksums/social-credit-code.js';
import { idNumberChecksum } from '../common/personal-data/personal-data-format.js';

/** mulberry32: a small, fast, seeded PRNG (same seed, same sequence). */
export class DemoRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A key chosen with the given weights. */
  weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as [T, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

// Common surnames in southern Hunan (欧阳 is frequent in Ningyuan) and given-name characters.
const SURNAMES = [
  '李',
  '王',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '朱',
  '胡',
  '郭',
  '何',
  '罗',
  '唐',
  '欧阳',
  '邓',
  '蒋',
  '彭',
  '曾',
  '谢',
  '雷',
  '肖',
  '乐',
  '柏',
  '廖',
  '邹',
  '段',
  '骆',
  '冯',
  '田',
  '龙',
  '尹',
  '文',
  '夏',
  '钟',
  '贺',
];
const MALE_CHARS = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩俊凯健志文林峰建亮成东海龙国庆永胜';
const FEMALE_CHARS = '芳娟敏静丽艳娜霞婷玲燕红梅琳雪慧洁萍颖倩秀兰英佳';

/** A person the demo invents: a name, a mobile number and an ID number that agree on sex. */
export interface DemoPerson {
  name: string;
  gender: 'MALE' | 'FEMALE';
  phone: string;
  idNumber: string;
}

/** Hands out distinct people: phones and ID numbers never repeat within one generator. */
export class DemoPeople {
  private readonly phones = new Set<string>();
  private readonly idNumbers = new Set<string>();

  constructor(private readonly random: DemoRandom) {}

  /** A new person; gig workers are mostly men, so women are about one in seven. */
  next(): DemoPerson {
    const r = this.random;
    const gender = r.next() < 0.15 ? 'FEMALE' : 'MALE';
    const chars = gender === 'MALE' ? MALE_CHARS : FEMALE_CHARS;
    const given = r.next() < 0.7 ? r.pick([...chars]) + r.pick([...chars]) : r.pick([...chars]);
    return { name: r.pick(SURNAMES) + given, gender, phone: this.phone(), idNumber: this.idNumber(gender) };
  }

  // 11-digit mainland mobile number on a real prefix.
  private phone(): string {
    for (;;) {
      const prefix = this.random.pick([
        '130',
        '131',
        '132',
        '133',
        '135',
        '136',
        '137',
        '138',
        '139',
        '150',
        '151',
        '152',
        '155',
        '157',
        '158',
        '159',
        '173',
        '177',
        '180',
        '181',
        '182',
        '186',
        '187',
        '188',
        '189',
        '191',
        '199',
      ]);
      const phone = prefix + String(this.random.int(0, 99_999_999)).padStart(8, '0');
      if (!this.phones.has(phone)) {
        this.phones.add(phone);
        return phone;
      }
    }
  }

  // 居民身份证号码: Ningyuan (431126), born 1972–2004, the sequence's last digit odd for men, even for women.
  private idNumber(gender: 'MALE' | 'FEMALE'): string {
    for (;;) {
      const r = this.random;
      const birth = `${r.int(1972, 2004)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
      const sequence = r.int(0, 49) * 2 + (gender === 'MALE' ? 1 : 0);
      const first17 = `431126${birth}${String(r.int(0, 9))}${String(sequence).padStart(2, '0')}`;
      const id = first17 + idNumberChecksum(first17);
      if (!this.idNumbers.has(id)) {
        this.idNumbers.add(id);
        return id;
      }
    }
  }
}

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A GB 32100 code for a company registered in Ningyuan (91 = enterprise, 431126 = the county). */
export function demoSocialCreditCode(random: DemoRandom): string {
  const body = `91431126${Array.from({ length: 9 }, () => random.pick([...CODE_CHARS])).join('')}`;
  return body + socialCreditCodeCheckChar(body);
}

/** Great-circle distance in metres (haversine), to keep reported problems apart. */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
