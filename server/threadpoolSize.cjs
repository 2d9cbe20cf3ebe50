/**
 * Preloaded with `--require` (package.json config.serverNodeFlags, so `npm
 * start`, the tests and the benchmarks all run it) before anything else:
 * libuv reads UV_THREADPOOL_SIZE once, when its thread pool first starts, and
 * the ES module loader (tsx, every `import`) already uses the pool to read
 * files, so setting it in server/index.ts would be too late.
 *
 * The pool carries the durable writes behind 已保存 (the update log's O_DSYNC
 * writes, comments, metadata, snapshots) and WebCrypto's token checks of
 * every request (password hashing has its own threads: auth/ScryptWorkers.ts).
 * With libuv's default of 4 threads, four slow jobs (a slow disk, a burst of
 * fsyncs of many reports) delay every other write and every token check; 16
 * idle threads cost little (their stacks are reserved, not touched). An
 * explicit UV_THREADPOOL_SIZE is kept.
 */
process.env.UV_THREADPOOL_SIZE ??= '16'
