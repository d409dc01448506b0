import { describe, expect, it } from 'vitest';
import { controlMessage, socketRefusal } from './browserSocket';

describe('socketRefusal', () => {
  it('reads the proxy refusal with its code and message', () => {
    const m = controlMessage('{"type":"error","code":"access_expired","message":"your access request r1 expired"}');
    expect(socketRefusal(m, 'x')).toEqual({ code: 'access_expired', message: 'your access request r1 expired' });
  });

  it('keeps the session ending with a fallback when the details are missing', () => {
    expect(socketRefusal(controlMessage('{"type":"error"}'), 'The proxy ended the session.')).toEqual({ code: 'internal', message: 'The proxy ended the session.' });
  });

  it('is null for anything that is not a refusal', () => {
    expect(socketRefusal(controlMessage('{"type":"connected"}'), 'x')).toBeNull();
    expect(controlMessage('not json')).toBeNull();
    expect(controlMessage('[1]')).toBeNull();
    expect(socketRefusal(controlMessage('7'), 'x')).toBeNull();
  });
});
