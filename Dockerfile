# Verdi built from the repository: one image serving the API, the web app and /healthz on port 4000.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY api/package.json api/
COPY web/package.json web/
COPY schema/package.json schema/
COPY seeds/package.json seeds/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
# Production: no demo data (its passwords are published) even if NODE_ENV is overridden; VERDI_DEMO=1 for a demo.
ENV NODE_ENV=production PORT=4000 VERDI_DEMO=0
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --retries=6 CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "api/dist/main.js"]
