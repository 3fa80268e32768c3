// Astro's priority order of route sets, for tests/interop/sort_differential: reads a JSON array
// of route sets (arrays of patterns, in declaration order) on stdin and prints, for each set,
// the indices of its patterns in the order compileCacheRoutes (core/cache/runtime/
// route-matching.js) leaves them: Object.entries of the route rules, sorted by routeComparator
// with node's own Array.prototype.sort (V8's TimSort).
//   node oracle_sort.mjs < sets.json   →   [[2, 0, 1], …]
import { readFileSync } from 'node:fs';

const ASTRO = new URL('./node_modules/astro/dist/', import.meta.url);
const { compileCacheRoutes } = await import(new URL('core/cache/runtime/route-matching.js', ASTRO).href);

const sets = JSON.parse(readFileSync(0, 'utf8'));
const out = sets.map((routes) => {
  const rules = {};
  routes.forEach((route, index) => {
    rules[route] = { index };
  });
  return compileCacheRoutes(rules, '/', 'ignore').map((compiled) => compiled.options.index);
});
process.stdout.write(`${JSON.stringify(out)}\n`);
