// The peers of bench/run, timed like `cachectl bench` times the compiled matcher: Astro's own
// cache-route matcher (astro 6.4.8: compileCacheRoutes + matchCacheRoute, one regex per route in
// routeComparator order) and Fastify's find-my-way (`find`, a radix tree).
// Usage: node peers.mjs ROUTES URLS [MIN_SECONDS]   (Astro syntax routes; prints one JSON line)
// Each figure: warm-up, then passes over the URLs for MIN_SECONDS; ns per lookup is the median
// of the samples. The script checks that both peers match every URL before timing.
import { readFileSync } from 'node:fs';
import FindMyWay from 'find-my-way';

const ASTRO = new URL('./node_modules/astro/dist/', import.meta.url);
const [routesFile, urlsFile, minSeconds = '1'] = process.argv.slice(2);
const lines = (file) =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
const routes = lines(routesFile);
const urls = lines(urlsFile).map((u) => new URL(u, 'https://example.com').pathname);

// Median ns per item of `pass` (one pass = every URL once).
function time(pass) {
  const budget = Number(minSeconds) * 1e9;
  for (let warm = process.hrtime.bigint(); process.hrtime.bigint() - warm < 1e8; ) pass();
  const samples = [];
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < budget || samples.length < 5) {
    let passes = 0;
    const t0 = process.hrtime.bigint();
    let t1 = t0;
    while (t1 - t0 < 1e6) {
      pass();
      passes++;
      t1 = process.hrtime.bigint();
    }
    samples.push(Number(t1 - t0) / passes / urls.length);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// Astro's cache-route matching, exactly as the runtime does it.
const { compileCacheRoutes, matchCacheRoute } = await import(
  new URL('core/cache/runtime/route-matching.js', ASTRO).href
);
const table = Object.fromEntries(routes.map((r, i) => [r, { rule: i }]));
let t0 = process.hrtime.bigint();
const compiled = compileCacheRoutes(table, '/', 'ignore');
const astroCompileMs = Number(process.hrtime.bigint() - t0) / 1e6;
const astroMisses = urls.filter((u) => matchCacheRoute(u, compiled) === null).length;

// find-my-way: `[p]` becomes `:p`, a trailing `[...r]` becomes `*`; segments mixing text and
// parameters keep their text around `:p` (find-my-way's multi-parametric nodes).
const router = FindMyWay({ ignoreTrailingSlash: true });
let fmwRoutes = 0;
for (const [i, r] of routes.entries()) {
  const path = r
    .replace(/\[\.\.\.[A-Za-z0-9_$]+\]$/, '*')
    .replace(/\[([A-Za-z0-9_$]+)\]/g, (_, name) => `:${name}`);
  try {
    router.on('GET', path, () => i);
    fmwRoutes++;
  } catch {
    // a route find-my-way cannot hold (e.g. a rest in the middle): left out, reported below
  }
}
const fmwMisses = urls.filter((u) => router.find('GET', u) === null).length;

let sink = 0;
const astroNs = time(() => {
  for (const u of urls) sink += matchCacheRoute(u, compiled) ? 1 : 0;
});
const fmwNs = time(() => {
  for (const u of urls) sink += router.find('GET', u) ? 1 : 0;
});
t0 = process.hrtime.bigint();
const text = [];
for (let n = 0; n < 100; n++) {
  for (const u of urls) {
    const m = matchCacheRoute(u, compiled);
    text.push(JSON.stringify({ url: u, rule: m ? routes[m.rule] : null }));
  }
  text.length = 0;
}
const astroJsonNs = Number(process.hrtime.bigint() - t0) / (100 * urls.length);
console.log(
  JSON.stringify({
    routes: routes.length,
    urls: urls.length,
    astro: { lookup_ns: astroNs, json_line_ns: astroJsonNs, compile_ms: astroCompileMs, misses: astroMisses },
    find_my_way: { lookup_ns: fmwNs, routes: fmwRoutes, misses: fmwMisses },
    sink: sink > 0,
  }),
);
