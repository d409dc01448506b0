import { describe, expect, it } from 'vitest';
import { AsciicastError, parseAsciicast } from './asciicast';

const header = JSON.stringify({ version: 2, width: 100, height: 30, timestamp: 1700000000 });

describe('parseAsciicast', () => {
  it('reads the size from the header and the output events in order', () => {
    const cast = parseAsciicast([header, '[0.5, "o", "hello "]', '[1.25, "o", "world\\r\\n"]', ''].join('\n'));
    expect(cast.header).toMatchObject({ version: 2, width: 100, height: 30 });
    expect(cast.events).toEqual([
      { time: 0.5, data: 'hello ' },
      { time: 1.25, data: 'world\r\n' },
    ]);
    expect(cast.duration).toBe(1.25);
    expect(cast.skipped).toBe(0);
  });

  it('ignores input, resize and marker events without counting them as malformed', () => {
    const cast = parseAsciicast([header, '[0.1, "i", "ls\\r"]', '[0.2, "r", "90x20"]', '[0.3, "m", ""]', '[0.4, "o", "x"]'].join('\n'));
    expect(cast.events).toEqual([{ time: 0.4, data: 'x' }]);
    expect(cast.skipped).toBe(0);
  });

  it('plays binary output ("b", base64) as a terminal would show its bytes', () => {
    // "caf\xc3\xa9 \xff\x00": UTF-8 text, then a byte that is not UTF-8 and a NUL
    const bytes = btoa(String.fromCharCode(0x63, 0x61, 0x66, 0xc3, 0xa9, 0x20, 0xff, 0x00));
    const cast = parseAsciicast([header, `[0.5, "b", "${bytes}"]`, '[0.6, "b", "not base64!"]'].join('\n'));
    expect(cast.events).toEqual([{ time: 0.5, data: 'café \ufffd\u0000' }]);
    expect(cast.skipped).toBe(1);
  });

  it('skips malformed lines and counts them instead of failing', () => {
    const cast = parseAsciicast(
      [header, 'not json', '{"an": "object"}', '[1, "o"]', '["1", "o", "x"]', '[-1, "o", "x"]', '[2, "o", 5]', '[3, "o", "ok"]'].join('\r\n'),
    );
    expect(cast.events).toEqual([{ time: 3, data: 'ok' }]);
    expect(cast.skipped).toBe(6);
  });

  it('never rewinds when timestamps go backwards', () => {
    const cast = parseAsciicast([header, '[2, "o", "a"]', '[1, "o", "b"]', '[3, "o", "c"]'].join('\n'));
    expect(cast.events.map((e) => e.time)).toEqual([2, 2, 3]);
  });

  it('shortens pauses longer than idle_time_limit', () => {
    const limited = JSON.stringify({ version: 2, width: 80, height: 24, idle_time_limit: 1 });
    const cast = parseAsciicast([limited, '[0.5, "o", "a"]', '[10, "o", "b"]'].join('\n'));
    expect(cast.events.map((e) => e.time)).toEqual([0.5, 1.5]);
  });

  it('falls back to 80x24 when the header has no usable size', () => {
    expect(parseAsciicast('{"version": 2}').header).toMatchObject({ width: 80, height: 24 });
  });

  it('refuses a recording without a v2 header', () => {
    expect(() => parseAsciicast('')).toThrow(AsciicastError);
    expect(() => parseAsciicast('[0.1, "o", "x"]')).toThrow(AsciicastError);
    expect(() => parseAsciicast('{"version": 1, "width": 80}')).toThrow(/version 1/);
  });
});
