import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Playback } from './Playback';

const events = [
  { time: 0, data: 'a' },
  { time: 1, data: 'b' },
  { time: 3, data: 'c' },
];

describe('Playback', () => {
  let written: string;
  let resets: number;
  let clock: number;
  const sink = {
    write: (batch: string[]) => {
      written += batch.join('');
    },
    reset: () => {
      resets++;
      written = '';
    },
    changed: () => {},
  };
  const advance = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    written = '';
    resets = 0;
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('writes events at their recorded times', () => {
    const p = new Playback(events, 3, sink, () => clock);
    p.play();
    expect(written).toBe('a');
    advance(1000);
    expect(written).toBe('ab');
    advance(1999);
    expect(written).toBe('ab');
    advance(1);
    expect(written).toBe('abc');
    expect(p.finished).toBe(true);
    expect(p.playing).toBe(false);
  });

  it('plays faster at a higher speed and holds still while paused', () => {
    const p = new Playback(events, 3, sink, () => clock);
    p.setSpeed(4);
    p.play();
    advance(250);
    expect(written).toBe('ab');
    p.pause();
    advance(10_000);
    expect(written).toBe('ab');
    expect(p.position).toBeCloseTo(1);
    p.play();
    advance(500);
    expect(written).toBe('abc');
  });

  it('jumps to the end at once and replays from the start after', () => {
    const p = new Playback(events, 3, sink, () => clock);
    p.play();
    p.jumpToEnd();
    expect(written).toBe('abc');
    expect(p.position).toBe(3);
    p.play();
    expect(resets).toBe(1);
    expect(written).toBe('a');
  });

  it('restarts from the start while playing', () => {
    const p = new Playback(events, 3, sink, () => clock);
    p.play();
    advance(1500);
    expect(written).toBe('ab');
    p.restart();
    expect(resets).toBe(1);
    expect(written).toBe('a');
    expect(p.playing).toBe(true);
    advance(1000);
    expect(written).toBe('ab');
  });
});
