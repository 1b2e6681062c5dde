import { IsInt, Max, MetadataStorage, validate } from 'class-validator';
import { rememberValidationRules } from './validation.js';

class Page {
  @IsInt() first!: number;
}

class BigPage extends Page {
  @Max(50) size!: number;
}

describe('rememberValidationRules', () => {
  it("answers class-validator's rule lookups as before, for a class and for its subclasses", () => {
    const storage = new MetadataStorage();
    const plain = new MetadataStorage();
    for (const s of [storage, plain]) {
      for (const [target, propertyName, type] of [[Page, 'first', 'isInt'], [BigPage, 'size', 'max']] as const) {
        s.addValidationMetadata({ type: 'customValidation', target, propertyName, constraints: [], name: type } as never);
      }
    }
    rememberValidationRules(storage);
    for (const target of [Page, BigPage]) {
      const names = (s: MetadataStorage) => s.getTargetValidationMetadatas(target, '', false, false).map((m) => `${m.propertyName}:${m.name}`);
      expect(names(storage)).toEqual(names(plain));
      expect(names(storage)).toEqual(names(storage));
    }
  });

  it('forgets what it remembered when a rule is added later (a mapped type, a late class)', () => {
    const storage = new MetadataStorage();
    rememberValidationRules(storage);
    expect(storage.getTargetValidationMetadatas(Page, '', false, false)).toHaveLength(0);
    storage.addValidationMetadata({ type: 'customValidation', target: Page, propertyName: 'first', constraints: [], name: 'isInt' } as never);
    expect(storage.getTargetValidationMetadatas(Page, '', false, false)).toHaveLength(1);
  });

  it('keeps the global validator finding every rule, inherited ones included', async () => {
    rememberValidationRules();
    const wrong = Object.assign(new BigPage(), { first: 1.5, size: 99 });
    expect((await validate(wrong)).map((e) => e.property).sort()).toEqual(['first', 'size']);
    expect(await validate(Object.assign(new BigPage(), { first: 1, size: 9 }))).toEqual([]);
  });
});
