// Preloaded (--require) into the electronegativity process only. electronegativity 1.10 calls
// commander 2–5's API (`program.version(...)` as a singleton) without declaring commander as a
// dependency: it worked only while some other package happened to hoist commander 5. Our own CLI
// needs commander 14, so electronegativity's `require('commander')` is pointed at the `commander-5`
// alias (devDependency) here, and nowhere else.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload, by design
const Module = require('node:module');
const original = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  if (request === 'commander' && parent?.filename?.includes('electronegativity')) {
    return original.call(this, 'commander-5', parent, ...rest);
  }
  return original.call(this, request, parent, ...rest);
};
