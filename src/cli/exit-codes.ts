/** Exit codes of every lectern command (listed in the README). */
export const EXIT = {
  ok: 0,
  /** The manuscript has errors, or an edition failed a check. */
  failed: 1,
  /** The command line was wrong. */
  usage: 2,
  /** A validator that was required could not run. */
  unavailable: 3,
  /** Lectern itself failed (a bug). */
  internal: 70,
} as const;
