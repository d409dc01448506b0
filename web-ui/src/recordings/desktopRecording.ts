// A desktop recording (docs/desktop-protocol.md, "Recording"): a JSON header line
// {"version":1,"kind":"desktop",...}, then one `[seconds, "base64 frame"]` per line, each frame a
// server → browser frame as the live page received it.

import { decodeServerFrame, isProtocolError, type ServerFrame } from '../desktop/protocol';

export interface DesktopRecordingHeader {
  desktop: string;
  login: string;
  user: string;
  /** The size the session opened at (0 when the header has none: the first SCREEN frame says). */
  width: number;
  height: number;
  /** Unix seconds of the start, when known. */
  timestamp?: number;
}

export interface FrameEvent {
  /** Seconds from the start of the recording. */
  time: number;
  data: ServerFrame;
}

export interface DesktopRecording {
  header: DesktopRecordingHeader;
  events: FrameEvent[];
  /** Seconds until the last frame. */
  duration: number;
  /** The last line was cut off (the session is still being written, or the agent stopped mid-line). */
  truncated: boolean;
}

export class DesktopRecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DesktopRecordingError';
  }
}

/** Whether `text` is a desktop recording (rather than a terminal's asciicast): its header says so. */
export function isDesktopRecording(text: string): boolean {
  const end = text.indexOf('\n');
  const header = objectOrNull(end < 0 ? text : text.slice(0, end));
  return header?.kind === 'desktop';
}

export function parseDesktopRecording(text: string): DesktopRecording {
  const reader = new DesktopRecordingReader();
  for (const line of text.split('\n')) reader.push(line);
  // A recording ends with a newline (the split's last piece is then empty).
  return reader.finish(text.endsWith('\n'));
}

/** The same, a line at a time (without its newline), as a streamed recording arrives. */
export class DesktopRecordingReader {
  private header: DesktopRecordingHeader | null = null;
  private readonly events: FrameEvent[] = [];
  private time = 0;
  private lineNumber = 0;
  /** A line that did not parse: fatal, unless it turns out to be the last, cut-off one. */
  private broken: string | null = null;

  push(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    this.lineNumber++;
    if (this.header === null) {
      this.header = parseHeader(line);
      return;
    }
    if (this.broken !== null && line.trim() !== '') throw new DesktopRecordingError(this.broken);
    if (line.trim() === '') return;
    const parsed = parseLine(line);
    if (typeof parsed === 'string') {
      this.broken = `Line ${this.lineNumber} of the recording ${parsed}.`;
      return;
    }
    if (parsed.frame.type === 'unknown') return; // a later version's frame: not for this player
    // A clock that goes backwards is a broken writer; keep the order, never rewind.
    this.time = Math.max(this.time, parsed.time);
    this.events.push({ time: this.time, data: parsed.frame });
  }

  /** `endedWithNewline`: a last line without one was cut off while being written. */
  finish(endedWithNewline: boolean): DesktopRecording {
    if (this.header === null) this.header = parseHeader('');
    if (this.broken !== null && endedWithNewline) throw new DesktopRecordingError(this.broken);
    const events = this.events;
    return { header: this.header, events, duration: events.length ? this.time : 0, truncated: this.broken !== null };
  }
}

function parseHeader(line: string): DesktopRecordingHeader {
  const h = objectOrNull(line);
  if (!h) throw new DesktopRecordingError('The recording does not start with a header (its first line is not a JSON object).');
  if (h.kind !== 'desktop') throw new DesktopRecordingError(`The recording is of kind ${JSON.stringify(h.kind ?? null)}, not a desktop.`);
  if (h.version !== 1) throw new DesktopRecordingError(`The desktop recording is version ${String(h.version)}; this player reads version 1.`);
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    desktop: text(h.desktop),
    login: text(h.login),
    user: text(h.user),
    width: positiveInt(h.width) ?? 0,
    height: positiveInt(h.height) ?? 0,
    timestamp: typeof h.timestamp === 'number' && Number.isFinite(h.timestamp) ? h.timestamp : undefined,
  };
}

/** The event, or why the line is not one. */
function parseLine(line: string): { time: number; frame: ServerFrame } | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return 'is not JSON';
  }
  if (!Array.isArray(raw) || raw.length !== 2) return 'is not [seconds, "base64 frame"]';
  const [time, encoded] = raw as unknown[];
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) return 'has no usable time (seconds ≥ 0)';
  if (typeof encoded !== 'string') return 'has no base64 frame';
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  } catch {
    return 'holds a frame that is not base64';
  }
  const frame = decodeServerFrame(bytes);
  if (isProtocolError(frame)) return `holds a broken frame: ${frame.message}`;
  return { time, frame };
}

function objectOrNull(line: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}
