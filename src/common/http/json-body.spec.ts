import { jsonShapeProblem, type JsonShapeLimits } from './json-body.js';

const LIMITS: JsonShapeLimits = { maxDepth: 3, maxMembers: 4, maxValues: 10 };
const shape = (text: string) => jsonShapeProblem(Buffer.from(text), LIMITS);

describe('jsonShapeProblem', () => {
  it('accepts JSON within the limits, whatever it holds', () => {
    expect(shape('{"a":[1,2,{"b":null}],"c":"x"}')).toBeNull();
    expect(shape('[[[]]]')).toBeNull();
    expect(shape('"just a string"')).toBeNull();
    expect(shape('')).toBeNull();
  });

  it('refuses nesting deeper than maxDepth, for objects and arrays alike', () => {
    expect(shape('[[[[]]]]')).toMatch(/nested deeper than 3 levels/);
    expect(shape('{"a":{"b":{"c":{"d":1}}}}')).toMatch(/nested deeper than 3 levels/);
  });

  it('refuses an object or array with more than maxMembers members, counting each level apart', () => {
    expect(shape('[1,2,3,4]')).toBeNull();
    expect(shape('[1,2,3,4,5]')).toMatch(/more than 4 members/);
    expect(shape('[[1,2,3],[1,2,3]]')).toBeNull();
    expect(shape('{"a":1,"b":2,"c":3,"d":4,"e":5}')).toMatch(/more than 4 members/);
  });

  it('refuses more than maxValues values in all', () => {
    expect(shape('[[1,2,3],[1,2,3],1]')).toBeNull();
    expect(shape('[[1,2,3],[1,2,3],1,2]')).toMatch(/more than 10 values/);
  });

  it('skips brackets and commas inside strings, escaped quotes included', () => {
    expect(shape('["[[[[,,,,,{{{{", "\\"[[[[,,,,"]')).toBeNull();
    expect(shape('{"k\\\\":"[[[["}')).toBeNull();
    expect(shape('["\\\\", [[[1]]]]')).toMatch(/nested deeper/);
  });
});
