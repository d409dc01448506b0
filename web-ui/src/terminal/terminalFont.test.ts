import { describe, expect, it, vi } from 'vitest';
import { openWhenFontReady, terminalFontReady } from './terminalFont';

describe('terminal font', () => {
  it('opens the terminal only once the font is ready', async () => {
    let ready!: () => void;
    const open = vi.fn(() => () => undefined);
    openWhenFontReady(open, new Promise<void>((r) => (ready = r)));
    await Promise.resolve();
    expect(open).not.toHaveBeenCalled();
    ready();
    await Promise.resolve();
    await Promise.resolve();
    expect(open).toHaveBeenCalledOnce();
  });

  it('never opens a terminal whose page was left before the font arrived', async () => {
    const open = vi.fn(() => () => undefined);
    const teardown = openWhenFontReady(open, Promise.resolve());
    teardown();
    await Promise.resolve();
    await Promise.resolve();
    expect(open).not.toHaveBeenCalled();
  });

  it('tears down the terminal it opened', async () => {
    const closed = vi.fn();
    const teardown = openWhenFontReady(() => closed, Promise.resolve());
    await Promise.resolve();
    await Promise.resolve();
    teardown();
    expect(closed).toHaveBeenCalledOnce();
  });

  it('asks for the regular and the bold face, and does not fail when the font cannot load', async () => {
    const load = vi.fn((font: string) => (font.startsWith('700') ? Promise.reject(new Error('offline')) : Promise.resolve([])));
    await terminalFontReady({ load } as unknown as FontFaceSet);
    expect(load.mock.calls.map((c) => c[0])).toEqual(['400 14px "JetBrains Mono"', '700 14px "JetBrains Mono"']);
  });

  it('gives up waiting after a while', async () => {
    vi.useFakeTimers();
    try {
      const never = { load: () => new Promise(() => undefined) } as unknown as FontFaceSet;
      const waited = terminalFontReady(never);
      vi.advanceTimersByTime(3000);
      await expect(waited).resolves.toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
