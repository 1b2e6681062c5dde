import { parseChannel, parseClear, parseDate, parseFlowStatus, parseMembership, readSheet } from './ledger-sheet.js';

describe('ledger sheet', () => {
  it('finds the header under a title row and maps Chinese columns and item labels', () => {
    const { rows, problems } = readSheet(
      [
        [1, ['新就业群体党员“五个清”台账']],
        [2, ['序号', '姓名', '联系电话', '党员类别', '底数清', '备用']],
        [3, ['1', '张三', '13800138000', '正式党员', '是', '']],
        [4, ['', '', '', '', '', '']],
      ],
      ['底数清'],
    );
    expect(rows).toEqual([{ line: 3, fields: { name: '张三', phone: '13800138000', membership: '正式党员' }, items: { 底数清: '是' } }]);
    expect(problems).toEqual([{ field: '备用', message: 'is not a column this import knows' }]);
  });

  it('reports a file without a 姓名 column', () => {
    expect(readSheet([[1, ['a', 'b']]], []).problems[0].field).toBe('file');
  });

  it('reads the Chinese labels and their English names', () => {
    expect(parseMembership('预备党员')).toBe('PROBATIONARY');
    expect(parseMembership('full')).toBe('FULL');
    expect(parseMembership('群众')).toBeUndefined();
    expect(parseFlowStatus('流出')).toBe('OUTFLOW');
    expect(parseChannel('问卷调查')).toBe('QUESTIONNAIRE');
    expect(parseClear('√')).toBe(true);
    expect(parseClear('')).toBe(false);
    expect(parseClear('maybe')).toBeUndefined();
  });

  it('reads dates in the usual spellings and refuses impossible ones', () => {
    expect(parseDate('2015/7/1')).toBe('2015-07-01');
    expect(parseDate('2015年7月1日')).toBe('2015-07-01');
    expect(parseDate('2015-02-30')).toBeUndefined();
    expect(parseDate('yesterday')).toBeUndefined();
  });
});
