// The platforms' own header matching, for the export differential tests: given a file that
// `cachectl export` wrote and URLs (one per line on stdin), prints one JSON object per URL with
// the response headers the platform's published code gives it:
//   node oracle.mjs FORMAT FILE [BASE [TRAILING_SLASH]] < urls   →   {"url": …, "headers": {…}}
// (BASE and TRAILING_SLASH: the site settings nitro and astro are configured with; astro answers
// the winning rule and the cache options instead of headers, see oracle_astro.mjs).
// Header names are lowercase; repeated fields are joined with ", " (as fetch's Headers does).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generateHandler } from '@cloudflare/pages-shared/dist/asset-server/handler.js';
import { parseAllHeaders } from '@netlify/headers-parser';
import { createMetadataObject } from '@cloudflare/pages-shared/dist/metadata-generator/createMetadataObject.js';
import { astro } from './oracle_astro.mjs';
import { nitro } from './oracle_nitro.mjs';

const require = createRequire(import.meta.url);

// Cloudflare's `_headers` parser (workers-shared utils/configuration/parseHeaders.ts). It is not
// exported by any published package; miniflare bundles it (with its constants and validateUrl),
// so the oracle evaluates that part of miniflare's published bundle, unchanged.
function cloudflareParseHeaders() {
  const bundle = readFileSync(require.resolve('miniflare'), 'utf8');
  const from = bundle.indexOf('// ../workers-shared/utils/configuration/constants.ts');
  const to = bundle.indexOf('// ../workers-shared/utils/configuration/parseRedirects.ts');
  if (from < 0 || to < from) {
    throw new Error('miniflare no longer bundles workers-shared parseHeaders where expected');
  }
  return new Function(`${bundle.slice(from, to)}\nreturn parseHeaders;`)();
}

// Cloudflare Pages: the asset server of pages-shared (the code Pages runs and `wrangler pages
// dev` uses) serving one asset at every path, with the metadata Pages builds from `_headers`.
async function cloudflarePages(text, urls) {
  const parseHeaders = cloudflareParseHeaders();
  const parsed = parseHeaders(text);
  if (parsed.invalid.length > 0) {
    throw new Error(`_headers rejected: ${JSON.stringify(parsed.invalid)}`);
  }
  const metadata = createMetadataObject({ headers: parsed });
  const out = [];
  for (const url of urls) {
    const request = new Request(new URL(url, 'https://example.com').href);
    const response = await generateHandler({
      request,
      metadata,
      xServerEnvHeader: undefined,
      logError: (error) => { throw error; },
      findAssetEntryForPath: async (path) => path,
      getAssetKey: (entry) => 'asset',
      negotiateContent: () => ({ encoding: null }),
      fetchAsset: async () => ({ body: 'x', contentType: 'application/octet-stream' }),
    });
    out.push({ url, status: response.status, headers: Object.fromEntries(response.headers.entries()) });
  }
  return out;
}

// Netlify: @netlify/headers-parser parses the file and gives each rule its `forRegExp`; the
// rules matching a path combine as netlify-cli's `headersForPath` (src/utils/headers.ts, what
// `netlify dev` serves) combines them: Object.assign in file order. netlify-cli itself (hundreds
// of MB) is not installed; that one line is repeated here. `contributors` counts, per header,
// the matching rules that set it (where Netlify's documented joining of values from several
// rules would give another value than the override).
async function netlifyHeaders(text, urls, file, toml = false) {
  const source = toml ? { netlifyConfigPath: file } : { headersFiles: [file] };
  const { headers, errors } = await parseAllHeaders({ ...source, minimal: false });
  if (errors.length > 0) {
    throw new Error(`_headers rejected: ${errors.map((e) => e.message).join('; ')}`);
  }
  const out = [];
  for (const url of urls) {
    const { pathname } = new URL(url, 'https://example.com');
    const matchingHeaders = headers.filter(({ forRegExp }) => forRegExp.test(pathname)).map(({ values }) => values);
    const merged = Object.assign({}, ...matchingHeaders);
    const contributors = {};
    for (const values of matchingHeaders) {
      for (const key of Object.keys(values)) {
        contributors[key.toLowerCase()] = (contributors[key.toLowerCase()] || 0) + 1;
      }
    }
    const lower = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k.toLowerCase(), v]));
    out.push({ url, status: 200, headers: lower, contributors });
  }
  return out;
}

// Vercel: @vercel/routing-utils turns vercel.json's `headers` into routes (path-to-regexp
// `source` → `src`, `continue: true`); every route whose `src` matches the path applies, in
// order, a later value replacing an earlier one of the same (case-insensitive) name, as
// Vercel's router does with `continue` routes. Nothing else is sent by this oracle: Vercel's own
// defaults are not modelled, so every header compared is one the file sets.
async function vercelJson(text, urls) {
  const { getTransformedRoutes } = require('@vercel/routing-utils');
  const { routes, error } = getTransformedRoutes(JSON.parse(text));
  if (error) {
    throw new Error(`vercel.json rejected: ${JSON.stringify(error)}`);
  }
  const compiled = (routes || []).map((route) => ({ regex: new RegExp(route.src), route }));
  const out = [];
  for (const url of urls) {
    const { pathname } = new URL(url, 'https://example.com');
    const headers = {};
    let matched = 0;
    for (const { regex, route } of compiled) {
      if (!route.headers || !route.continue || route.has || route.missing || !regex.test(pathname)) {
        continue;
      }
      matched += 1;
      for (const [key, value] of Object.entries(route.headers)) {
        headers[key.toLowerCase()] = value;
      }
    }
    out.push({ url, status: 200, matched, headers });
  }
  return out;
}

const [format, file, ...site] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const urls = readFileSync(0, 'utf8').split('\n').filter((line) => line.length > 0);
const oracles = {
  'netlify-headers': netlifyHeaders,
  // netlify.toml's [[headers]]: the same parser (netlify_config_parser) and the same combination.
  'netlify-toml': (text, urls, file) => netlifyHeaders(text, urls, file, true),
  'cloudflare-pages': cloudflarePages,
  'vercel-json': vercelJson,
  nitro,
  astro,
};
if (!(format in oracles)) {
  console.error(`oracle: unknown format ${format}`);
  process.exit(2);
}
for (const record of await oracles[format](text, urls, file, ...site)) {
  console.log(JSON.stringify(record));
}
