# syntax=docker/dockerfile:1
# One image per app from one file:  docker build --build-arg APP=scan-worker -t mediaflow/scan-worker .
# Every app shares the deps and build stages, so building all seven compiles the monorepo once.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app

# Only the package manifests and patches/ (applied by npm ci's postinstall, patch-package): the npm ci
# layers below are reused until a dependency changes.
FROM base AS manifests
COPY . /src
RUN cd /src \
 && cp package-lock.json /app/ \
 && cp -r patches /app/ \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /app \;

FROM base AS deps
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

FROM base AS prod-deps
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM deps AS build
COPY . .
# The dashboard (a browser app with its own tsconfig) is built too; api-gateway serves apps/dashboard/dist.
RUN npm run build \
 && npx tsc -p apps/dashboard/tsconfig.json \
 && npx vite build --config apps/dashboard/vite.config.mts --logLevel warn \
 && mkdir /out \
 && find apps libs -mindepth 2 -maxdepth 2 -name dist -type d -exec cp -r --parents {} /out \;

FROM base AS runtime
ARG APP
RUN test -n "${APP}" || { echo 'APP is required: docker build --build-arg APP=<app> .' >&2; exit 1; }
ENV NODE_ENV=production APP=${APP}
# The render workers decode HEIC (libheif's heif-convert), video (ffmpeg) and camera RAW previews
# (exiftool-vendored's ExifTool, a perl script); the other apps do not need them.
RUN case "${APP}" in thumbnail-worker|cache-worker) \
      apt-get update && apt-get install -y --no-install-recommends ffmpeg libheif-examples perl \
      && rm -rf /var/lib/apt/lists/* ;; esac
# A named volume takes its owner from the image's mount point, so the service user can write derivatives.
RUN mkdir -p /libraries /derivatives && chown node:node /libraries /derivatives
# Manifests and production node_modules (its @mediaflow/* links point at libs/*), then compiled code only.
COPY --from=prod-deps /app ./
COPY --from=build /out/libs ./libs
COPY --from=build /out/apps/${APP} ./apps/${APP}
# Static files only (a few hundred KB); every image has them so the one Dockerfile needs no per-app branch.
COPY --from=build /out/apps/dashboard ./apps/dashboard
COPY <<'EOF' /usr/local/lib/mediaflow/healthcheck.cjs
// Exits 0 when GET /health answers 2xx. Takes the URL as an argument (compose passes it); without one it
// probes HTTP_PORT, else the default port in the app's env class, so a bare `docker run` stays healthy.
const url = process.argv[2] ?? `http://127.0.0.1:${process.env.HTTP_PORT || defaultPort()}/health`;

function defaultPort() {
  const app = process.env.APP; // scan-worker -> ScanWorkerEnv in apps/scan-worker/dist/config/scan-worker.env.js
  const className = `${app.replace(/(?:^|-)(\w)/g, (_, letter) => letter.toUpperCase())}Env`;
  const { [className]: EnvClass } = require(`/app/apps/${app}/dist/config/${app}.env.js`);
  return new EnvClass().HTTP_PORT;
}

fetch(url, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
EOF
# The node flags the app asks for in its package.json (mediaflow.nodeFlags; docs/architecture.md).
RUN node -e "process.stdout.write((require('./apps/${APP}/package.json').mediaflow?.nodeFlags ?? []).join(' '))" > /usr/local/lib/mediaflow/node-flags
USER node
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/usr/local/lib/mediaflow/healthcheck.cjs"]
# exec, so node itself receives SIGTERM and drains its consumers before exiting.
CMD ["sh", "-c", "exec node --enable-source-maps $(cat /usr/local/lib/mediaflow/node-flags) apps/$APP/dist/main.js"]
