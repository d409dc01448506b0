import { describe, expect, it, vi } from 'vitest';
import type { Bytes, ServerFrame } from './protocol';
import { browserDecoders, ScreenRenderer, type ScreenCanvas, type TileDecoders, type TileImage } from './ScreenRenderer';

type Tile = Extract<ServerFrame, { type: 'tile' }>;

const tile = (x: number, encoding: number, data: number[] = [x]): Tile => ({
  type: 'tile',
  x,
  y: 0,
  width: 1,
  height: 1,
  encoding,
  data: new Uint8Array(data),
});

function fakeCanvas() {
  const drawn: string[] = [];
  const canvas: ScreenCanvas = {
    width: 0,
    height: 0,
    dataset: {},
    getContext: () => ({
      drawImage: (image, x) => drawn.push(`png@${x}:${(image as unknown as { name: string }).name}`),
      createImageData: (w, h) => ({ data: new Uint8ClampedArray(w * h * 4) }),
      putImageData: (image, x) => drawn.push(`rgba@${x}:${[...image.data].join(',')}`),
    }),
  };
  return { canvas, drawn };
}

/** Decoders whose PNG decode time is the tile's first data byte in ms (so later tiles can finish first). */
const delayed: TileDecoders = {
  png: (data) => new Promise((resolve) => setTimeout(() => resolve({ name: `t${data[0]}`, close() {} } as unknown as TileImage), data[0])),
  zlibRgba: async (data) => new Uint8ClampedArray([data[0]!, 0, 0, 255]),
};

describe('ScreenRenderer', () => {
  it('draws tiles in arrival order even when a later one decodes first', async () => {
    vi.useFakeTimers();
    const { canvas, drawn } = fakeCanvas();
    const r = new ScreenRenderer(canvas, () => {}, delayed);
    r.tile(tile(50, 1));
    r.tile(tile(1, 1));
    r.tile(tile(7, 2));
    await vi.runAllTimersAsync();
    await r.idle();
    vi.useRealTimers();
    expect(drawn).toEqual(['png@50:t50', 'png@1:t1', 'rgba@7:7,0,0,255']);
    expect(r.framesDrawn).toBe(3);
    expect(canvas.dataset.frames).toBe('3');
  });

  it('sizes the canvas on SCREEN in order with the tiles', async () => {
    const { canvas, drawn } = fakeCanvas();
    const sizes: string[] = [];
    const r = new ScreenRenderer(canvas, (w, h) => sizes.push(`${w}x${h}:${drawn.length}`), delayed);
    r.handle(tile(3, 2));
    r.handle({ type: 'screen', width: 800, height: 600 });
    r.handle({ type: 'clipboard', text: 'ignored' });
    await r.idle();
    expect(sizes).toEqual(['800x600:1']);
    expect([canvas.width, canvas.height]).toEqual([800, 600]);
  });

  it('skips tiles that fail to decode and goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { canvas, drawn } = fakeCanvas();
    const failing: TileDecoders = { ...delayed, png: () => Promise.reject(new Error('bad png')) };
    const r = new ScreenRenderer(canvas, () => {}, failing);
    r.tile(tile(1, 1));
    r.tile(tile(2, 9));
    r.tile(tile(3, 2));
    await r.idle();
    warn.mockRestore();
    expect(drawn).toEqual(['rgba@3:3,0,0,255']);
    expect(r.decodeFailures).toBe(2);
  });

  it('drops work queued before a reset', async () => {
    vi.useFakeTimers();
    const { canvas, drawn } = fakeCanvas();
    const r = new ScreenRenderer(canvas, () => {}, delayed);
    r.tile(tile(20, 1));
    r.reset(640, 480);
    r.tile(tile(2, 1));
    await vi.runAllTimersAsync();
    await r.idle();
    vi.useRealTimers();
    expect(drawn).toEqual(['png@2:t2']);
    expect(canvas.dataset.frames).toBe('1');
    expect(canvas.width).toBe(640);
  });
});

describe('browserDecoders.zlibRgba', () => {
  const deflate = async (bytes: Uint8Array): Promise<Bytes> =>
    new Uint8Array(await new Response(new Blob([bytes as Bytes]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());

  it('inflates a zlib stream of w×h×4 bytes', async () => {
    const rgba = new Uint8Array([1, 2, 3, 255, 4, 5, 6, 255]);
    expect([...(await browserDecoders.zlibRgba(await deflate(rgba), 2, 1))]).toEqual([...rgba]);
  });

  it('refuses a stream of the wrong length or garbage', async () => {
    await expect(browserDecoders.zlibRgba(await deflate(new Uint8Array(4)), 2, 1)).rejects.toThrow(/instead of 8/);
    await expect(browserDecoders.zlibRgba(new Uint8Array([1, 2, 3]), 1, 1)).rejects.toThrow();
  });
});
