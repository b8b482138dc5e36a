// A worker thread of the lectern command (one of build-all's pool): it loads the same bundle as the
// command, code cache included, and runs the worker module it was started for
// (src/worker-modules.ts, src/code-files.ts startWorker), instead of loading lib/ file by file.
'use strict';
const { workerData } = require('node:worker_threads');
const { loadBundle } = require('./load-bundle.cjs');

const loaded = loadBundle('lectern worker');
if (!loaded) throw new Error('lectern-worker: lib/lectern.bundle.cjs is missing');
loaded.exports.runWorkerModule(workerData.lecternWorker);
