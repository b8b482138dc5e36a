/**
 * Runs a command for a caller inside the build server's process: for the time of the run, the
 * process has the caller's working folder, environment and file mode mask, what it prints goes to
 * the caller, its stdout and stderr are terminals (of the caller's width) when the caller's are,
 * and its exit code starts unset. All of it is put back afterwards, also when the run throws.
 * Commands run one at a time (serve.ts), so no two callers ever share these.
 */
import type { RunRequest } from './protocol.js';

type Write = (fd: 1 | 2, text: string) => void;

export async function asClient<T>(request: RunRequest, write: Write, run: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(request.cwd); // throws when the caller's folder is gone: nothing was changed yet
  const env = { ...process.env };
  const exitCode = process.exitCode;
  const streams = [process.stdout, process.stderr] as const;
  const keys = ['write', 'isTTY', 'columns'] as const;
  const saved = streams.map((s) => Object.fromEntries(keys.map((k) => [k, Object.getOwnPropertyDescriptor(s, k)])));
  let umask: number | undefined;
  try {
    setEnv(request.env);
    umask = process.umask(request.umask);
    process.exitCode = undefined;
    streams.forEach((stream, i) => {
      const fd = (i + 1) as 1 | 2;
      stream.write = ((chunk: string | Uint8Array, encoding?: unknown, done?: unknown) => {
        write(fd, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const callback = typeof encoding === 'function' ? encoding : done;
        if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
        return true;
      }) as typeof stream.write;
      const tty = fd === 1 ? request.tty.stdout : request.tty.stderr;
      Object.defineProperty(stream, 'isTTY', { value: tty, configurable: true, writable: true });
      Object.defineProperty(stream, 'columns', { value: tty ? request.columns : undefined, configurable: true, writable: true });
    });
    return await run();
  } finally {
    streams.forEach((stream, i) => {
      // own properties as they were; the ones the stream inherited are inherited again
      for (const key of keys) {
        const own = saved[i]![key];
        if (own) Object.defineProperty(stream, key, own);
        else delete (stream as unknown as Record<string, unknown>)[key];
      }
    });
    process.exitCode = exitCode;
    if (umask !== undefined) process.umask(umask);
    setEnv(env);
    try {
      process.chdir(cwd);
    } catch {
      process.chdir('/'); // the server's own folder is gone (`lectern server run` works from / anyway)
    }
  }
}

/** Makes process.env exactly `values` (the same object: worker threads and child processes copy it). */
function setEnv(values: Readonly<Record<string, string | undefined>>): void {
  for (const k of Object.keys(process.env)) if (!(k in values)) delete process.env[k];
  for (const [k, v] of Object.entries(values)) if (v !== undefined && process.env[k] !== v) process.env[k] = v;
}
