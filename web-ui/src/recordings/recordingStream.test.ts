import { describe, expect, it } from 'vitest';
import { readLines, readRecording } from './recordingStream';

function streamOf(...chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
      controller.close();
    },
  });
}

describe('readLines', () => {
  it('splits lines across chunks and keeps a character split between two chunks whole', async () => {
    const euro = new TextEncoder().encode('€'); // three bytes
    const lines: string[] = [];
    const ended = await readLines(streamOf('one\ntw', 'o\nprice ', euro.slice(0, 1), euro.slice(1), '\n'), (l) => lines.push(l));
    expect(lines).toEqual(['one', 'two', 'price €']);
    expect(ended).toBe(true);
  });

  it('hands over a last line without a newline and says so', async () => {
    const lines: string[] = [];
    expect(await readLines(streamOf('a\nb'), (l) => lines.push(l))).toBe(false);
    expect(lines).toEqual(['a', 'b']);
  });
});

describe('readRecording', () => {
  it('reads an asciicast streamed in pieces', async () => {
    const r = await readRecording(streamOf('{"version": 2, "width": 90, "height": 20}\n[0.5, "o", "he', 'llo"]\n'));
    expect(r.cast?.header.width).toBe(90);
    expect(r.cast?.events).toEqual([{ time: 0.5, data: 'hello' }]);
  });

  it('recognises a desktop recording by its header', async () => {
    const r = await readRecording(streamOf('{"version":1,"kind":"desktop","desktop":"d","width":8,"height":8}\n'));
    expect(r.desktop?.header.desktop).toBe('d');
  });

  it('returns a broken file as an error rather than throwing', async () => {
    const r = await readRecording(streamOf('{"version": 3}\n'));
    expect(String(r.error)).toMatch(/version 3/);
  });
});
