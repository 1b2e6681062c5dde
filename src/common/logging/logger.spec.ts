import { ConsoleOutput, createConsoleLogger, createRootLogger, PinoNestLogger } from './logger.js';

/** A stand-in for process.stdout that records what is written. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY, columns: 40, text: '', write: (chunk: string) => ((stream.text += chunk), true) };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

describe('console logging', () => {
  it('writes one readable line per event in pretty format, fields on the same line', () => {
    const stream = fakeStream(false);
    const logger = createConsoleLogger('info', 'pretty', new ConsoleOutput(stream));
    logger.info({ applied: ['A', 'B'] }, 'applied 2 migration(s)');
    logger.warn('careful');
    const lines = stream.text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: applied 2 migration\(s\) .*"applied":\["A","B"\]/);
    expect(lines[1]).toMatch(/WARN: careful$/);
  });

  it('writes JSON lines in json format', () => {
    const stream = fakeStream(true);
    createConsoleLogger('info', 'json', new ConsoleOutput(stream)).info({ n: 1 }, 'hello');
    expect(JSON.parse(stream.text)).toMatchObject({ level: 30, msg: 'hello', n: 1, service: 'newforce' });
  });

  it('keeps a status line below the log lines on a terminal, and shows none elsewhere', () => {
    const terminal = fakeStream(true);
    const output = new ConsoleOutput(terminal);
    output.setStatus('seeding: step 1 of 10');
    output.write('a log line\n');
    output.setStatus('');
    expect(terminal.text).toBe('\r\x1b[2Kseeding: step 1 of 10\r\x1b[2Ka log line\nseeding: step 1 of 10\r\x1b[2K');

    const pipe = fakeStream(false);
    new ConsoleOutput(pipe).setStatus('seeding');
    expect(pipe.text).toBe('');
  });

  it('cuts a status line to the terminal width, counting CJK characters as two columns', () => {
    const terminal = fakeStream(true);
    new ConsoleOutput(terminal).setStatus(`宁远县${'x'.repeat(60)}`);
    const shown = terminal.text.replace('\r\x1b[2K', '');
    expect(shown.endsWith('…')).toBe(true);
    expect(6 + (shown.length - 3)).toBeLessThanOrEqual(40);
  });

  it("logs Nest's start-up chatter (modules, routes) at debug and its other messages at info", () => {
    const lines: { level: number; msg: string; context?: string }[] = [];
    const nest = new PinoNestLogger(createRootLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line)) }));
    nest.log('Mapped {/api/v1/me, GET} route', 'RouterExplorer');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('created the initial administrator account', 'StaffService');
    expect(lines.map((l) => [l.level, l.context])).toEqual([
      [20, 'RouterExplorer'],
      [20, 'InstanceLoader'],
      [30, 'StaffService'],
    ]);
  });
});
