/** Lectern's programmatic API: build() and check(), and the types they speak. */
export { build, type BuildOptions, type BuildResult, type BuiltFile, type Stage } from './pipeline/build.js';
export { check, type CheckOptions, type CheckResult } from './pipeline/check.js';
export type { ValidatorRun } from './verify/external.js';
export { nodeEffects, type Effects, type FontFiles } from './effects.js';
export { DIAGNOSTIC_CODES, formatDiagnostic, type Diagnostic, type DiagnosticCode, type Severity } from './model/diagnostic.js';
export type { Position } from './model/position.js';
export type * from './model/book.js';
