// Where a server's CPU went, by layer, from a V8 CPU profile (`npm run bench -- --only=submissions --profile=DIR`
// writes one): self time, without idle time, start-up (module loading) and native socket writes, whose wall time on
// a loaded 2-core machine is mostly waiting for a CPU (the bench reports the kernel's real share from /proc).
// Usage: node scripts/profile-layers.mjs DIR/*.cpuprofile
import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = new Map();
for (let i = 0; i < p.samples.length; i++)
  dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const startup = (id) => {
  for (let c = id; c !== undefined; c = parent.get(c)) {
    const u = byId.get(c).callFrame.url;
    if (/node:internal\/modules|modules\/esm|modules\/cjs/.test(u)) return true;
  }
  return false;
};
const layers = [
  ['ORM (MikroORM, Kysely)', /@mikro-orm|kysely/],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-)/],
  [
    'GraphQL (graphql-js, Apollo, type-graphql, class-validator, armor)',
    /graphql|@apollo|type-graphql|class-validator|class-transformer|@escape\.tech|@as-integrations|dataloader/,
  ],
  [
    'HTTP and Express (node:http, express, body parsing, helmet, compression, pino-http)',
    /express|router|body-parser|raw-body|helmet|compression|negotiator|pino|on-finished|content-type|type-is|mime|qs|iconv|accepts|vary|cookie|statuses|finalhandler|whatwg|node:_http|node:http|node:net|node:url|stream_base|node:internal\/streams|node:events|node:internal\/url|@pinojs/,
  ],
  ["Verdi's code", /\/api\/dist\//],
  ['crypto (hashes)', /node:internal\/crypto/],
];
const totals = new Map();
let all = 0,
  writes = 0;
for (const [id, t] of dt) {
  const n = byId.get(id);
  const fn = n.callFrame.functionName;
  const url = n.callFrame.url;
  if (fn === '(idle)' || fn === '(program)') continue;
  if (['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String'].includes(fn) && !url) {
    writes += t;
    continue;
  }
  if (startup(id)) continue;
  let layer = fn === '(garbage collector)' ? 'garbage collection' : null;
  if (!layer) {
    for (let c = id; c !== undefined && !layer; c = parent.get(c)) {
      const u = byId.get(c).callFrame.url;
      if (!u) continue;
      for (const [name, re] of layers)
        if (re.test(u)) {
          layer = name;
          break;
        }
    }
  }
  layer ??= 'other (Node internals, microtasks, timers)';
  totals.set(layer, (totals.get(layer) ?? 0) + t);
  all += t;
}
console.log(`counted ${(all / 1e6).toFixed(2)} s; socket writes left out ${(writes / 1e6).toFixed(2)} s`);
for (const [k, t] of [...totals].sort((a, b) => b[1] - a[1]))
  console.log(`${((100 * t) / all).toFixed(1).padStart(5)} %  ${k}`);
