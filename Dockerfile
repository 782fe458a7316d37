# Build stage: native modules (SQLite3 Multiple Ciphers) compile here, then dev dependencies go.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY bin ./bin
RUN npx tsc -p tsconfig.json && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# Cosmian's documented data location; flags given to `docker run IMAGE ...` override these.
ENV KMS_ROOT_DATA_PATH=/root/cosmian-kms \
    KMS_SQLITE_PATH=sqlite-data \
    KMS_HOSTNAME=0.0.0.0 \
    KMS_PORT=9998
VOLUME /root/cosmian-kms/sqlite-data
EXPOSE 9998
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/bin/kms-server.js"]
