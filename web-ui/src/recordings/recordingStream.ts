// A recording's content arrives streamed (GET /recordings/ID/content): it is decoded and parsed a
// line at a time as it comes, so the page never holds the file as one string next to its events.

import { apiStream } from '../api/client';
import { AsciicastReader, type Asciicast } from './asciicast';
import { DesktopRecordingReader, isDesktopRecording, type DesktopRecording } from './desktopRecording';

export interface LoadedRecording {
  cast?: Asciicast;
  desktop?: DesktopRecording;
  /** The content arrived but could not be read (or the transfer broke off). */
  error?: unknown;
}

/** Calls `onLine` with each line (without its newline) as the bytes arrive; true if the last line ended with one. */
export async function readLines(body: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<boolean> {
  const reader = body.getReader();
  const decoder = new TextDecoder(); // keeps a character split across two chunks whole
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    rest += done ? decoder.decode() : decoder.decode(value, { stream: true });
    let start = 0;
    for (let end = rest.indexOf('\n'); end >= 0; end = rest.indexOf('\n', start)) {
      onLine(rest.slice(start, end));
      start = end + 1;
    }
    rest = rest.slice(start);
    if (done) break;
  }
  if (rest === '') return true;
  onLine(rest);
  return false;
}

/** Parses lines as a desktop recording or an asciicast, whichever the first line's header says. */
export async function readRecording(body: ReadableStream<Uint8Array>): Promise<LoadedRecording> {
  let desktop: DesktopRecordingReader | null = null;
  let cast: AsciicastReader | null = null;
  try {
    const ended = await readLines(body, (line) => {
      if (desktop === null && cast === null) {
        if (line.trim() === '') return;
        if (isDesktopRecording(line)) desktop = new DesktopRecordingReader();
        else cast = new AsciicastReader();
      }
      (desktop ?? cast)!.push(line);
    });
    if (desktop !== null) return { desktop: (desktop as DesktopRecordingReader).finish(ended) };
    return { cast: (cast ?? new AsciicastReader()).finish() };
  } catch (error) {
    return { error };
  }
}

/** Fetches and parses a recording; a refusal (not found, logged out) is thrown, a broken file returned. */
export async function loadRecording(sessionId: string): Promise<LoadedRecording> {
  return readRecording(await apiStream(`/recordings/${encodeURIComponent(sessionId)}/content`));
}
