#!/usr/bin/env python3
"""A brute-force reference of `cachectl simulate`, simple rather than fast, to compare with the
real one on random logs (tests/simulate/check-reference). It shares only the URL matching with
cachectl (`cachectl match --format json` says which rule and which options a URL gets); the
conditions, the TTL per status, the cache (lists scanned linearly), eviction, PoPs, purges and
the counting are written again here from the documentation (man/cachectl-simulate.1).

Reads the common/combined, JSON Lines, Cloudflare Logpush and CloudFront formats as
scripts/gen-access-log writes them (no request headers), each with its own small parser here.
Usage: reference.py CACHECTL CONFIG LOG [--log-format common|combined|json|cloudflare|cloudfront]
                    [--purges FILE] [--purge-every S] [--capacity N UNIT]
                    [--policy lru|sieve] [--pops N]        prints one JSON document
"""
import argparse
import datetime
import json
import math
import re
import subprocess
import sys
import tomllib
import urllib.parse

LINE = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+)[^"]*" (\d{3}) (\d+|-)')
DEFAULT_METHODS = ["GET", "HEAD"]
DEFAULT_STATUSES = [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]


def fnv1a(text: str) -> int:
    h = 14695981039346656037
    for b in text.encode():
        h = ((h ^ b) * 1099511628211) % (1 << 64)
    return h


def log_time_ms(text: str) -> int:
    return int(datetime.datetime.strptime(text, "%d/%b/%Y:%H:%M:%S %z").timestamp()) * 1000


def number_time_ms(value) -> int:
    """Milliseconds of an epoch number in seconds, milliseconds, microseconds or nanoseconds."""
    value = float(value)
    if value >= 1e17:
        return int(value / 1e6)
    if value >= 1e14:
        return int(value / 1e3)
    if value >= 1e11:
        return int(value)
    return math.floor(value * 1000 + 0.5)


def read_records(path: str, fmt: str):
    """(time ms, method, target, status, bytes, client, host) of every request of the log."""
    records = []
    fields = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if fmt in ("common", "combined"):
                m = LINE.match(line)
                if m:
                    client, stamp, method, target, status, nbytes = m.groups()
                    records.append((log_time_ms(stamp), method, target, int(status),
                                    0 if nbytes == "-" else int(nbytes), client, ""))
            elif fmt in ("json", "cloudflare"):
                j = json.loads(line)
                if fmt == "json":
                    records.append((number_time_ms(j["time"]), j["method"], j["uri"], j["status"],
                                    j["bytes"], j["remote_addr"], j.get("host", "")))
                else:
                    records.append((number_time_ms(j["EdgeStartTimestamp"]), j["ClientRequestMethod"],
                                    j["ClientRequestURI"], j["EdgeResponseStatus"], j["EdgeResponseBytes"],
                                    j["ClientIP"], j["ClientRequestHost"]))
            elif line.startswith("#Fields:"):
                fields = line.split()[1:]
            elif not line.startswith("#"):
                row = dict(zip(fields, line.split("\t")))
                at = datetime.datetime.fromisoformat(f"{row['date']}T{row['time']}+00:00")
                query = row["cs-uri-query"]
                host = row["x-host-header"] if row["x-host-header"] != "-" else row["cs(Host)"]
                records.append((int(at.timestamp()) * 1000, row["cs-method"],
                                row["cs-uri-stem"] + ("" if query == "-" else "?" + query),
                                int(row["sc-status"]), int(row["sc-bytes"]), row["c-ip"], host))
    return records


def param_names(query: str):
    return [urllib.parse.unquote(p.split("=", 1)[0]) for p in query.split("&") if p.split("=", 1)[0]]


def trips(bypass, query: str, has_query: bool) -> bool:
    if not bypass:
        return False
    q = bypass.get("query", "never")
    if q == "any":
        return has_query and query != ""
    if isinstance(q, list) and has_query:
        return any(name in q for name in param_names(query))
    return False


class Cache:
    """One PoP: entries in a list, oldest first (index 0 is the tail, the end the head)."""

    def __init__(self, unit, amount, policy):
        self.unit, self.amount, self.policy = unit, amount, policy
        self.queue = []      # keys, oldest first
        self.entries = {}    # key -> dict
        self.hand = None     # SIEVE: index into queue
        self.evictions = 0

    def used_bytes(self):
        return sum(e["size"] for e in self.entries.values())

    def over(self, size):
        if self.unit == "bytes":
            return self.used_bytes() + size > self.amount
        if self.unit == "objects":
            return len(self.entries) + 1 > self.amount
        return False

    def remove(self, key):
        i = self.queue.index(key)
        del self.queue[i]
        del self.entries[key]
        if self.hand is not None:
            if i < self.hand:
                self.hand -= 1
            if self.hand >= len(self.queue):
                self.hand = None

    def victim(self):
        if self.policy == "lru":
            return self.queue[0]
        h = 0 if self.hand is None else self.hand
        while self.entries[self.queue[h]]["visited"]:
            self.entries[self.queue[h]]["visited"] = False
            h = h + 1 if h + 1 < len(self.queue) else 0
        self.hand = h
        return self.queue[h]

    def insert(self, key, now, fresh, size, rule):
        if self.unit == "bytes" and size > self.amount:
            return
        while self.entries and self.over(size):
            self.remove(self.victim())
            self.evictions += 1
        ttl, swr, sie = fresh
        self.entries[key] = {"fresh": now + ttl, "swr": now + ttl + swr, "sie": now + ttl + sie,
                             "size": size, "rule": rule, "visited": False}
        self.queue.append(key)

    def touch(self, key):
        if self.policy == "sieve":
            self.entries[key]["visited"] = True
        else:
            self.queue.remove(key)
            self.queue.append(key)

    def serve(self, key, now, error, fresh, size, rule):
        e = self.entries.get(key)
        if e is not None:
            if now < e["fresh"]:
                self.touch(key)
                return "hit"
            if now < e["swr"]:
                if error:
                    self.touch(key)
                else:
                    self.remove(key)
                    if fresh is not None:
                        self.insert(key, now, fresh, size, rule)
                return "stale_hit"
            if error and now < e["sie"]:
                self.touch(key)
                return "stale_if_error"
            self.remove(key)
        if fresh is not None:
            self.insert(key, now, fresh, size, rule)
        return "miss"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("cachectl")
    ap.add_argument("config")
    ap.add_argument("log")
    ap.add_argument("--log-format", default="common",
                    choices=["common", "combined", "json", "cloudflare", "cloudfront"])
    ap.add_argument("--purges")
    ap.add_argument("--purge-every", type=int, default=0)
    ap.add_argument("--capacity", nargs=2)
    ap.add_argument("--policy", default="lru")
    ap.add_argument("--pops", type=int, default=1)
    args = ap.parse_args()

    with open(args.config, "rb") as f:
        toml = tomllib.load(f)
    patterns = list(toml.get("routes", {}).keys())
    global_bypass = toml.get("bypass", {})

    records = read_records(args.log, args.log_format)
    targets = sorted({r[2] for r in records})
    out = subprocess.run([args.cachectl, "-c", args.config, "match", "-", "--format", "json"],
                         input="\n".join(targets) + "\n", capture_output=True, text=True)
    matched = {}
    for line in out.stdout.splitlines():
        j = json.loads(line)
        matched[j["input"]] = j

    def policy(target, method, status, host):
        """(rule index or None, 'pass'|'store'|'no_store', (ttl, swr, sie) ms, key)."""
        j = matched[target]
        if j["status"] != "matched":
            return None, "pass", None, None
        rule = patterns.index(j["rule"])
        o = j["options"]
        query = j.get("query") or ""
        has_query = "?" in target
        if not o.get("cache", True):
            return rule, "pass", None, None
        if method not in o.get("methods", DEFAULT_METHODS):
            return rule, "pass", None, None
        if trips(global_bypass, query, has_query) or trips(o.get("bypass"), query, has_query):
            return rule, "pass", None, None
        if o.get("private"):
            return rule, "pass", None, None
        key_query = query
        if "cache_key" in o and "query" in o["cache_key"]:
            keep = o["cache_key"]["query"]
            key_query = "&".join(p for p in query.split("&")
                                 if urllib.parse.unquote(p.split("=", 1)[0]) in keep)
        key = host.lower() + "\t" + j["path"] + ("?" + key_query if key_query else "")
        status = 200 if status == 304 else status
        if status not in o.get("statuses", DEFAULT_STATUSES):
            return rule, "no_store", None, key
        max_age = o.get("max_age")
        table = o.get("status", {})
        if str(status) in table:
            max_age = table[str(status)]
        elif f"{status // 100}xx" in table:
            max_age = table[f"{status // 100}xx"]
        elif status >= 400 and max_age is not None:
            max_age = min(max_age, o.get("negative_max_age", 180))
        ttl = (max_age or 0) * 1000
        swr = o.get("swr", 0) * 1000
        sie = 0 if o.get("must_revalidate") else o.get("stale_if_error", 0) * 1000
        return rule, ("store" if ttl + swr + sie > 0 else "no_store"), (ttl, swr, sie), key

    tags_of = {}

    def tags(path):
        if path not in tags_of:
            r = subprocess.run([args.cachectl, "-c", args.config, "match", path, "--format", "json"],
                               capture_output=True, text=True)
            j = json.loads(r.stdout.splitlines()[0])
            tags_of[path] = j["options"].get("tags", []) if j["status"] == "matched" else []
        return tags_of[path]

    unit, amount = None, 0
    if args.capacity:
        amount = int(args.capacity[0])
        unit = "objects" if args.capacity[1] == "objects" else "bytes"
        amount *= {"objects": 1, "B": 1, "KB": 1024, "MB": 1 << 20, "GB": 1 << 30}[args.capacity[1]]
    caches = [Cache(unit, amount, args.policy) for _ in range(args.pops)]

    events = []
    if args.purges:
        with open(args.purges, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                stamp, target = line.split(None, 1)
                at = int(datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()) * 1000
                events.append((at, target))
    events.sort(key=lambda e: e[0])
    purged_objects = 0

    def purge(target):
        nonlocal purged_objects
        for cache in caches:
            for key in list(cache.entries):
                path_query = key.split("\t")[1]
                path = path_query.split("?")[0]
                if target == "everything":
                    hit = True
                elif target.startswith("tag:"):
                    hit = target[4:] in tags(path)
                else:
                    hit = path_query == target
                if hit:
                    cache.remove(key)
                    purged_objects += 1

    names = ["requests", "hits", "stale_hits", "stale_if_error", "misses", "passes",
             "origin_requests", "bytes", "hit_bytes"]
    rows = [dict.fromkeys(names, 0) for _ in range(len(patterns) + 1)]
    total = dict.fromkeys(names, 0)
    origin_minutes = [dict() for _ in range(len(patterns) + 1)]
    total_minutes = {}
    first = records[0][0] if records else 0
    last_minute = 0
    next_every = first + args.purge_every * 1000
    purges = 0
    for now, method, target, status, nbytes, client, host in records:
        while events and events[0][0] <= now:
            purge(events.pop(0)[1])
            purges += 1
        while args.purge_every and next_every <= now:
            purge("everything")
            purges += 1
            next_every += args.purge_every * 1000
        rule, kind, fresh, key = policy(target, method, status, host)
        row = len(patterns) if rule is None else rule
        if kind == "pass":
            outcome = "passes"
        else:
            cache = caches[0 if args.pops == 1 else fnv1a(client) % args.pops]
            result = cache.serve(key, now, status >= 500, fresh if kind == "store" else None, nbytes, rule)
            outcome = {"hit": "hits", "stale_hit": "stale_hits", "stale_if_error": "stale_if_error",
                       "miss": "misses"}[result]
        minute = (now - first) // 60000
        last_minute = max(last_minute, minute)
        for c in (rows[row], total):
            c["requests"] += 1
            c[outcome] += 1
            c["bytes"] += nbytes
            if outcome in ("hits", "stale_hits", "stale_if_error"):
                c["hit_bytes"] += nbytes
            if outcome != "hits":
                c["origin_requests"] += 1
        if outcome != "hits":
            for per_minute in (origin_minutes[row], total_minutes):
                per_minute[minute] = per_minute.get(minute, 0) + 1

    def load(per_minute):
        counts = sorted(per_minute.get(m, 0) for m in range(last_minute + 1))
        if not counts:
            return 0.0, 0.0
        rank = max(1, math.ceil(0.99 * len(counts)))
        return max(counts) / 60.0, counts[rank - 1] / 60.0

    def finish(c, per_minute):
        c = dict(c)
        c["origin_rps_peak"], c["origin_rps_p99"] = load(per_minute)
        return c

    result = {"total": finish(total, total_minutes), "purges": purges, "purged_objects": purged_objects,
              "evictions": sum(c.evictions for c in caches), "rules": []}
    for i, c in enumerate(rows):
        if i == len(patterns) and c["requests"] == 0:
            continue
        row = {"pattern": patterns[i] if i < len(patterns) else None}
        row.update(finish(c, origin_minutes[i]))
        result["rules"].append(row)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
