/** An edition's SHA-256 (digest.ts), kept per byte array so the build hashes the PDF once. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/digest.js';

describe('sha256', () => {
  it('is the SHA-256 of the bytes in hex, for each array, asked once or again', () => {
    const a = new Uint8Array(Buffer.from('%PDF-1.7 a file'));
    const b = new Uint8Array(Buffer.from('another file'));
    const hex = (x: Uint8Array) => createHash('sha256').update(x).digest('hex');
    expect(sha256(a)).toBe(hex(a));
    expect(sha256(b)).toBe(hex(b));
    expect(sha256(a)).toBe(hex(a));
    // a copy is another array, with the same digest
    expect(sha256(new Uint8Array(a))).toBe(hex(a));
  });
});
