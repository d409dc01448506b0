// Recordings are uploaded by nodes: the player must treat them as untrusted bytes. A bounded,
// seeded fuzz pass (the same idea as the Java suite's io.gatehouse.shared.fuzz.Fuzz): every
// mutated recording is read whole or refused with the parser's own error, never a TypeError,
// RangeError or a hang.
import { describe, expect, it } from 'vitest';
import { AsciicastError, parseAsciicast } from './asciicast';
import { DesktopRecordingError, parseDesktopRecording } from './desktopRecording';

/** mulberry32: small, seeded, good enough to pick mutations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['"', '\\', '[', ']', '{', '}', ',', ':', '\n', '\r\n', '\u0000', '\ud800', '1e309', '-1', 'NaN',
  'null', 'true', '"o"', '"b"', '"r"', '"%%"', '"AP8K"', '9007199254740993', '""', '[]', '{}', '"\\u0000"'];

function mutate(seed: string, next: () => number): string {
  let s = seed;
  const edits = 1 + Math.floor(next() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (s.length + 1));
    switch (Math.floor(next() * 6)) {
      case 0: s = s.slice(0, at) + s.slice(at + 1 + Math.floor(next() * 8)); break; // delete
      case 1: s = s.slice(0, at) + TOKENS[Math.floor(next() * TOKENS.length)] + s.slice(at); break; // insert
      case 2: s = s.slice(0, at) + String.fromCharCode(Math.floor(next() * 0x10000)) + s.slice(at + 1); break;
      case 3: s = s.slice(0, at); break; // truncate
      case 4: { const lines = s.split('\n'); lines.splice(Math.floor(next() * lines.length), 0, lines[Math.floor(next() * lines.length)] ?? ''); s = lines.join('\n'); break; }
      default: s = s.slice(0, at) + s.slice(at, at + 16).repeat(1 + Math.floor(next() * 4)) + s.slice(at + 16);
    }
  }
  return s;
}

function fuzz(name: string, seeds: string[], parse: (s: string) => unknown, own: new (...a: never[]) => Error) {
  it(`${name}: 3000 mutated recordings are read or refused with ${own.name}`, () => {
    const next = random(2026);
    const started = Date.now();
    for (let i = 0; i < 3000; i++) {
      const input = mutate(seeds[i % seeds.length]!, next);
      try {
        parse(input);
      } catch (e) {
        if (!(e instanceof own)) throw new Error(`input ${JSON.stringify(input).slice(0, 300)} threw ${String(e)}`);
      }
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });
}

const header = JSON.stringify({ version: 2, width: 80, height: 24, timestamp: 1765000000, idle_time_limit: 2 });
const cast = [header, '[0.1, "o", "$ ls\\r\\n"]', '[0.2, "r", "100x30"]', '[0.3, "b", "AP8K"]',
  '[1e3, "o", "\\u001b[31mred\\u001b[0m"]', ''].join('\n');

const screen = btoa(String.fromCharCode(0x01, 0x05, 0x00, 0x03, 0x20)); // SCREEN 1280x800
const pointer = btoa(String.fromCharCode(0x03, 0x00, 0x0a, 0x00, 0x14)); // POINTER_POSITION 10,20
const desktop = [JSON.stringify({ version: 1, kind: 'desktop', desktop: 'win', login: 'alice', user: 'alice', width: 1280, height: 800 }),
  `[0.1, "${screen}"]`, `[0.2, "${pointer}"]`, ''].join('\n');

describe('recording parsers under fuzzing', () => {
  it('reads the unmutated seeds whole', () => {
    expect(parseAsciicast(cast).events).toHaveLength(3);
    expect(parseDesktopRecording(desktop).events.map((e) => e.data.type)).toEqual(['screen', 'pointerPosition']);
  });

  fuzz('asciicast', [cast], parseAsciicast, AsciicastError);
  fuzz('desktop recording', [desktop], parseDesktopRecording, DesktopRecordingError);
});
