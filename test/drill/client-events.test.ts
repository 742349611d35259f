import { ClientEvent, ClientProtocolError, isEvent, parseClientEvent } from '../../src/drill/client-events';

describe('parseClientEvent', () => {
  test.each([
    ['{"e":"failover-valid"}', { e: 'failover-valid' }],
    ['{"e":"failover-invalid","msg":"IllegalArgumentException: Invalid connect parameters: {foo=bar}"}',
      { e: 'failover-invalid', msg: 'IllegalArgumentException: Invalid connect parameters: {foo=bar}' }],
    ['{"e":"pair","from":2,"to":0,"ms":812}', { e: 'pair', from: 2, to: 0, ms: 812 }],
    ['{"e":"connected","t":1764745200000,"uri":null}', { e: 'connected', t: 1764745200000, uri: null }],
    ['{"e":"recv","t":5,"seq":7,"redelivered":true}', { e: 'recv', t: 5, seq: 7, redelivered: true }],
    ['{"e":"error","t":5,"msg":"quote \\" backslash \\\\ \\u00e9 \\ud83d\\ude00 \\n"}', { e: 'error', t: 5, msg: 'quote " backslash \\ é 😀 \n' }],
  ])('%s', (line, event) => {
    expect(parseClientEvent(line)).toEqual(event);
  });

  test.each([
    ['SLF4J: Failed to load class', /^not JSON \(.*\): "SLF4J: Failed to load class"$/],
    ['[1,2]', /^not a JSON object: "\[1,2\]"$/],
    ['null', /^not a JSON object/],
    ['{"t":1}', /^unknown event kind undefined/],
    ['{"e":"toString"}', /^unknown event kind "toString"/],
    ['{"e":"sent","seq":1,"t":2}', /^'sent' event field 't0' must be int, got nothing/],
    ['{"e":"sent","seq":1.5,"t0":1,"t":2}', /^'sent' event field 'seq' must be int, got 1.5/],
    ['{"e":"recv","t":1,"seq":1,"redelivered":1}', /^'recv' event field 'redelivered' must be bool, got 1/],
    ['{"e":"resumed","t":1}', /^'resumed' event field 'uri' must be string\?, got nothing/],
    ['{"e":"error","t":1,"msg":null}', /^'error' event field 'msg' must be string, got null/],
    ['{"e":"closed","t":1,"r":0}', /^'closed' event has undeclared field\(s\) r/],
  ])('refuses %s', (line, message) => {
    expect(() => parseClientEvent(line)).toThrow(ClientProtocolError);
    expect(() => parseClientEvent(line)).toThrow(message);
  });

  test('quotes at most 200 characters of a bad line', () => {
    expect(() => parseClientEvent(`x${'y'.repeat(300)}`)).toThrow(new RegExp(`"x${'y'.repeat(199)}…"$`));
  });
});

test('isEvent narrows to one kind', () => {
  const events: ClientEvent[] = [{ e: 'sent', seq: 1, t0: 1, t: 2 }, { e: 'closed', t: 3 }, { e: 'sent', seq: 2, t0: 3, t: 4 }];
  expect(events.filter(isEvent('sent')).map((e) => e.seq)).toEqual([1, 2]);
});
