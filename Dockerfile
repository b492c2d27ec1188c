# Coffer in a container. Without COFFER_CONFIG it runs the sandbox (in-process exchange
# simulators, demo tokens, a fresh in-memory journal); mount a config file and set
# COFFER_CONFIG (and NODE_ENV=production) to run against the real exchanges:
#
#   docker build -t coffer .
#   docker run --rm -p 4000:4000 coffer                      # sandbox: http://localhost:4000/dashboard, /graphql
#   docker run --rm -p 4000:4000 -e NODE_ENV=production -e COFFER_CONFIG=/config/coffer.json \
#     -e BINANCE_API_KEY -e BINANCE_API_SECRET -v "$PWD/config:/config:ro" -v coffer-data:/app/data coffer

# 1. Build: every dependency, then the TypeScript compiler (the production build: src only).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json
# The dashboard page, bundled by esbuild over the generated typed documents.
COPY scripts/buildDashboard.mjs ./scripts/
COPY test/generated ./test/generated
RUN node scripts/buildDashboard.mjs

# 2. Production dependencies only (better-sqlite3 installs its prebuilt binary for this image).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. Runtime: compiled code and production dependencies, run by the unprivileged node user.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV COFFER_HOST=0.0.0.0 \
    COFFER_PORT=4000
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/dashboard ./dist/dashboard
COPY package.json LICENSE ./
# The default SQLite journal (sqlite:./data/coffer.sqlite) is written here; mount a volume to keep it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.COFFER_PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself: in-flight requests finish, the journal is closed.
CMD ["node", "dist/src/main.js"]
