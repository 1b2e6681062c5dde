import { InputType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsInt, Min, validate } from 'class-validator';
import { ApiField } from './api-field.js';
import { OmitInput, PartialInput } from './derived-inputs.js';

@InputType('ProbeCreateInput')
class ProbeCreateInput {
  @ApiField({ description: '名称 / Name', maxLength: 10, example: '早餐' })
  name: string;

  @ApiField({ description: '候补（默认开启）/ Wait-list (default on)', optional: true, defaultValue: true, openapi: { default: true } })
  waitlist?: boolean;

  @ApiField({ description: '编码 / Code' })
  code: string;
}

class ProbeUpdateInput extends PartialInput(OmitInput(ProbeCreateInput, ['code'])) {}

/** A class only REST has (no @InputType). */
class RestOnlyCreate {
  @ApiProperty({ minimum: 1, default: 24 }) @IsInt() @Min(1) hours: number;
}

class RestOnlyUpdate extends PartialInput(RestOnlyCreate) {}

const openApiOf = (target: object, property: string) => Reflect.getMetadata('swagger/apiModelProperties', target, property) as Record<string, unknown>;
const errorsOf = async (type: new () => object, plain: object) =>
  (await validate(plainToInstance(type, plain), { whitelist: true, forbidNonWhitelisted: true })).map((e) => e.property);

describe('PartialInput / OmitInput', () => {
  it('keeps the Create validation of what it derives, skips what is left out and refuses what is omitted', async () => {
    expect(await errorsOf(ProbeUpdateInput, {})).toEqual([]);
    expect(await errorsOf(ProbeUpdateInput, { name: 'x'.repeat(11) })).toEqual(['name']);
    expect(await errorsOf(ProbeUpdateInput, { code: 'A' })).toEqual(['code']);
    expect(await errorsOf(RestOnlyUpdate, { hours: 0 })).toEqual(['hours']);
    expect(await errorsOf(RestOnlyUpdate, {})).toEqual([]);
  });

  it('gives the derived OpenAPI properties the Create description and example, not required, without the Create default', () => {
    expect(openApiOf(ProbeUpdateInput.prototype, 'name')).toMatchObject({ description: '名称 / Name', example: '早餐', required: false });
    expect(openApiOf(ProbeUpdateInput.prototype, 'waitlist')).not.toHaveProperty('default');
    expect(openApiOf(ProbeCreateInput.prototype, 'waitlist')).toMatchObject({ default: true });
    expect(openApiOf(ProbeUpdateInput.prototype, 'code')).toBeUndefined();
    expect(openApiOf(RestOnlyUpdate.prototype, 'hours')).toMatchObject({ minimum: 1, required: false });
    expect(openApiOf(RestOnlyUpdate.prototype, 'hours')).not.toHaveProperty('default');
  });

  it('refuses a base whose properties have initial values, which every update would apply', () => {
    class WithDefault {
      @ApiProperty() @IsInt() first: number = 10;
    }
    expect(() => PartialInput(WithDefault)).toThrow('PartialInput(WithDefault): every update would apply the initial values of first');
  });
});
