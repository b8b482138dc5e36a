/** One JSON message per line, whole however the bytes arrive. */
import { PassThrough } from 'node:stream';
import type { Socket } from 'node:net';
import { expect, it } from 'vitest';
import { onMessages, send } from '../../src/server/protocol.js';

const fakeSocket = () => {
  const s = new PassThrough() as unknown as Socket & PassThrough;
  let destroyed = false;
  s.destroy = (() => { destroyed = true; return s; }) as never;
  return { s, destroyed: () => destroyed };
};

it('gives each message whole, split over chunks or many in one chunk, text with newlines included', () => {
  const { s } = fakeSocket();
  const got: unknown[] = [];
  onMessages(s, (m) => got.push(m));
  const a = { type: 'out', fd: 1, text: 'line one\nline two — ç\n' };
  const b = { type: 'exit', code: 3 };
  const bytes = Buffer.from(`${JSON.stringify(a)}\n${JSON.stringify(b)}\n${JSON.stringify(b)}\n`);
  // cut in the middle of a multi-byte character too
  const cut = bytes.indexOf(Buffer.from('ç')) + 1;
  s.write(bytes.subarray(0, 5));
  s.write(bytes.subarray(5, cut));
  s.write(bytes.subarray(cut));
  return new Promise<void>((resolve) => setImmediate(() => {
    expect(got).toEqual([a, b, b]);
    resolve();
  }));
});

it('ends the connection on a line that is not JSON', () => {
  const { s, destroyed } = fakeSocket();
  const got: unknown[] = [];
  onMessages(s, (m) => got.push(m));
  s.write('{"type":"status"}\nnot json\n{"type":"stop"}\n');
  return new Promise<void>((resolve) => setImmediate(() => {
    expect(got).toEqual([{ type: 'status' }]);
    expect(destroyed()).toBe(true);
    resolve();
  }));
});

it('writes a message as one line', () => {
  const { s } = fakeSocket();
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  send(s, { type: 'out', fd: 2, text: 'a\nb' });
  return new Promise<void>((resolve) => setImmediate(() => {
    expect(chunks.join('')).toBe('{"type":"out","fd":2,"text":"a\\nb"}\n');
    resolve();
  }));
});
