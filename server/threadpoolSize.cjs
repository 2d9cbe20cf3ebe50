/**
 * Preloaded with `--require` (package.json config.serverNodeFlags, so `npm
 * start`, the tests and the benchmarks all run it) before anything else:
 * libuv reads UV_THREADPOOL_SIZE once, when its thread pool first starts, and
 * the ES module loader (tsx, every `import`) already uses the pool to read
 * files, so setting it in server/index.ts would be too late.
 *
 * The pool carries scrypt, the durable writes behind 已保存 (the update log's
 * O_DSYNC writes, comments, metadata) and WebCrypto's token checks. Its
 * default of 4 threads lets a few slow jobs delay every write; 16 idle
 * threads cost little (their stacks are reserved, not used). An explicit
 * UV_THREADPOOL_SIZE is kept. server/env.ts checks that password hashing
 * (PASSWORD_HASH_CONCURRENCY) can never take every thread.
 */
process.env.UV_THREADPOOL_SIZE ??= '16'
