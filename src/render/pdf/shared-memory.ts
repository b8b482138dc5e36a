/**
 * Growable SharedArrayBuffers (ES2024), which Node 20 has but TypeScript's library for it does not
 * type: the PDF's file grows in one (document.ts), and the deflating thread's slots in others
 * (deflate.ts).
 */
export type GrowableSharedBuffer = SharedArrayBuffer & { grow(n: number): void; readonly growable: boolean };

/** A growable SharedArrayBuffer of `size` bytes that may grow to `max`; undefined where one cannot be made. */
export function growableSharedBuffer(size: number, max: number): GrowableSharedBuffer | undefined {
  try {
    const sab = new (SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => GrowableSharedBuffer)(size, { maxByteLength: max });
    return sab.growable ? sab : undefined;
  } catch {
    return undefined;
  }
}
