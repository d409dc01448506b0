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
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  // A recording ends with a newline; a last line without one was cut off while being written.
  const cutOff = !text.endsWith('\n') && lines.length > 1 ? lines.length - 1 : -1;
  const header = parseHeader(lines[0] ?? '');

  const events: FrameEvent[] = [];
  let time = 0;
  let truncated = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const parsed = parseLine(line);
    if (typeof parsed === 'string') {
      if (i === cutOff) {
        truncated = true;
        continue;
      }
      throw new DesktopRecordingError(`Line ${i + 1} of the recording ${parsed}.`);
    }
    if (parsed.frame.type === 'unknown') continue; // a later version's frame: not for this player
    // A clock that goes backwards is a broken writer; keep the order, never rewind.
    time = Math.max(time, parsed.time);
    events.push({ time, data: parsed.frame });
  }
  return { header, events, duration: events.length ? time : 0, truncated };
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
