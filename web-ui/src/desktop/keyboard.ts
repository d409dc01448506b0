import { encodeKey, encodeUnicode, type Bytes } from './protocol';
import { Scancode, scancodeFor } from './scancodes';

/** The parts of a KeyboardEvent this needs (a plain object in tests). */
export interface KeyInput {
  code: string;
  key: string;
  isComposing?: boolean;
  shiftKey?: boolean;
  getModifierState?(key: string): boolean;
}

// What each key gives with Shift on a US keyboard, for the synthetic-shift case in keyDown.
const US_SHIFTED: Readonly<Record<string, string>> = {
  Digit1: '!', Digit2: '@', Digit3: '#', Digit4: '$', Digit5: '%', Digit6: '^', Digit7: '&', Digit8: '*', Digit9: '(', Digit0: ')',
  Minus: '_', Equal: '+', BracketLeft: '{', BracketRight: '}', Backslash: '|', Semicolon: ':', Quote: '"', Backquote: '~',
  Comma: '<', Period: '>', Slash: '?',
};
const SHIFT_LEFT = 0x2a;
const SHIFTS = [0x2a, 0x36];

const META = new Set([0xe05b, 0xe05c]);

/**
 * Turns key events into KEY / UNICODE frames and remembers which keys the remote believes are
 * down, so that leaving the canvas (blur) can release them: a key released while the page had
 * no focus would otherwise stay stuck down on the remote.
 */
export class KeyboardState {
  private readonly pressed = new Set<number>();

  /** The frames for a key press, or null when the key is not for the remote (let the browser have it). */
  keyDown(e: KeyInput): Bytes[] | null {
    // An IME composes text out of several presses; its result is not a key.
    if (e.isComposing || e.key === 'Process') return null;
    const scancode = scancodeFor(e.code);
    if (scancode !== undefined && this.needsSyntheticShift(e)) {
      // The character is the key's shifted one, yet no Shift is down: a synthesised event (test
      // drivers such as Playwright's keyboard.type send '$' as Digit4 without Shift). Wrap the
      // key in Shift so the remote types the character the page was given.
      return [encodeKey(true, SHIFT_LEFT), encodeKey(true, scancode), encodeKey(false, scancode), encodeKey(false, SHIFT_LEFT)];
    }
    if (scancode !== undefined) {
      // Auto-repeat arrives as more presses without releases, which is what RDP expects too.
      this.pressed.add(scancode);
      return [encodeKey(true, scancode)];
    }
    return unicodeFrames(e.key);
  }

  /** The frames for a key release; [] when handled but nothing is to be sent, null when not ours. */
  keyUp(e: KeyInput): Bytes[] | null {
    const scancode = scancodeFor(e.code);
    if (scancode === undefined) return singleCharacter(e.key) ? [] : null; // UNICODE went down and up on the press
    if (!this.pressed.delete(scancode)) return [];
    const frames = [encodeKey(false, scancode)];
    // macOS sends no keyup for a key released while Command is held: release them with Command.
    if (META.has(scancode)) frames.push(...this.releaseAll((code) => !isModifier(code)));
    return frames;
  }

  /** Key-ups for every key still down (last pressed first). */
  releaseAll(which: (scancode: number) => boolean = () => true): Bytes[] {
    const codes = [...this.pressed].filter(which).reverse();
    for (const code of codes) this.pressed.delete(code);
    return codes.map((code) => encodeKey(false, code));
  }

  private needsSyntheticShift(e: KeyInput): boolean {
    if (e.shiftKey || SHIFTS.some((s) => this.pressed.has(s))) return false;
    if (/^Key[A-Z]$/.test(e.code)) return e.key === e.code.slice(3) && !e.getModifierState?.('CapsLock');
    return US_SHIFTED[e.code] === e.key;
  }

  get pressedCount(): number {
    return this.pressed.size;
  }
}

/** Ctrl+Alt+Del, which no browser lets a page receive from the local keyboard. */
export function ctrlAltDelFrames(): Bytes[] {
  const keys = [Scancode.CONTROL_LEFT, Scancode.ALT_LEFT, Scancode.DELETE];
  return [...keys.map((k) => encodeKey(true, k)), ...keys.reverse().map((k) => encodeKey(false, k))];
}

function isModifier(scancode: number): boolean {
  return [0x1d, 0xe01d, 0x2a, 0x36, 0x38, 0xe038, 0xe05b, 0xe05c].includes(scancode);
}

// KeyboardEvent.key is either one character or a name ("Dead", "Unidentified", "AudioVolumeUp").
function singleCharacter(key: string): boolean {
  return [...key].length === 1;
}

function unicodeFrames(key: string): Bytes[] | null {
  if (!singleCharacter(key)) return null;
  const frames: Bytes[] = [];
  // UTF-16 code units, so a character outside the BMP goes as its surrogate pair.
  for (let i = 0; i < key.length; i++) frames.push(encodeUnicode(true, key.charCodeAt(i)), encodeUnicode(false, key.charCodeAt(i)));
  return frames;
}
