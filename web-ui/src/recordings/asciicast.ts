// asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then
// one JSON array per line, `[time_seconds, event_type, data]`. Only "o" (output) events
// are played, and Gatehouse's "b": output that was not UTF-8 text (a binary file sent through
// `ssh HOST cat`), kept by the node as base64; input, resize and marker events are ignored.

export interface AsciicastHeader {
  version: number;
  width: number;
  height: number;
  /** Pauses longer than this many seconds are shortened to it when present. */
  idleTimeLimit?: number;
}

export interface OutputEvent {
  /** Seconds from the start of the recording. */
  time: number;
  data: string;
}

export interface Asciicast {
  header: AsciicastHeader;
  events: OutputEvent[];
  /** Seconds until the last output. */
  duration: number;
  /** Lines that were not a well-formed event (skipped, never fatal). */
  skipped: number;
}

export class AsciicastError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AsciicastError';
  }
}

const DEFAULT_WIDTH = 80;
const DEFAULT_HEIGHT = 24;

export function parseAsciicast(text: string): Asciicast {
  const reader = new AsciicastReader();
  for (const line of text.split(/\r?\n/)) reader.push(line);
  return reader.finish();
}

/** The same, a line at a time, as a streamed recording arrives. */
export class AsciicastReader {
  private header: AsciicastHeader | null = null;
  private readonly events: OutputEvent[] = [];
  private skipped = 0;
  private last = 0; // recorded time of the previous event, before any idle shortening
  private time = 0; // play-back time of the previous event

  push(line: string): void {
    if (line.trim() === '') return;
    if (this.header === null) {
      this.header = parseHeader(line);
      return;
    }
    const event = parseEvent(line);
    if (event === null) {
      this.skipped++;
      return;
    }
    // A clock that goes backwards is a broken writer; keep the order, never rewind.
    const gap = Math.max(0, event.time - this.last);
    this.last = Math.max(this.last, event.time);
    const limit = this.header.idleTimeLimit;
    this.time += limit !== undefined ? Math.min(gap, limit) : gap;
    if (event.type === 'o') this.events.push({ time: this.time, data: event.data });
    else if (event.type === 'b') {
      const data = binaryOutput(event.data);
      if (data === null) this.skipped++;
      else this.events.push({ time: this.time, data });
    }
  }

  finish(): Asciicast {
    if (this.header === null) throw new AsciicastError('The recording is empty.');
    const events = this.events;
    return { header: this.header, events, duration: events.length ? this.time : 0, skipped: this.skipped };
  }
}

function parseHeader(line: string): AsciicastHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new AsciicastError('The recording does not start with an asciicast header (its first line is not JSON).');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AsciicastError('The recording does not start with an asciicast header (its first line is not a JSON object).');
  }
  const h = raw as Record<string, unknown>;
  if (h.version !== 2) throw new AsciicastError(`The recording is asciicast version ${String(h.version)}; this player reads version 2.`);
  const limit = h.idle_time_limit;
  return {
    version: 2,
    width: positiveInt(h.width) ?? DEFAULT_WIDTH,
    height: positiveInt(h.height) ?? DEFAULT_HEIGHT,
    idleTimeLimit: typeof limit === 'number' && limit > 0 ? limit : undefined,
  };
}

function parseEvent(line: string): { time: number; type: string; data: string } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length < 3) return null;
  const [time, type, data] = raw as unknown[];
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) return null;
  if (typeof type !== 'string' || typeof data !== 'string') return null;
  return { time, type, data };
}

/** What a terminal shows for binary output: the bytes decoded as UTF-8, invalid ones as U+FFFD. */
function binaryOutput(base64: string): string | null {
  let raw: string;
  try {
    raw = atob(base64);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}
