/** The chronology enrichment: dates in the body text → time nodes, events and an appendix. */
export { extractChronology, type ChronologyResult } from './extract.js';
export { buildChronologyAppendix, type AppendixOptions } from './appendix.js';
export { applyEventOverrides, type OverrideResult } from './overrides.js';
export { formatEventList } from './format.js';
