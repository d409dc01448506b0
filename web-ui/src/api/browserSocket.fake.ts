// A browser socket for the pages' unit tests: records what the page sends and plays the proxy.

import type { BrowserSocket } from './browserSocket';

export class FakeBrowserSocket implements BrowserSocket {
  binaryType: BinaryType = 'blob';
  readyState = 0;
  sent: (string | Uint8Array)[] = [];
  closedWith: number | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;

  send(data: string | Uint8Array) {
    this.sent.push(data);
  }

  close(code?: number) {
    this.closedWith = code ?? 1005;
    this.readyState = 3;
  }

  /** The upgrade succeeded. */
  open() {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }

  /** A binary message from the proxy. */
  receive(...bytes: number[]) {
    this.onmessage?.({ data: new Uint8Array(bytes).buffer } as MessageEvent);
  }

  /** A text message from the proxy: this value as JSON. */
  receiveText(json: unknown) {
    this.onmessage?.({ data: JSON.stringify(json) } as MessageEvent);
  }

  /** The proxy or the network closed the socket. */
  drop(code: number, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
}
