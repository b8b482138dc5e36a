/** resolveInside: every file the build reads is inside the manuscript folder. */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, resolveInside } from '../../src/manuscript/paths.js';
import type { Position } from '../../src/model/position.js';
import { cleanTemps, tempDir } from '../support/build-helpers.js';

afterAll(cleanTemps);

const at: Position = { file: 'chapter.md', line: 7, column: 3 };
let base: string;
let root: string;

beforeAll(async () => {
  base = await tempDir('lectern-paths-');
  root = path.join(base, 'ms');
  await mkdir(path.join(root, 'images', 'sub'), { recursive: true });
  await writeFile(path.join(root, 'images', 'a.png'), 'png');
  await writeFile(path.join(root, 'images', 'sub', 'b c.png'), 'png');
  await writeFile(path.join(base, 'secret.png'), 'outside');
  await mkdir(path.join(base, 'ms-evil'), { recursive: true });
  await writeFile(path.join(base, 'ms-evil', 'x.png'), 'sibling');
  await symlink(path.join(base, 'secret.png'), path.join(root, 'images', 'link-out.png'));
  await symlink(path.join(root, 'images', 'a.png'), path.join(root, 'link-in.png'));
  await symlink(base, path.join(root, 'dir-out'));
});

const resolve = (ref: string) => resolveInside(root, ref, at, 'image', 'L-IMAGE');

function refused(ref: string, code: string, message: RegExp): void {
  const r = resolve(ref);
  expect(r.ok, ref).toBe(false);
  if (r.ok) return;
  expect(r.diagnostic.code, ref).toBe(code);
  expect(r.diagnostic.message, ref).toMatch(message);
  expect(r.diagnostic.at, ref).toEqual(at);
}

describe('resolveInside: accepted', () => {
  it('a relative path inside, normalised, with forward slashes', () => {
    const r = resolve('images/a.png');
    expect(r).toMatchObject({ ok: true, rel: 'images/a.png' });
    expect(resolve('./images/../images/a.png')).toMatchObject({ ok: true, rel: 'images/a.png' });
  });

  it('a percent-encoded name', () => {
    expect(resolve('images/sub/b%20c.png')).toMatchObject({ ok: true, rel: 'images/sub/b c.png' });
  });

  it('a symlink that stays inside resolves to its target', () => {
    expect(resolve('link-in.png')).toMatchObject({ ok: true, rel: 'images/a.png' });
  });
});

describe('resolveInside: refused', () => {
  it('../ that climbs out (L-PATH), also when encoded', () => {
    refused('../secret.png', 'L-PATH', /outside/);
    refused('images/../../secret.png', 'L-PATH', /outside/);
    refused('%2e%2e/secret.png', 'L-PATH', /outside/);
  });

  it('a sibling folder whose name starts like the root (ms-evil) is outside', () => {
    refused('../ms-evil/x.png', 'L-PATH', /outside/);
  });

  it('absolute paths (L-PATH), POSIX and Windows forms', () => {
    refused('/etc/passwd', 'L-PATH', /absolute/);
    refused(path.join(root, 'images', 'a.png'), 'L-PATH', /absolute/);
    refused('C:\\images\\a.png', 'L-PATH', /absolute/);
    refused('\\\\server\\share\\a.png', 'L-PATH', /absolute/);
  });

  it('remote URLs (L-REMOTE): http, https, protocol-relative, ftp, data', () => {
    for (const u of ['https://example.com/a.png', 'http://example.com/a.png', '//example.com/a.png', 'ftp://example.com/a.png', 'data:image/png;base64,iVBORw0KGgo=', 'HTTPS://EXAMPLE.COM/A.PNG']) {
      refused(u, 'L-REMOTE', /remote/);
    }
  });

  it('other URL schemes (L-PATH): file:, javascript:', () => {
    refused('file:///etc/passwd', 'L-PATH', /scheme/);
    refused('javascript:alert(1)', 'L-PATH', /scheme/);
  });

  it('a symlink that leads outside (L-PATH), file or folder', () => {
    refused('images/link-out.png', 'L-PATH', /link that leads outside/);
    refused('dir-out/secret.png', 'L-PATH', /link that leads outside/);
  });

  it('a missing file gets the caller\'s code', () => {
    refused('images/none.png', 'L-IMAGE', /does not exist/);
    const r = resolveInside(root, 'nope.md', at, 'chapter file', 'L-IO');
    expect(r.ok ? '' : r.diagnostic.code).toBe('L-IO');
  });
});

describe('isInside', () => {
  it('is true for the root and below, false for parents and siblings', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c/d')).toBe(true);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
  });

  it('a name that merely starts with two dots is inside', () => {
    expect(isInside('/a/b', '/a/b/..hidden')).toBe(true);
  });
});
