import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MetadataStorage, validate } from 'class-validator';
import { inputValueProblems, isDateOnly, NullMeansUnset, rememberValidationRules } from './validation.js';

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
      for (const [target, propertyName, type] of [
        [Page, 'first', 'isInt'],
        [BigPage, 'size', 'max'],
      ] as const) {
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

describe('isDateOnly', () => {
  it.each(['2024-02-29', '0001-01-01', '9999-12-31'])('takes %s', (value) => expect(isDateOnly(value)).toBe(true));
  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '0000-01-01', '99999-01-01', '2024-1-01', 20240101])('refuses %s', (value) =>
    expect(isDateOnly(value)).toBe(false),
  );
});

describe('inputValueProblems', () => {
  class Nested {
    @IsOptional() @IsString() note?: string | null;
  }
  class Patch {
    @IsOptional() @IsString() name?: string | null;
    @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() description?: string | null;
    @IsInt() count!: number | null;
    nested?: Nested;
  }
  @NullMeansUnset()
  class Filter {
    @IsOptional() @IsString() status?: string | null;
  }

  it('names null where an optional field may only be left out, at any depth, and nowhere else', () => {
    const patch = Object.assign(new Patch(), { name: null, description: null, count: null, nested: Object.assign(new Nested(), { note: null }) });
    expect(inputValueProblems(patch, '', { dtos: true }).map((p) => p.field)).toEqual(['name', 'nested.note']);
    expect(inputValueProblems(Object.assign(new Filter(), { status: null }), '', { dtos: true })).toEqual([]);
  });

  it('names NUL characters, whole numbers beyond 32 bits and dates outside the years 1-9999 in plain data too', () => {
    const problems = inputValueProblems({
      a: ['x\u0000'],
      b: 2 ** 31,
      c: -(2 ** 31),
      d: 1.5e12 + 0.5,
      e: new Date('+099999-01-01T00:00:00Z'),
      f: new Date('2024-01-01'),
    });
    expect(problems.map((p) => p.field)).toEqual(['a.0', 'b', 'e']);
  });
});
