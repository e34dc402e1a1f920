# hashheat in a container: `docker compose up` (docker-compose.yml) runs it beside Mosquitto.
# Stage 1 builds and packs hashheat exactly as `npm pack` does for the registry; stage 2 installs
# that tarball (the path .ci/run tests on every commit) into a slim image running as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY policies ./policies
COPY config ./config
COPY backtest-data ./backtest-data
COPY README.md LICENSE ./
RUN npm run build && mkdir -p /pkg && npm pack --ignore-scripts --pack-destination /pkg

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HASHHEAT_CONFIG=/config/hashheat.yaml \
    HASHHEAT_DATA_DIR=/data
COPY --from=build /pkg/ /tmp/pkg/
# tzdata: luxon reads the site's zone from /usr/share/zoneinfo instead of ICU (src/time-zones.ts, 6 MiB less).
RUN apt-get update && apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*
RUN npm install -g --no-audit --no-fund /tmp/pkg/hashheat-*.tgz && rm -rf /tmp/pkg /root/.npm \
    && mkdir -p /config /data && chown node:node /config /data
COPY packaging/docker-entrypoint.sh /usr/local/bin/hashheat-entrypoint
COPY packaging/healthcheck.mjs /usr/local/lib/hashheat-healthcheck.mjs
# The image's own `node` user (uid 1000): the agent needs no root, only /config and /data.
USER node
WORKDIR /data
# State (switch times, counters, overrides): set `agent.dataDir: /data` in the config.
VOLUME ["/data"]
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
  CMD ["node", "/usr/local/lib/hashheat-healthcheck.mjs"]
ENTRYPOINT ["/usr/local/bin/hashheat-entrypoint"]
CMD ["run"]
