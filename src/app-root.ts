/**
 * The app's root directory, found from this file. It sits one level under the root, as the bundle
 * `npm start` runs (dist/main.js) does, so that paths built from it are the same from either.
 */
export const APP_ROOT = new URL("../", import.meta.url);
