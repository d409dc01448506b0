import { describe, expect, it } from 'vitest';
import { DesktopRecordingError, isDesktopRecording, parseDesktopRecording } from './desktopRecording';

const header = JSON.stringify({ version: 1, kind: 'desktop', desktop: 'win-1', login: 'alice', user: 'bob', width: 1280, height: 800, timestamp: 1700000000 });
const b64 = (...bytes: number[]) => btoa(String.fromCharCode(...bytes));
const screen = b64(0x01, 0x05, 0x00, 0x03, 0x20); // 1280×800
const tile = b64(0x02, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0x89, 0x50);
const line = (time: number, frame: string) => JSON.stringify([time, frame]);
const recording = (...lines: string[]) => lines.join('\n') + '\n';

describe('parseDesktopRecording', () => {
  it('reads the header and the frames with their times', () => {
    const r = parseDesktopRecording(recording(header, line(0, screen), line(0.25, tile)));
    expect(r.header).toEqual({ desktop: 'win-1', login: 'alice', user: 'bob', width: 1280, height: 800, timestamp: 1700000000 });
    expect(r.events.map((e) => [e.time, e.data.type])).toEqual([
      [0, 'screen'],
      [0.25, 'tile'],
    ]);
    expect(r.events[0]!.data).toEqual({ type: 'screen', width: 1280, height: 800 });
    expect(r.duration).toBe(0.25);
    expect(r.truncated).toBe(false);
  });

  it('is recognised by its header, an asciicast is not', () => {
    expect(isDesktopRecording(recording(header, line(0, screen)))).toBe(true);
    expect(isDesktopRecording('{"version": 2, "width": 80, "height": 24}\n[0.1, "o", "x"]\n')).toBe(false);
    expect(isDesktopRecording('')).toBe(false);
  });

  it('names the line of a malformed event', () => {
    expect(() => parseDesktopRecording(recording(header, line(0, screen), 'not json'))).toThrow('Line 3 of the recording is not JSON.');
    expect(() => parseDesktopRecording(recording(header, '[1]'))).toThrow(/Line 2 .* is not \[seconds/);
    expect(() => parseDesktopRecording(recording(header, line(-1, screen)))).toThrow(/usable time/);
    expect(() => parseDesktopRecording(recording(header, line(0, '%%%')))).toThrow(/not base64/);
    expect(() => parseDesktopRecording(recording(header, line(0, b64(0x01, 0, 1))))).toThrow(/Line 2 .*broken frame: .*SCREEN/);
  });

  it('skips a last line cut off mid-write and says so', () => {
    const r = parseDesktopRecording([header, line(0, screen), '[0.5, "AgAA'].join('\n'));
    expect(r.events).toHaveLength(1);
    expect(r.truncated).toBe(true);
  });

  it('skips frames of types it does not know and never rewinds', () => {
    const r = parseDesktopRecording(recording(header, line(2, screen), line(1, b64(0x7e, 1)), line(1, tile)));
    expect(r.events.map((e) => e.time)).toEqual([2, 2]);
  });

  it('refuses a recording without a desktop v1 header', () => {
    expect(() => parseDesktopRecording('')).toThrow(DesktopRecordingError);
    expect(() => parseDesktopRecording('[0, "AQ=="]\n')).toThrow(/not a JSON object/);
    expect(() => parseDesktopRecording('{"version":1,"kind":"terminal"}\n')).toThrow(/kind "terminal"/);
    expect(() => parseDesktopRecording('{"version":2,"kind":"desktop"}\n')).toThrow(/version 2/);
  });
});
