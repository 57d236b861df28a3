/**
 * A fake PISTE served over real HTTP, for tests of the Chorus Pro client (src/chorus-pro/): the
 * OAuth2 token endpoint and the six operations of the Structures API, every request checked against
 * the vendored swagger (`vendor/chorus-pro/`), in-memory structures with their technical accounts,
 * services, spaces and users' attachments, and faults on demand (429, 5xx, no answer, revoked token).
 * server.ts serves and checks; structures.ts answers each operation; swagger.ts compiles the swagger.
 */

export { startFakePiste } from "./server.ts";
export type * from "./types.ts";
