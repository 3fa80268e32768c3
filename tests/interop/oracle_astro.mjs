// Astro (astro 6.4.8): the route rules of an exported JSON file as Astro applies them to a request.
// extractCacheRoutesFromRouteRules (core/cache/utils.js) turns `routeRules` into the manifest's
// cache routes; compileCacheRoutes and matchCacheRoute (core/cache/runtime/route-matching.js:
// getParts, getPattern with base and trailingSlash, routeComparator) pick the one rule; AstroCache
// (core/cache/runtime/cache.js) takes its options with set(), as handler.js does. The pathname is
// FetchState's (core/fetch/fetch-state.js #computePathname: base removed, decodeURI'd), repeated
// here because FetchState needs a whole pipeline. The same files in astro 7.x differ only in form.
// For each URL: the key of the winning rule and the options Astro.cache then holds.
// The installed package (its exports map hides these modules), next to this file.
const ASTRO = new URL('./node_modules/astro/dist/', import.meta.url);

async function astroModule(path) {
  return import(new URL(path, ASTRO).href);
}

// FetchState#computePathname without its error paths (the URLs here are valid).
function computePathname(pathname, base) {
  pathname = pathname.replace(/^\/{2,}/, '/');
  if (pathname.startsWith(base)) {
    pathname = pathname.slice(base.replace(/\/$/, '').length + 1);
  }
  return decodeURI(pathname.startsWith('/') ? pathname : `/${pathname}`);
}

export async function astro(text, urls, file, base = '/', trailingSlash = 'ignore') {
  const { extractCacheRoutesFromRouteRules } = await astroModule('core/cache/utils.js');
  const { compileCacheRoutes, matchCacheRoute } = await astroModule('core/cache/runtime/route-matching.js');
  const { AstroCache } = await astroModule('core/cache/runtime/cache.js');
  const routes = extractCacheRoutesFromRouteRules(JSON.parse(text)) || {};
  const compiled = compileCacheRoutes(routes, base, trailingSlash);
  const out = [];
  for (const url of urls) {
    const pathname = computePathname(new URL(url, 'https://example.com').pathname, base);
    const options = matchCacheRoute(pathname, compiled);
    const cache = new AstroCache(undefined);
    if (options) {
      cache.set(options);
    }
    const rule = compiled.find((route) => route.pattern.test(pathname));
    out.push({ url, status: 200, rule: rule ? rule.route : null, options: cache.options });
  }
  return out;
}
