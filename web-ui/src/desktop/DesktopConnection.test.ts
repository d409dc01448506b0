import { describe, expect, it } from 'vitest';
import { FakeBrowserSocket } from '../api/browserSocket.fake';
import { DesktopConnection, type DesktopStatus } from './DesktopConnection';
import { encodeKey, type ServerFrame } from './protocol';

/** A desktop frame whose body is this value as JSON (ERROR, CLOSED, CONNECTED). */
function receiveJson(socket: FakeBrowserSocket, type: number, json: unknown) {
  socket.receive(type, ...new TextEncoder().encode(JSON.stringify(json)));
}

function connect() {
  const socket = new FakeBrowserSocket();
  const statuses: DesktopStatus[] = [];
  const frames: ServerFrame[] = [];
  const connection = new DesktopConnection('wss://proxy/v1/webapi/desktop', 'tok', { frame: (f) => frames.push(f), status: (s) => statuses.push(s) }, () => socket);
  return { socket, statuses, frames, connection };
}

describe('DesktopConnection', () => {
  it('authenticates first, then becomes connected on CONNECTED and passes frames on', () => {
    const { socket, statuses, frames, connection } = connect();
    expect(socket.binaryType).toBe('arraybuffer');
    socket.open();
    expect(socket.sent).toEqual(['{"type":"auth","token":"tok"}']);
    connection.send(encodeKey(true, 0x1e)); // before CONNECTED: dropped
    receiveJson(socket, 0x08, { desktop: 'w1', login: 'alice', session_id: 's1' });
    socket.receive(0x01, 0x02, 0x80, 0x01, 0xe0);
    socket.receive(0x7f); // unknown type: ignored
    connection.send(encodeKey(true, 0x1e));
    expect(statuses.map((s) => s.kind)).toEqual(['connecting', 'connected']);
    expect(frames).toEqual([{ type: 'screen', width: 640, height: 480 }]);
    expect(socket.sent).toHaveLength(2);
  });

  it('reports ERROR with its code and message, and ignores the close after it', () => {
    const { socket, statuses } = connect();
    socket.open();
    receiveJson(socket, 0x06, { code: 'bad_credential', message: 'The desktop refused alice.' });
    socket.drop(1000);
    expect(statuses.at(-1)).toEqual({ kind: 'error', code: 'bad_credential', message: 'The desktop refused alice.' });
    expect(statuses).toHaveLength(2);
  });

  it("shows the proxy's own refusal, sent in the one format of every browser socket, and ignores the close after it", () => {
    const { socket, statuses, frames } = connect();
    socket.open();
    socket.receiveText({ type: 'error', code: 'access_denied', message: "no role of nils gives the login 'dev' on desktop 'w1'" });
    socket.drop(1000, 'error');
    socket.receive(0x01, 0, 1, 0, 1); // after the error: ignored
    expect(statuses.at(-1)).toEqual({ kind: 'error', code: 'access_denied', message: "no role of nils gives the login 'dev' on desktop 'w1'" });
    expect(statuses).toHaveLength(2);
    expect(frames).toEqual([]);
  });

  it('ignores text messages that are not a refusal', () => {
    const { socket, statuses } = connect();
    socket.open();
    socket.receiveText({ type: 'hello' });
    expect(statuses.map((s) => s.kind)).toEqual(['connecting']);
  });

  it('reports CLOSED with the reason', () => {
    const { socket, statuses } = connect();
    socket.open();
    receiveJson(socket, 0x07, { reason: 'logged off' });
    expect(statuses.at(-1)).toEqual({ kind: 'closed', message: 'The desktop ended the session: logged off' });
  });

  it('ends the session on a short frame with a protocol error', () => {
    const { socket, statuses, frames } = connect();
    socket.open();
    socket.receive(0x02, 0, 1);
    socket.receive(0x01, 0, 1, 0, 1); // after the error: ignored
    expect(statuses.at(-1)).toMatchObject({ kind: 'error', code: 'protocol', message: expect.stringContaining('TILE') });
    expect(socket.closedWith).toBe(1000);
    expect(frames).toEqual([]);
  });

  it('says the connection to the proxy was lost when the socket closes without a frame', () => {
    const { socket, statuses } = connect();
    socket.drop(1006);
    expect(statuses.at(-1)).toMatchObject({ kind: 'error', code: 'connection_lost', message: expect.stringContaining('the connection to the proxy was lost') });
    const later = connect();
    later.socket.open();
    receiveJson(later.socket, 0x08, {});
    later.socket.drop(1011, 'agent went away');
    expect(later.statuses.at(-1)).toMatchObject({ kind: 'error', message: 'The connection to the proxy was lost (code 1011: agent went away).' });
  });

  it('closes as the user asked on disconnect', () => {
    const { socket, statuses, connection } = connect();
    socket.open();
    connection.disconnect();
    expect(statuses.at(-1)).toEqual({ kind: 'closed', message: 'You disconnected from the desktop.' });
    expect(socket.closedWith).toBe(1000);
  });
});
