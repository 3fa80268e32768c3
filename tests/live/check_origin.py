#!/usr/bin/python3
"""A small origin with an emulated cache in front, on loopback, for the tests of `cachectl check`
and `cachectl warm` (tests/live/check_run).

Usage: check_origin.py ROUTES.json
Listens on a free 127.0.0.1 port, prints `PORT <n>` on stdout, and serves until it is killed.

ROUTES.json:
  "routes":   {"/path": {"status": 200, "headers": [["Name", "value"], ...], "body": "...",
                         "force_cache": false, "delay": 0}}
  "prefixes": {"/account": {...}}   any path that starts with the prefix followed by `/`, `;` or
                                    `%2F` gets that route (an origin that serves the deception
                                    spellings as the page itself)
  "cache":    {"enabled": true,             emulate a shared cache in front of the origin
               "by_extension": false,       cache .css/.js/.png... for an hour whatever the
                                            headers say (the web cache deception setup)
               "age_offset": 0,             seconds added to Age (a cache that lies about age)
               "status_header": "cache-status"}   or "x-cache" (HIT/MISS words)
`{self}` in a body becomes the origin's own URL. Any other path is a 404 with `Cache-Control: private, no-store`.

The cache honours CDN-Cache-Control (RFC 9213) first, then s-maxage, then max-age of
Cache-Control; private or no-store (without a CDN header) make a response uncacheable, as does
force_cache = false with a status other than 2xx. Every response says what the cache did.
"""
import http.server
import json
import re
import sys
import threading
import time

ROUTES = json.load(open(sys.argv[1], encoding="utf-8"))
CACHE = ROUTES.get("cache", {"enabled": False})
STORE = {}  # path -> (stored_at, ttl, status, headers, body)
LOCK = threading.Lock()
STATIC = re.compile(r"\.(css|js|png|jpg|gif|svg|woff2?)/?$")


def route_of(path):
    if path in ROUTES.get("routes", {}):
        return ROUTES["routes"][path]
    for prefix, route in ROUTES.get("prefixes", {}).items():
        rest = path[len(prefix):]
        if path.startswith(prefix) and (rest == "" or rest[0] in "/;" or rest.startswith("%2F")):
            return route
    return {"status": 404, "headers": [["Cache-Control", "private, no-store"]], "body": "not found\n"}


def directives(value):
    out = {}
    for item in value.split(","):
        item = item.strip()
        if item:
            name, _, arg = item.partition("=")
            out[name.strip().lower()] = arg.strip().strip('"')
    return out


def ttl_of(route, path):
    """Seconds the emulated cache keeps the response, or None."""
    if route.get("force_cache"):
        return 3600
    if CACHE.get("by_extension") and STATIC.search(path):
        return 3600
    headers = {k.lower(): v for k, v in route.get("headers", [])}
    if "cdn-cache-control" in headers:
        d = directives(headers["cdn-cache-control"])
        if "no-store" in d or "private" in d:
            return None
        return int(d["max-age"]) if d.get("max-age", "").isdigit() else None
    d = directives(headers.get("cache-control", ""))
    if "private" in d or "no-store" in d:
        return None
    for key in ("s-maxage", "max-age"):
        if d.get(key, "").isdigit():
            return int(d[key]) or None
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def status_headers(self, state, age=None, ttl=None):
        if CACHE.get("status_header") == "x-cache":
            return [("X-Cache", {"hit": "HIT", "miss": "MISS", "bypass": "PASS"}[state])]
        value = {"hit": "check-origin; hit", "miss": "check-origin; fwd=uri-miss; stored",
                 "bypass": "check-origin; fwd=bypass"}[state]
        if ttl is not None:
            value += f"; ttl={ttl}"
        return [("Cache-Status", value)]

    def answer(self, head):
        path = self.path.split("?", 1)[0]
        route = route_of(path)
        if route.get("delay"):
            time.sleep(route["delay"])
        extra = []
        if CACHE.get("enabled"):
            now = time.time()
            with LOCK:
                entry = STORE.get(path)
                if entry and now - entry[0] < entry[1]:
                    age = int(now - entry[0]) + CACHE.get("age_offset", 0)
                    extra = self.status_headers("hit", ttl=entry[1] - int(now - entry[0]))
                    extra.append(("Age", str(age)))
                else:
                    ttl = ttl_of(route, path)
                    status = route.get("status", 200)
                    if ttl and (200 <= status < 300 or route.get("force_cache")):
                        STORE[path] = (now, ttl, status)
                        extra = self.status_headers("miss")
                        if CACHE.get("age_offset"):
                            extra.append(("Age", str(CACHE["age_offset"])))
                    else:
                        extra = self.status_headers("bypass")
        # `{self}` in a body is this origin's own URL (sitemaps that list its pages).
        body = route.get("body", "ok\n").replace(
            "{self}", f"http://127.0.0.1:{self.server.server_address[1]}").encode()
        self.send_response(route.get("status", 200))
        for name, value in route.get("headers", []):
            self.send_header(name, value)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Type", route.get("content_type", "text/html"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_GET(self):
        self.answer(False)

    def do_HEAD(self):
        self.answer(True)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
print(f"PORT {server.server_address[1]}", flush=True)
server.serve_forever()
