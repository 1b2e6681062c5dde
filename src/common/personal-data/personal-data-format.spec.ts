import {
  idNumberChecksum,
  isMainlandMobile,
  isValidIdNumber,
  maskIdNumber,
  maskName,
  maskPhone,
  normaliseIdNumber,
  normalisePhone,
  PersonalDataFormatError,
} from './personal-data-format.js';

// Builds an ID number with a correct check character, so a test fails only on what it is about.
const withChecksum = (first17: string) => `${first17}${idNumberChecksum(first17)}`;

describe('normalisePhone', () => {
  it.each([
    ['138 1234 1234', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['+86-13812341234', '13812341234'],
    ['008613812341234', '13812341234'],
    ['8613812341234', '13812341234'],
    ['  13812341234\t', '13812341234'],
  ])('accepts %j as the 11-digit number %s', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it('leaves a number without a country code alone even if it starts with 86', () => {
    expect(normalisePhone('86123')).toBe('86123');
  });
});

describe('isMainlandMobile', () => {
  it.each(['13812341234', '15900000000', '19912345678'])('accepts the mobile number %s', (phone) => {
    expect(isMainlandMobile(phone)).toBe(true);
  });

  it.each([
    ['12812341234', 'second digit below 3'],
    ['1381234123', 'ten digits'],
    ['138123412345', 'twelve digits'],
    ['23812341234', 'not starting with 1'],
    ['01012345678', 'a Beijing landline'],
    ['1381234123a', 'a letter'],
  ])('rejects %s (%s)', (phone) => {
    expect(isMainlandMobile(phone)).toBe(false);
  });
});

describe('normaliseIdNumber', () => {
  it('trims spaces and upper-cases a final x', () => {
    expect(normaliseIdNumber('  11010519491231002x ')).toBe('11010519491231002X');
  });

  it('leaves an all-digit number unchanged', () => {
    expect(normaliseIdNumber('430102199003071234')).toBe('430102199003071234');
  });
});

describe('idNumberChecksum', () => {
  it('gives X for the standard GB 11643 sample 11010519491231002X', () => {
    expect(idNumberChecksum('11010519491231002')).toBe('X');
  });

  it('gives 4 for 43010219900307123 (weighted sum 217, 217 mod 11 = 8, hand-checked)', () => {
    expect(idNumberChecksum('43010219900307123')).toBe('4');
  });

  it('refuses input that is not 17 digits', () => {
    expect(() => idNumberChecksum('1101051949123100')).toThrow(PersonalDataFormatError);
    expect(() => idNumberChecksum('1101051949123100A')).toThrow(PersonalDataFormatError);
  });
});

describe('isValidIdNumber', () => {
  const today = new Date('2025-06-15T12:00:00Z');

  it('accepts the standard sample 11010519491231002X', () => {
    expect(isValidIdNumber('11010519491231002X', today)).toBe(true);
  });

  it('accepts the hand-checked 430102199003071234', () => {
    expect(isValidIdNumber('430102199003071234', today)).toBe(true);
  });

  it('accepts someone born on the leap day 2000-02-29', () => {
    expect(isValidIdNumber('430102200002290019', today)).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(isValidIdNumber('110105194912310021', today)).toBe(false);
    expect(isValidIdNumber('430102199003071235', today)).toBe(false);
  });

  it('rejects a lower-case x until it is normalised', () => {
    expect(isValidIdNumber('11010519491231002x', today)).toBe(false);
    expect(isValidIdNumber(normaliseIdNumber('11010519491231002x'), today)).toBe(true);
  });

  it('rejects a birth date of February 30 even with a correct check character', () => {
    expect(isValidIdNumber(withChecksum('43010219900230123'), today)).toBe(false);
  });

  it('rejects February 29 in a year that is not a leap year', () => {
    expect(isValidIdNumber(withChecksum('43010219900229123'), today)).toBe(false);
  });

  it('rejects month 13 and day 00', () => {
    expect(isValidIdNumber(withChecksum('43010219901301123'), today)).toBe(false);
    expect(isValidIdNumber(withChecksum('43010219900100123'), today)).toBe(false);
  });

  it('rejects a birth date before 1900-01-01 but accepts 1900-01-01 itself', () => {
    expect(isValidIdNumber(withChecksum('43010218991231123'), today)).toBe(false);
    expect(isValidIdNumber(withChecksum('43010219000101123'), today)).toBe(true);
  });

  it('rejects a birth date after today but accepts today', () => {
    expect(isValidIdNumber(withChecksum('43010220250616123'), today)).toBe(false);
    expect(isValidIdNumber(withChecksum('43010220250615123'), today)).toBe(true);
  });

  it('judges "today" in China time, so a baby born just after midnight in Beijing is valid', () => {
    // 2025-06-15T17:00Z is already 2025-06-16 01:00 in Beijing.
    expect(isValidIdNumber(withChecksum('43010220250616123'), new Date('2025-06-15T17:00:00Z'))).toBe(true);
  });

  it.each([
    ['15-digit first-generation number', '430102900307123'],
    ['17 characters', '43010219900307123'],
    ['19 characters', '4301021990030712345'],
    ['X in the middle', '4301021990X3071234'],
    ['empty', ''],
  ])('rejects a %s', (_label, value) => {
    expect(isValidIdNumber(value, today)).toBe(false);
  });
});

describe('masking', () => {
  it.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小明', '欧**明'],
    ['买买提·艾力', '买****力'],
    ['John', 'J**n'],
    ['Li', 'L*'],
    ['王', '*'],
    ['  张小三  ', '张*三'],
    ['𠮷野家', '𠮷*家'],
  ])('shows the name %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('shows a phone number as 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('shows an ID number as 430***********123X', () => {
    expect(maskIdNumber('43010219900307123X')).toBe('430***********123X');
  });

  it('hides a value too short to show both ends completely', () => {
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('PersonalDataFormatError', () => {
  it('carries the field name and a stable code', () => {
    const error = new PersonalDataFormatError('phone', 'Phone number is invalid');
    expect(error).toBeInstanceOf(Error);
    expect(error.field).toBe('phone');
    expect(error.code).toBe('PERSONAL_DATA_INVALID_FORMAT');
    expect(error.message).toBe('Phone number is invalid');
    expect(error.name).toBe('PersonalDataFormatError');
  });
});
