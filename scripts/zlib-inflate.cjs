// tiny-inflate's function, `inflate(source, dest)`, done by Node's zlib: the command's bundle
// (scripts/bundle.mjs) uses this in its place. unicode-trie inflates its tables with it when
// pdfkit and fontkit load (five tries: Unicode properties, line breaking, and fontkit's script
// shapers); tiny-inflate does that in JavaScript, about 25 ms on every run of the command, and
// zlib in about 1 ms, with the same bytes (test/scripts/zlib-inflate.test.ts).
// The contract kept: raw DEFLATE data in, written into `dest`, which is returned, or its first
// part when the data inflates to less. Data that does not fit is an error (tiny-inflate would
// cut it short without a word).
'use strict';
const { inflateRawSync } = require('node:zlib');

module.exports = function inflate(source, dest) {
  const out = inflateRawSync(source);
  if (out.length > dest.length) throw new Error('Data error');
  dest.set(out);
  if (out.length < dest.length) return typeof dest.slice === 'function' ? dest.slice(0, out.length) : dest.subarray(0, out.length);
  return dest;
};
