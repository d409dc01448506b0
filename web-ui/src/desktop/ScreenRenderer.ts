import { TileEncoding, type Bytes, type ServerFrame } from './protocol';

type TileFrame = Extract<ServerFrame, { type: 'tile' }>;

/** A decoded PNG tile. */
export type TileImage = ImageBitmap;

/** How tiles are decoded; the browser's by default, fakes in tests (Node has no createImageBitmap). */
export interface TileDecoders {
  png(data: Bytes): Promise<TileImage>;
  /** The w×h×4 RGBA bytes of a zlib stream; rejects when the stream is bad or the length wrong. */
  zlibRgba(data: Bytes, width: number, height: number): Promise<Uint8ClampedArray<ArrayBuffer>>;
}

/** The parts of a 2D context the renderer uses. */
export interface ScreenContext {
  drawImage(image: TileImage, x: number, y: number): void;
  createImageData(width: number, height: number): { data: Uint8ClampedArray };
  putImageData(image: { data: Uint8ClampedArray }, x: number, y: number): void;
}

/** The parts of a canvas the renderer uses. */
export interface ScreenCanvas {
  width: number;
  height: number;
  dataset: Record<string, string | undefined>;
  getContext(kind: '2d'): ScreenContext | null;
}

export const browserDecoders: TileDecoders = {
  // A Blob, not an object URL or data: URL, so no CSP img-src source is needed for tiles.
  png: (data) => createImageBitmap(new Blob([data], { type: 'image/png' })),
  zlibRgba: async (data, width, height) => {
    // 'deflate' in the Compression Streams spec is the zlib format (RFC 1950), as the protocol says.
    const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate'));
    const rgba = new Uint8ClampedArray(await new Response(stream).arrayBuffer());
    if (rgba.length !== width * height * 4) {
      throw new Error(`a ${width}×${height} tile inflated to ${rgba.length} bytes instead of ${width * height * 4}`);
    }
    return rgba;
  },
};

type Decoded = { kind: 'image'; image: TileImage } | { kind: 'rgba'; rgba: Uint8ClampedArray<ArrayBuffer> } | { kind: 'failed' };

/**
 * Paints SCREEN and TILE frames on a canvas in the order they arrived. Decoding is asynchronous
 * and a small tile can finish before a big one that came first, so each tile starts decoding at
 * once but is drawn from one queue: an older tile never lands over a newer one.
 */
export class ScreenRenderer {
  private queue: Promise<void> = Promise.resolve();
  private generation = 0; // bumped by reset(): draws queued before it are dropped
  private drawn = 0;
  private failures = 0;

  constructor(
    private readonly canvas: ScreenCanvas,
    private readonly onScreenSize: (width: number, height: number) => void = () => {},
    private readonly decoders: TileDecoders = browserDecoders,
  ) {
    canvas.dataset.frames = '0';
  }

  /** Tiles drawn since the last reset (also the canvas's data-frames, for end-to-end tests). */
  get framesDrawn(): number {
    return this.drawn;
  }

  /** Tiles that could not be decoded (skipped: one bad tile should not end a session). */
  get decodeFailures(): number {
    return this.failures;
  }

  /** Feeds a server frame; everything but SCREEN and TILE is for someone else. */
  handle(frame: ServerFrame): void {
    if (frame.type === 'screen') this.screen(frame.width, frame.height);
    else if (frame.type === 'tile') this.tile(frame);
  }

  screen(width: number, height: number): void {
    this.enqueue(Promise.resolve(null), () => {
      // Setting the size clears the canvas, as SCREEN asks.
      this.canvas.width = width;
      this.canvas.height = height;
      this.onScreenSize(width, height);
    });
  }

  tile(frame: TileFrame): void {
    this.enqueue(this.decode(frame), (decoded) => {
      if (!decoded || decoded.kind === 'failed') return;
      const context = this.canvas.getContext('2d');
      if (!context) return;
      if (decoded.kind === 'image') {
        context.drawImage(decoded.image, frame.x, frame.y);
        decoded.image.close();
      } else {
        const image = context.createImageData(frame.width, frame.height);
        image.data.set(decoded.rgba);
        context.putImageData(image, frame.x, frame.y);
      }
      this.drawn++;
      this.canvas.dataset.frames = String(this.drawn);
    });
  }

  /** Forgets queued work and starts again at `width`×`height` (a replay, a reconnect). */
  reset(width = 0, height = 0): void {
    this.generation++;
    this.queue = Promise.resolve();
    this.drawn = 0;
    this.canvas.dataset.frames = '0';
    if (width > 0 && height > 0) this.screen(width, height);
  }

  /** Resolves once everything fed so far is drawn (tests, and the player's jump to the end). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(decoded: Promise<Decoded | null>, draw: (decoded: Decoded | null) => void): void {
    const generation = this.generation;
    this.queue = this.queue.then(async () => {
      const value = await decoded;
      if (generation !== this.generation) {
        if (value?.kind === 'image') value.image.close();
        return;
      }
      try {
        draw(value);
      } catch (e) {
        // A throwing draw (a lost context) must not stop every later tile behind it.
        console.warn('Could not draw on the desktop canvas:', e);
      }
    });
  }

  private decode(frame: TileFrame): Promise<Decoded> {
    const failed = (why: unknown): Decoded => {
      this.failures++;
      console.warn(`Skipped a ${frame.width}×${frame.height} desktop tile at ${frame.x},${frame.y}:`, why);
      return { kind: 'failed' };
    };
    if (frame.width === 0 || frame.height === 0) return Promise.resolve({ kind: 'failed' });
    switch (frame.encoding) {
      case TileEncoding.PNG:
        return this.decoders.png(frame.data).then((image): Decoded => ({ kind: 'image', image }), failed);
      case TileEncoding.ZLIB_RGBA:
        return this.decoders.zlibRgba(frame.data, frame.width, frame.height).then((rgba): Decoded => ({ kind: 'rgba', rgba }), failed);
      default:
        return Promise.resolve(failed(`unknown encoding ${frame.encoding}`));
    }
  }
}
