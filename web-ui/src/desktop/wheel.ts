import { WheelAxis } from './protocol';

// WheelEvent.deltaMode: 0 = pixels, 1 = lines (3 a notch), 2 = pages. A notch is 53 px in Chrome
// on Linux and 100 px on Windows; 53 (Guacamole's threshold too) gives one remote notch for every
// local one everywhere, at worst two for one, never none.
const PER_NOTCH = [53, 3, 1];
const NOTCH = 120; // RDP wheel units in one notch (MS-RDPBCGR 2.2.8.1.1.3.1.1.3)
// A flung touchpad can report thousands of pixels at once; the remote needs no more than this.
const MAX_NOTCHES_PER_EVENT = 10;

export interface WheelStep {
  axis: 0 | 1;
  /** ±120: positive = away from the user (up / right). */
  delta: number;
}

/**
 * Whole wheel notches out of wheel events. Touchpads report many small deltas; they are added up
 * until a notch is reached, because X11 desktops behind xrdp turn every wheel event into a
 * whole button 4/5 click and would otherwise scroll far too fast.
 */
export class WheelNotches {
  private vertical = 0;
  private horizontal = 0;

  /** Read `deltaMode` before deltaX/Y: Firefox reports lines only to pages that look at the mode first. */
  add(deltaX: number, deltaY: number, deltaMode: number): WheelStep[] {
    const per = PER_NOTCH[deltaMode] ?? PER_NOTCH[0]!;
    // Browsers: deltaY > 0 scrolls down, deltaX > 0 scrolls right. The protocol: positive = up / right.
    this.vertical = accumulate(this.vertical, -deltaY / per);
    this.horizontal = accumulate(this.horizontal, deltaX / per);
    const steps: WheelStep[] = [];
    this.vertical = this.take(this.vertical, WheelAxis.VERTICAL, steps);
    this.horizontal = this.take(this.horizontal, WheelAxis.HORIZONTAL, steps);
    return steps;
  }

  private take(amount: number, axis: 0 | 1, steps: WheelStep[]): number {
    const whole = Math.trunc(amount);
    const count = Math.min(Math.abs(whole), MAX_NOTCHES_PER_EVENT);
    for (let i = 0; i < count; i++) steps.push({ axis, delta: Math.sign(whole) * NOTCH });
    return amount - whole;
  }
}

// A change of direction starts afresh: a leftover fraction the other way must not eat the first notch.
function accumulate(current: number, add: number): number {
  if (!Number.isFinite(add) || add === 0) return current;
  return Math.sign(current) === -Math.sign(add) ? add : current + add;
}
