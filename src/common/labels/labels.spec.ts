import { Amenity, StationStatus } from '../../care/stations/station.enums.js';
import { describeLabel, describeOpenApiEnums, LABELS, labelledEnum, labelOf, labels, openApiEnumDescription } from './labels.js';

describe('labels, one source per enum', () => {
  it('gives GraphQL and the exports the same words: HEATING_COOLING is 取暖纳凉 in both', () => {
    expect(labelledEnum(Amenity, 'Amenity').valuesMap.HEATING_COOLING.description).toBe('取暖纳凉 / Heating and cooling');
    expect(labelOf('Amenity', Amenity.HEATING_COOLING)).toBe('取暖纳凉');
    expect(labelOf('StationStatus', StationStatus.OPEN)).toBe('运营中');
  });

  it('builds registerEnumType options from the labels, and refuses an enum whose values the labels do not match', () => {
    expect(labelledEnum(StationStatus, 'StationStatus')).toEqual({
      name: 'StationStatus',
      description: '驿站状态 / Station status',
      valuesMap: {
        PLANNED: { description: '筹建中 / Planned' },
        OPEN: { description: '运营中 / Open' },
        SUSPENDED: { description: '暂停服务 / Suspended' },
        CLOSED: { description: '已关闭 / Closed' },
      },
    });
    enum Grown {
      PLANNED = 'PLANNED',
      OPEN = 'OPEN',
      SUSPENDED = 'SUSPENDED',
      CLOSED = 'CLOSED',
      DEMOLISHED = 'DEMOLISHED',
    }
    expect(() => labelledEnum(Grown, 'StationStatus')).toThrow(/StationStatus .*DEMOLISHED/);
  });

  it('keeps the API wording and the label together: a longer description starts with the Chinese label and holds the English one', () => {
    for (const [name, entry] of Object.entries(LABELS)) {
      for (const [value, label] of [['(title)', entry.title] as const, ...Object.entries(entry.values)]) {
        const where = `${name}.${value}`;
        expect({ where, zh: label.zh.trim().length > 0, en: label.en.trim().length > 0 }).toEqual({ where, zh: true, en: true });
        if ('description' in label) {
          expect({ where, startsWithZh: label.description.startsWith(label.zh), holdsEn: label.description.includes(label.en) }).toEqual({
            where,
            startsWithZh: true,
            holdsEn: true,
          });
          expect({ where, plain: label.description }).not.toEqual({ where, plain: `${label.zh} / ${label.en}` });
        }
      }
    }
  });

  it('reads a label for sheets: Chinese, the raw value when it has none, empty for null', () => {
    expect(labelOf('IssueStatus', 'REJECTED')).toBe('不予受理');
    expect(labelOf('IssueStatus', 'ON_HOLD')).toBe('ON_HOLD');
    expect(labelOf('IssueStatus', null)).toBe('');
    expect(labels('Membership')).toEqual({ FULL: { zh: '正式党员', en: 'Full member' }, PROBATIONARY: { zh: '预备党员', en: 'Probationary member' } });
    expect(describeLabel({ zh: '草稿', en: 'Draft' })).toBe('草稿 / Draft');
  });

  it('describes OpenAPI enum schemas with every value and its label, leaving other schemas alone', () => {
    const schemas: Record<string, object> = {
      Membership: { type: 'string', enum: ['FULL', 'PROBATIONARY'], description: '类别 / Kind' },
      MembershipDto: { type: 'object', description: 'untouched' },
      SomethingElse: { type: 'string', enum: ['A'] },
    };
    describeOpenApiEnums(schemas);
    expect(schemas.Membership).toEqual({ type: 'string', enum: ['FULL', 'PROBATIONARY'], description: openApiEnumDescription('Membership') });
    expect(openApiEnumDescription('Membership')).toBe(
      '党员类别 / Membership\n\n- `FULL`: 正式党员 / Full member\n- `PROBATIONARY`: 预备党员 / Probationary member',
    );
    expect(schemas.MembershipDto).toEqual({ type: 'object', description: 'untouched' });
    expect(schemas.SomethingElse).toEqual({ type: 'string', enum: ['A'] });
  });
});
