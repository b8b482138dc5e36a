/** The editions a build can make: one list for the pipeline and the command line (which must not
 * load the pipeline to read its options). */
export const EDITION_FORMATS = ['epub', 'pdf'] as const;
export type EditionFormat = typeof EDITION_FORMATS[number];
