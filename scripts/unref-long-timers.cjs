// Preload for the Prisma CLI (`node --require ./scripts/unref-long-timers.cjs`, also loaded by
// prisma.config.ts): Prisma 6.19's WebAssembly schema engine leaves 10 s and 60 s timers running
// after its work is done, so `migrate deploy` took ~11 s and `migrate dev` ~60 s. Timers of 5 s or
// more no longer keep Node alive; they still fire if something else does. Never load it in the app.
"use strict";

const LONG_MS = 5000;
const marker = Symbol.for("chorus.unrefLongTimers");

if (!globalThis[marker]) {
  globalThis[marker] = true;
  for (const name of ["setTimeout", "setInterval"]) {
    const original = globalThis[name];
    const patched = function (callback, delay, ...args) {
      const timer = original.call(this, callback, delay, ...args);
      if (Number(delay) >= LONG_MS && typeof timer?.unref === "function") timer.unref();
      return timer;
    };
    // Keeps util.promisify(setTimeout) and friends working.
    Object.defineProperties(patched, Object.getOwnPropertyDescriptors(original));
    globalThis[name] = patched;
  }
}
