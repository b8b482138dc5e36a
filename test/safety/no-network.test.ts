/**
 * Issue 6, case 2: no network. A local HTTP server counts requests while Lectern builds a
 * manuscript that names it: a remote image is an L-REMOTE error, a link to it stays an ordinary
 * link in both editions, and the server is never asked for anything. data: and file: images are
 * errors too.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemps, contractViolation, dryBuild, epubTexts, errorsOf, latin1, manuscript, png, shown, within } from './support.js';

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => { requests.push(`${req.method} ${req.url}`); res.end('hello'); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await cleanTemps();
});

describe('no network (issue 6, case 2)', () => {
  it('a remote image is an L-REMOTE error at its line, and nothing is fetched', async () => {
    const dir = await manuscript({ 'a.md': `# Remote\n\nText with [a link](${base}/page).\n\n![A remote picture](${base}/x.png)\n` });
    const { value: r } = await within(30_000, 'build', () => dryBuild(dir));
    expect(contractViolation(r)).toBe('');
    expect(r.ok).toBe(false);
    const remote = errorsOf(r).filter((d) => d.code === 'L-REMOTE');
    expect(remote, shown(r)).toHaveLength(1);
    expect(remote[0]!.at).toEqual({ file: 'a.md', line: 5, column: 1 });
    expect(remote[0]!.message).toContain(`${base}/x.png`);
    expect(requests).toEqual([]);
  });

  it('a link to the server stays an ordinary link in the EPUB and the PDF, never fetched', async () => {
    const dir = await manuscript({ 'a.md': `# Linked\n\nText with [a link](${base}/page) and a local picture.\n\n![A grey square](images/x.png)\n`, 'images/x.png': png(8, 8) });
    const { value: r } = await within(30_000, 'build', () => dryBuild(dir));
    expect(r.ok, shown(r)).toBe(true);
    const xhtml = [...(await epubTexts(r.outputs!.epub!)).entries()].filter(([n]) => n.endsWith('.xhtml')).map(([, t]) => t).join('\n');
    expect(xhtml).toContain(`<a href="${base}/page">a link</a>`);
    expect(latin1(r.outputs!.pdf!)).toContain(`/URI (${base}/page)`);
    expect(requests).toEqual([]);
  });

  it.each([
    ['data:', 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='],
    ['file:', 'file:///etc/hostname'],
    ['protocol-relative', '//127.0.0.1/x.png'],
  ])('a %s image is an error at its line', async (_what, src) => {
    const dir = await manuscript({ 'a.md': `# Images\n\n![A picture](${src})\n` });
    const r = await dryBuild(dir);
    expect(contractViolation(r)).toBe('');
    expect(r.ok).toBe(false);
    const e = errorsOf(r).find((d) => d.code === 'L-REMOTE' || d.code === 'L-PATH');
    expect(e, shown(r)).toBeDefined();
    expect(e!.at).toMatchObject({ file: 'a.md', line: 3 });
    expect(requests).toEqual([]);
  });
});
