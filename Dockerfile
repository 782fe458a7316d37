# Production dependencies. SQLite3 Multiple Ciphers compiles here when no prebuilt binary can be fetched,
# against the headers that ship with Node (no header download); dev dependencies, and with them the
# dev-only native modules, are never installed.
FROM node:20-bookworm-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
ENV npm_config_nodedir=/usr/local
# Then drop what only the compile needed (objects, SQLite sources) and the uWebSockets.js binaries built
# for other platforms and Node versions.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/better-sqlite3-multiple-ciphers/build/Release/obj* \
           node_modules/better-sqlite3-multiple-ciphers/deps \
           node_modules/better-sqlite3-multiple-ciphers/src \
 && keep="uws_$(node -p 'process.platform + "_" + process.arch + "_" + process.versions.modules').node" \
 && test -f "node_modules/uWebSockets.js/binaries/$keep" \
 && find node_modules/uWebSockets.js/binaries -name '*.node' ! -name "$keep" -delete

# TypeScript to JavaScript: needs the dev dependencies' type definitions, none of their install scripts.
FROM node:20-bookworm-slim AS compile
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json --declaration false --sourceMap false

FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=compile /app/dist ./dist
COPY bin ./bin
# Cosmian's documented data location; flags given to `docker run IMAGE ...` override these.
ENV KMS_ROOT_DATA_PATH=/root/cosmian-kms \
    KMS_SQLITE_PATH=sqlite-data \
    KMS_HOSTNAME=0.0.0.0 \
    KMS_PORT=9998
VOLUME /root/cosmian-kms/sqlite-data
# 5696: binary KMIP over TLS, served only with KMS_SOCKET_SERVER_START=true (and the certificates).
EXPOSE 9998 5696
# Follows KMS_PORT when `-e KMS_PORT=...` moves the server.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.KMS_PORT || 9998) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives `docker stop`'s SIGTERM itself, then drains and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/bin/kms-server.js"]
