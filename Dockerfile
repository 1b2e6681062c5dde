# syntax=docker/dockerfile:1
# newforce: build with the dev toolchain, then run the compiled service as a non-root user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Root-owned and read-only for the `node` user that runs the service.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# --heap-growing-percent=50: collect old-generation garbage once it is half the live heap again,
# instead of letting the heap grow to ~4x live before a full GC (a million-rider roster sync peaked
# at 540 MB, mostly garbage). Not a ceiling: an .xlsx import that needs more heap still gets it.
CMD ["node", "--enable-source-maps", "--heap-growing-percent=50", "dist/src/main.js"]
