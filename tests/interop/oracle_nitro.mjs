// Nitro (nitropack 2.11.13, what Nuxt 3 and 4 run): the route rules of an exported JSON file
// applied by nitropack's own code, answered over HTTP by h3 on loopback.
//
// - Build time: nitropack's `normalizeRouteRules` (dist/core/index.mjs, from
//   src/core/config/resolvers/route-rules.ts). nitropack/core cannot be imported without
//   rollup's native binary (an optional dependency the setup leaves out), so that one function
//   is evaluated from the published bundle, unchanged, with ufo's withLeadingSlash.
// - Run time: dist/runtime/internal/route-rules.mjs itself (createRouteRulesHandler,
//   getRouteRulesForPath: `defu({}, ...radix3 matchAll(path).reverse())`, then h3's setHeaders).
//   It reads the runtime config from Nitro's virtual modules; only that import is replaced (by
//   `{ nitro: { routeRules }, app: { baseURL } }`), its other imports resolve to the installed
//   defu, h3, radix3 and ufo.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The installed package (its exports map hides dist/), next to this file.
const NITROPACK = new URL('./node_modules/nitropack/', import.meta.url);

// Response headers Node and h3 send whatever the rules say; left out of the comparison.
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type',
  'transfer-encoding']);

function normalizeRouteRules(routeRules) {
  const bundle = readFileSync(new URL('dist/core/index.mjs', NITROPACK), 'utf8');
  const from = bundle.indexOf('function normalizeRouteRules(config) {');
  const to = bundle.indexOf('\n}\n', from);
  if (from < 0 || to < from) {
    throw new Error('nitropack no longer bundles normalizeRouteRules where expected');
  }
  const { withLeadingSlash } = require('ufo');
  const fn = new Function('withLeadingSlash', `${bundle.slice(from, to + 2)}\nreturn normalizeRouteRules;`);
  return fn(withLeadingSlash)({ routeRules });
}

async function routeRulesModule(routeRules, baseURL) {
  let text = readFileSync(new URL('dist/runtime/internal/route-rules.mjs', NITROPACK), 'utf8');
  globalThis.__cachectlNitroConfig = { nitro: { routeRules }, app: { baseURL } };
  const config = 'data:text/javascript,export const useRuntimeConfig = () => globalThis.__cachectlNitroConfig;';
  text = text.replace('from "./config.mjs"', `from "${config}"`);
  if (!text.includes(config)) {
    throw new Error('nitropack route-rules.mjs no longer imports ./config.mjs');
  }
  text = text.replace(/from "([a-z0-9]+)"/g, (all, name) => `from "${import.meta.resolve(name)}"`);
  return import(`data:text/javascript,${encodeURIComponent(text)}`);
}

export async function nitro(text, urls, file, base = '/') {
  const rules = normalizeRouteRules(JSON.parse(text));
  const { createRouteRulesHandler } = await routeRulesModule(rules, base);
  const { createApp, eventHandler, toNodeListener } = await import('h3');
  const app = createApp();
  app.use(createRouteRulesHandler({ localFetch: undefined }));
  app.use(eventHandler(() => 'x'));
  const server = createServer(toNodeListener(app));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const out = [];
  try {
    for (const url of urls) {
      const { pathname } = new URL(url, 'https://example.com');
      const response = await fetch(`http://127.0.0.1:${port}${pathname}`);
      await response.text();
      const headers = Object.fromEntries([...response.headers.entries()].filter(([k]) => !TRANSPORT.has(k)));
      out.push({ url, status: response.status, headers });
    }
  } finally {
    server.close();
  }
  return out;
}
