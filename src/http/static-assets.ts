import { fileURLToPath } from "node:url";
import express, { Router } from "express";
import { APP_ROOT } from "../app-root.ts";
import { DSFR_PATH, PAGE_ASSETS_PATH } from "./html-page.ts";

/** The DSFR's built files, as the npm package ships them (@gouvfr/dsfr, dist/). */
const DSFR_DIST = fileURLToPath(new URL("node_modules/@gouvfr/dsfr/dist/", APP_ROOT));
/** Its licence: MIT for the code, the Marianne font and the State's brand under their own terms. */
const DSFR_LICENCE = fileURLToPath(new URL("node_modules/@gouvfr/dsfr/LICENSE.md", APP_ROOT));
/** The pages' own stylesheet and scripts (no inline ones: the CSP forbids them). */
const PAGE_ASSETS = fileURLToPath(new URL("src/http/assets/", APP_ROOT));

/** A year: the DSFR's files change only with its version, which an upgrade of the app brings. */
const DSFR_MAX_AGE = "365d";

/**
 * The State's design system and the pages' assets, served by the app itself (no external CDN: the
 * pages load nothing from elsewhere). Marianne, the State's font, is part of its brand, for public
 * bodies only: elsewhere its files are not served and the DSFR falls back to Arial.
 */
export function createStaticAssetsRouter(publicBody: boolean): Router {
  const router = Router();
  router.get(`${DSFR_PATH}/LICENSE.md`, (_req, res) => {
    res.type("text/markdown; charset=utf-8").sendFile(DSFR_LICENCE);
  });
  if (!publicBody)
    router.use(`${DSFR_PATH}/fonts`, (req, res, next) =>
      req.path.startsWith("/Marianne") ? void res.sendStatus(404) : next(),
    );
  router.use(
    DSFR_PATH,
    express.static(DSFR_DIST, { maxAge: DSFR_MAX_AGE, immutable: true, index: false, fallthrough: false }),
  );
  // The app's own assets change with the app, unversioned: short caching, revalidated.
  router.use(
    PAGE_ASSETS_PATH,
    express.static(PAGE_ASSETS, { maxAge: "1h", index: false, fallthrough: false }),
  );
  return router;
}
