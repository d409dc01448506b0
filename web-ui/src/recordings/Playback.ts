/** Something recorded at `time` seconds: terminal output, or a desktop frame. */
export interface TimedEvent<T> {
  time: number;
  data: T;
}

export interface PlaybackSink<T> {
  /** The events due now, in order (one call for all of them, so a fast speed stays cheap). */
  write(batch: T[]): void;
  /** Clears the screen before playing again from the start. */
  reset(): void;
  /** Playing, paused or finished changed. */
  changed(): void;
}

/**
 * Plays events into a sink with their recorded timing, scaled by `speed`.
 * Events due at the same moment are written in one call, so a fast speed stays cheap.
 */
export class Playback<T> {
  private next = 0;
  private clock = 0; // recording seconds reached when last paused or rebased
  private wallAtClock = 0; // performance.now() at that moment
  private timer: ReturnType<typeof setTimeout> | null = null;
  private speedFactor = 1;

  constructor(
    private readonly events: readonly TimedEvent<T>[],
    readonly duration: number,
    private readonly sink: PlaybackSink<T>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get playing(): boolean {
    return this.timer !== null;
  }

  get finished(): boolean {
    return this.next >= this.events.length;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Seconds into the recording. */
  get position(): number {
    if (this.finished) return this.duration;
    const p = this.playing ? this.clock + ((this.now() - this.wallAtClock) / 1000) * this.speedFactor : this.clock;
    return Math.min(p, this.duration);
  }

  play(): void {
    if (this.playing) return;
    if (this.finished) {
      this.sink.reset();
      this.next = 0;
      this.clock = 0;
    }
    this.wallAtClock = this.now();
    this.tick();
    this.sink.changed();
  }

  pause(): void {
    if (!this.playing) return;
    this.clock = this.position;
    this.stopTimer();
    this.sink.changed();
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) return;
    const wasPlaying = this.playing;
    this.clock = this.position; // rebase so the new speed applies from here on
    this.wallAtClock = this.now();
    this.speedFactor = speed;
    if (wasPlaying) {
      this.stopTimer();
      this.tick();
    }
  }

  /** Plays again from the start, whether playing, paused or finished. */
  restart(): void {
    this.stopTimer();
    this.sink.reset();
    this.next = 0;
    this.clock = 0;
    this.play();
  }

  /** Writes everything left at once. */
  jumpToEnd(): void {
    this.stopTimer();
    this.flushUntil(Number.POSITIVE_INFINITY);
    this.clock = this.duration;
    this.sink.changed();
  }

  dispose(): void {
    this.stopTimer();
  }

  private tick = (): void => {
    this.timer = null;
    const at = this.clock + ((this.now() - this.wallAtClock) / 1000) * this.speedFactor;
    this.flushUntil(at);
    const upcoming = this.events[this.next];
    if (!upcoming) {
      this.clock = this.duration;
      this.sink.changed();
      return;
    }
    const waitMs = ((upcoming.time - at) / this.speedFactor) * 1000;
    this.timer = setTimeout(this.tick, Math.max(0, waitMs));
  };

  private flushUntil(time: number): void {
    const batch: T[] = [];
    while (this.next < this.events.length && this.events[this.next]!.time <= time) {
      batch.push(this.events[this.next]!.data);
      this.next++;
    }
    if (batch.length) this.sink.write(batch);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
