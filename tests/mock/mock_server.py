#!/usr/bin/python3
"""Loopback mock of twelve CDN purge APIs, for testing `cachectl purge`.

One process serves every provider, each mounted under /<provider> followed by the
provider's real API path (README.md beside this file is the contract). For each
request it checks what the real API checks -- route, method, auth (bearer tokens,
Cloudflare key pairs, Akamai EdgeGrid and AWS SigV4 signatures recomputed from the
configured credentials), body schema (the official fragments in schemas/), batch
limits -- enforces the real rate limits with the real 429 shapes and headers,
injects configured faults, and keeps a ledger of every request and of what was
purged, for tests to assert against.

Usage: mock_server.py [--host 127.0.0.1] [--port 0] [--port-file FILE]
                      [--config FILE.json] [-v]
Control: GET /__mock/health, GET|POST /__mock/config, POST /__mock/reset,
         GET /__mock/ledger[?provider=NAME&since=SEQ]
"""

import argparse
import base64
import copy
import datetime
import email.utils
from html import escape as html_escape
import hashlib
import hmac
import http
import http.server
import ipaddress
import json
import math
import os
import random
import re
import signal
import socket
import struct
import sys
import threading
import time
import traceback
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_DIR = os.path.join(HERE, "schemas")
JSON = "application/json"
PROBLEM = "application/problem+json"
MAX_BODY = 16 * 1024 * 1024  # larger request bodies are refused before reading
KINDS = ("url", "tag", "prefix", "host", "everything")


# ---------------------------------------------------------------------------
# Small helpers


def dumps(obj):
    """Compact UTF-8 JSON, with `&<>` and non-ASCII left as they are."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def load_schema(name):
    with open(os.path.join(SCHEMA_DIR, name), encoding="utf-8") as f:
        return json.load(f)


def validator(document, pointer):
    """A Draft 7 validator for the schema at `pointer` ("#/...") inside `document`.

    The document stays the root, so the fragment's own "#/components/..." and
    "#/definitions/..." references resolve."""
    root = dict(document)
    root["$ref"] = pointer
    return jsonschema.Draft7Validator(root)


def schema_error(val, instance):
    """The most relevant schema violation as "at $.path: message", or None."""
    error = jsonschema.exceptions.best_match(val.iter_errors(instance))
    if error is None:
        return None
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"at {where}: {error.message}"


def ceil_seconds(wait):
    """A wait in seconds as the whole number a Retry-After header carries (at least 1)."""
    return max(1, int(math.ceil(wait - 1e-9)))


def http_date(epoch=None):
    return email.utils.formatdate(epoch, usegmt=True)


def iso_utc(epoch=None, millis=True):
    dt = datetime.datetime.fromtimestamp(time.time() if epoch is None else epoch, datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + (f".{dt.microsecond // 1000:03d}Z" if millis else "Z")


def rand_id(alphabet, n):
    rng = random.SystemRandom()
    return "".join(rng.choice(alphabet) for _ in range(n))


UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
HOST_RE = re.compile(r"(?=.{1,253}(?::\d+)?$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                     r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?")


def is_hostname(text):
    return isinstance(text, str) and HOST_RE.fullmatch(text) is not None


def full_url_problem(url):
    """Why `url` is not an absolute http(s) URL with a host name, or None."""
    if not isinstance(url, str) or not url:
        return "must be a non-empty string"
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"'{url}' is not a full URL: it needs an http:// or https:// scheme"
    if not is_hostname(parts.netloc):
        return f"'{url}' has no valid host name"
    if any(c in url for c in " \t\r\n"):
        return f"'{url}' contains white space; percent-encode it"
    return None


def path_pattern_problem(path, allow_query=False):
    """Why `path` is not "/x" or "/x*" (a `*` only at the end), or None."""
    if not isinstance(path, str) or not path.startswith("/"):
        return f"'{path}' must start with '/'"
    if "*" in path[:-1]:
        return f"'{path}' has a '*' before its end; a wildcard is only allowed as the last character"
    if any(c in path for c in " \t\r\n"):
        return f"'{path}' contains white space; percent-encode it"
    if not allow_query and ("?" in path or "#" in path):
        return f"'{path}' contains '?' or '#', which are not allowed"
    return None


def path_kind(path):
    """url / prefix / everything for a path pattern such as "/a", "/img/*" or "/*"."""
    if path == "/*":
        return "everything"
    return "prefix" if path.endswith("*") else "url"


# ---------------------------------------------------------------------------
# Signing: Akamai EdgeGrid (EG1-HMAC-SHA256) and AWS Signature Version 4.
# Independent implementations of the published algorithms; test_mock.py checks
# them against schemas/signing-test-vectors.json.


def _hmac_b64(key, msg):
    return base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()


def edgegrid_signing_key(client_secret, timestamp):
    """base64(HMAC-SHA256(client_secret, timestamp))."""
    return _hmac_b64(client_secret.encode(), timestamp.encode())


def edgegrid_content_hash(method, body, max_body):
    """base64(SHA-256(first max_body bytes)) for a POST with a body, else ""."""
    if method.upper() != "POST" or not body:
        return ""
    return base64.b64encode(hashlib.sha256(body[:max_body]).digest()).decode()


def edgegrid_canonical_headers(headers, headers_to_sign):
    """`name:value` for each configured header present, value trimmed with runs of
    white space folded to one space, TAB-joined in the configured order."""
    present = {}
    for name, value in headers:
        present.setdefault(name.lower(), value)
    lines = []
    for name in headers_to_sign:
        value = present.get(name.lower())
        if value is not None:
            lines.append(f"{name.lower()}:{' '.join(value.split())}")
    return "\t".join(lines)


def edgegrid_unsigned_header(client_token, access_token, timestamp, nonce):
    return (f"EG1-HMAC-SHA256 client_token={client_token};access_token={access_token};"
            f"timestamp={timestamp};nonce={nonce};")


def edgegrid_data_to_sign(method, scheme, host, path_query, canonical_headers, content_hash, unsigned_header):
    return "\t".join([method.upper(), scheme, host, path_query, canonical_headers, content_hash, unsigned_header])


def edgegrid_signature(client_secret, timestamp, data_to_sign):
    key = edgegrid_signing_key(client_secret, timestamp)
    return _hmac_b64(key.encode(), data_to_sign.encode())


def edgegrid_authorization(creds, method, scheme, host, path_query, body=b"", headers=(),
                           timestamp=None, nonce=None):
    """The full Authorization header a client sends (used by the self-test)."""
    timestamp = timestamp or time.strftime("%Y%m%dT%H:%M:%S+0000", time.gmtime())
    nonce = nonce or str(uuid.uuid4())
    unsigned = edgegrid_unsigned_header(creds["client_token"], creds["access_token"], timestamp, nonce)
    data = edgegrid_data_to_sign(
        method, scheme, host, path_query,
        edgegrid_canonical_headers(headers, creds.get("headers_to_sign", [])),
        edgegrid_content_hash(method, body, creds.get("max_body", 131072)), unsigned)
    return unsigned + "signature=" + edgegrid_signature(creds["client_secret"], timestamp, data)


def _aws_quote(text):
    return urllib.parse.quote(text, safe="-_.~")


def sigv4_canonical_uri(raw_path):
    """Each segment of the path as received URI-encoded once more (non-S3 services)."""
    return "/".join(_aws_quote(seg) for seg in (raw_path or "/").split("/"))


def sigv4_canonical_query(raw_query):
    pairs = urllib.parse.parse_qsl(raw_query, keep_blank_values=True)
    return "&".join(f"{_aws_quote(k)}={_aws_quote(v)}" for k, v in sorted(pairs))


def sigv4_canonical_request(method, raw_path, raw_query, headers, signed_headers, payload_hash):
    """`headers` is a list of (name, value); `signed_headers` lower-case names, sorted."""
    values = {}
    for name, value in headers:
        values.setdefault(name.lower(), []).append(" ".join(value.split()))
    canon = "".join(f"{name}:{','.join(values.get(name, []))}\n" for name in signed_headers)
    return "\n".join([method.upper(), sigv4_canonical_uri(raw_path), sigv4_canonical_query(raw_query),
                      canon, ";".join(signed_headers), payload_hash])


def sigv4_string_to_sign(amz_date, scope, canonical_request):
    digest = hashlib.sha256(canonical_request.encode()).hexdigest()
    return f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{digest}"


def sigv4_signature(secret_key, date, region, service, string_to_sign):
    key = ("AWS4" + secret_key).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def sigv4_authorization(access_key, secret_key, region, service, method, raw_path, raw_query,
                        headers, body=b"", amz_date=None):
    """The Authorization header for a request whose headers (incl. Host, X-Amz-Date)
    are `headers` (used by the self-test). Signs every header given."""
    amz_date = amz_date or time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    signed = sorted({name.lower() for name, _ in headers})
    creq = sigv4_canonical_request(method, raw_path, raw_query, headers, signed,
                                   hashlib.sha256(body).hexdigest())
    scope = f"{amz_date[:8]}/{region}/{service}/aws4_request"
    sig = sigv4_signature(secret_key, amz_date[:8], region, service, sigv4_string_to_sign(amz_date, scope, creq))
    return f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={';'.join(signed)}, Signature={sig}"


# ---------------------------------------------------------------------------
# Rate limiting


class TokenBucket:
    """A bucket of `burst` tokens refilled at `rate` tokens per second."""

    def __init__(self, burst, rate):
        self.capacity = float(burst)
        self.rate = float(rate)
        self.tokens = self.capacity
        self.stamp = time.monotonic()

    @classmethod
    def from_spec(cls, spec):
        if spec is None:
            return None
        rate = spec.get("per_second") or (spec.get("per_minute", 0) / 60.0) or (spec.get("per_hour", 0) / 3600.0)
        return cls(spec["burst"], rate)

    def refill(self, now):
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_for(self, n):
        """Seconds until `n` tokens are there (if n exceeds the capacity: until full)."""
        return max(0.0, (min(n, self.capacity) - self.tokens) / self.rate) if self.tokens < n else 0.0


def take_tokens(needs):
    """Atomically take tokens: `needs` is [(name, bucket, n)]. Returns None when all
    were taken, else the (name, bucket, n, wait) that fell short, none being taken."""
    now = time.monotonic()
    short = []
    for name, bucket, n in needs:
        bucket.refill(now)
        if bucket.tokens + 1e-9 < n:
            short.append((name, bucket, n, bucket.wait_for(n)))
    if short:
        return max(short, key=lambda s: s[3])
    for _, bucket, n in needs:
        bucket.tokens -= n
    return None


class SlidingWindow:
    """At most `max` uses of each key per `window_seconds` (Netlify's per tag / per site rule)."""

    def __init__(self, spec):
        self.max = spec["max"]
        self.window = float(spec["window_seconds"])
        self.uses = {}

    def check_and_take(self, keys):
        """None when every key had room (all are then used once), else (key, wait)."""
        now = time.monotonic()
        worst = None
        for key in keys:
            recent = [t for t in self.uses.get(key, []) if now - t < self.window]
            self.uses[key] = recent
            if len(recent) >= self.max:
                wait = recent[0] + self.window - now
                if worst is None or wait > worst[1]:
                    worst = (key, wait)
        if worst:
            return worst
        for key in keys:
            self.uses[key].append(now)
        return None


# ---------------------------------------------------------------------------
# Requests, replies, purges


class Request:
    """One HTTP request as received: raw target, headers, body."""

    def __init__(self, method, target, headers, body, own_hosts):
        self.method = method
        if target.startswith(("http://", "https://")):  # absolute-form: keep path and query
            parts = urllib.parse.urlsplit(target)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.target = target
        self.path, _, self.query = target.partition("?")
        self.headers = headers
        self.body = body
        self.own_hosts = own_hosts
        self.node = None

    def header(self, name):
        return self.headers.get(name)

    def header_pairs(self):
        return list(self.headers.items())

    def query_pairs(self):
        return urllib.parse.parse_qsl(self.query, keep_blank_values=True)

    def site_host(self):
        """The Host header, unless it is only the mock's own address (then None)."""
        host = (self.header("Host") or "").strip()
        return None if not host or host.lower() in self.own_hosts else host


class Reply:
    """An HTTP response. `detail` is the rejection reason the ledger records;
    `action` is None, "reset" (RST, no response) or "truncate" (short body);
    `purged` overrides which targets count as purged ([(kind, target)])."""

    def __init__(self, status, body=b"", ctype=None, headers=None, reason=None, detail=None):
        self.status = status
        self.body = body
        self.ctype = ctype
        self.headers = list(headers or [])
        self.reason = reason
        self.detail = detail
        self.action = None
        self.purged = None

    @classmethod
    def json(cls, status, obj, headers=None, detail=None, ctype=JSON):
        return cls(status, dumps(obj), ctype, headers, detail=detail)


class Purge:
    """A validated purge: kind, targets (as sent), soft flag, scope (zone, service,
    site ... the request applies to), rate-limit cost {bucket: tokens}, and
    `commit()` which applies it to the provider's state and returns the success
    reply (or a stateful rejection such as CloudFront's in-progress limit)."""

    def __init__(self, kind, targets, commit, soft=False, scope=None, cost=None, item_kinds=None):
        self.kind = kind
        self.targets = list(targets)
        self.commit = commit
        self.soft = soft
        self.scope = scope
        self.cost = cost or {}
        self.item_kinds = item_kinds  # per-target kinds when kind == "mixed"

    def items(self):
        kinds = self.item_kinds or [self.kind] * len(self.targets)
        return list(zip(kinds, self.targets))


def mixed_kind(kinds):
    return kinds[0] if len(set(kinds)) == 1 else "mixed"


# ---------------------------------------------------------------------------
# Faults


class Fault:
    """One configured fault and its selector state.

    Selectors (all optional, combined with AND): node, match (substring of the
    request target or body), first N / every N-th in-scope request, probability p
    (one draw from Random(seed) per in-scope request that got that far), times N
    (at most N injections). Without selectors every in-scope request is hit.
    Each fault counts the in-scope requests on its own; when several select the
    same request, the first in the list is injected."""

    def __init__(self, spec, index):
        self.spec = spec
        self.index = index
        self.kind = spec["kind"]
        self.reset()

    def reset(self):
        self.seen = 0
        self.injected = 0
        self.rng = random.Random(self.spec.get("seed", 0))
        self.latched_node = None  # `partial` on a node provider without `node`

    def in_scope(self, req):
        spec = self.spec
        if "node" in spec and spec["node"] != req.node:
            return False
        if self.kind == "partial" and req.node is not None and "node" not in spec:
            if self.latched_node is None:
                self.latched_node = req.node
            if req.node != self.latched_node:
                return False
        match = spec.get("match")
        if match and match not in urllib.parse.unquote(req.target) and match not in req.target \
                and match.encode() not in req.body:
            return False
        return True

    def selects(self):
        """Count one in-scope request; True if the selectors pick it."""
        spec = self.spec
        self.seen += 1
        if "times" in spec and self.injected >= spec["times"]:
            return False
        if "first" in spec and self.seen > spec["first"]:
            return False
        if "every" in spec and self.seen % spec["every"]:
            return False
        if "probability" in spec and self.rng.random() >= spec["probability"]:
            return False
        return True

    def message(self, default):
        return self.spec.get("message") or f"{default} (injected by mock fault #{self.index} '{self.kind}')"


# ---------------------------------------------------------------------------
# Provider base


class Route:
    def __init__(self, pattern, methods, flags=0):
        self.regex = re.compile(pattern + r"\Z", flags)
        self.methods = methods  # {"POST": "handler method name"}


class Provider:
    """Base of the provider emulations.

    A subclass sets `name`, `routes` and `DEFAULTS` ({"limits", "rate", "options"}),
    implements `error()` in the provider's error shape and `authenticate()`, and a
    handler per route returning a Purge (accepted so far) or a Reply (rejected)."""

    name = ""
    routes = ()
    node_based = False
    DEFAULTS = {"limits": {}, "rate": {}, "options": {}}
    MALFORMED = b'{"status":"ok","id":"4151-17'
    MALFORMED_TYPE = JSON

    def __init__(self, mock):
        self.mock = mock
        self.cfg = None
        self.buckets = {}
        self.faults = []

    # configuration -------------------------------------------------------
    def configure(self, cfg, credentials):
        self.cfg = cfg
        self.credentials = credentials
        self.limits = cfg["limits"]
        self.opt = cfg["options"]
        self.faults = [Fault(spec, i) for i, spec in enumerate(cfg.get("faults", []))]
        self.reset_state()

    def reset_state(self):
        """Refill buckets and forget stateful history (nonces, invalidations ...)."""
        self.buckets = {name: TokenBucket.from_spec(spec) for name, spec in self.cfg["rate"].items()
                        if not (spec and "window_seconds" in spec)}
        for fault in self.faults:
            fault.reset()

    @property
    def token(self):
        return self.cfg.get("token") or self.credentials["token"]

    # shapes ----------------------------------------------------------------
    def error(self, req, status, message, code=None, headers=None):
        raise NotImplementedError

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        """The provider's rate-limited reply (default: 429 + Retry-After)."""
        return self.error(req, 429, f"Rate limit exceeded; retry after {ceil_seconds(wait)} s",
                          headers=[("Retry-After", str(ceil_seconds(wait)))])

    def not_found(self, req):
        return self.error(req, 404, f"No route for {req.method} {req.path}")

    def method_not_allowed(self, req, allowed):
        return self.error(req, 405, f"Method {req.method} not allowed for {req.path}; allowed: {', '.join(allowed)}",
                          headers=[("Allow", ", ".join(allowed))])

    # routing / auth ---------------------------------------------------------
    def resolve(self, req):
        """(handler, params) for the request, or a 404/405 Reply."""
        allowed = set()
        for route in self.routes:
            m = route.regex.match(req.path)
            if m:
                if req.method in route.methods:
                    return getattr(self, route.methods[req.method]), m.groupdict()
                allowed.update(route.methods)
        if allowed:
            return self.method_not_allowed(req, sorted(allowed))
        return self.not_found(req)

    def authenticate(self, req):
        """None when the request is authorized, else the rejection Reply."""
        return None

    def bearer_problem(self, req):
        """Why the request's `Authorization: Bearer` does not carry the token, or None."""
        auth = req.header("Authorization")
        if auth is None:
            return "no Authorization header; expected 'Authorization: Bearer <token>'"
        scheme, _, value = auth.strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            return f"Authorization header is not of the form 'Bearer <token>' (scheme '{scheme}')"
        if not hmac.compare_digest(value.strip().encode(), self.token.encode()):
            return "the bearer token is not the configured token"
        return None

    def header_token_problem(self, req, header):
        value = req.header(header)
        if value is None:
            return f"no {header} header"
        if not hmac.compare_digest(value.strip().encode(), self.token.encode()):
            return f"the {header} header is not the configured token"
        return None

    # body helpers -------------------------------------------------------------
    def content_type_error(self, req, got):
        return self.error(req, 415, f"Content-Type must be application/json, got '{got}'")

    def json_body(self, req, required=True):
        """(object, None) or (None, rejection). An empty body gives (None, None)
        when not required."""
        if not req.body:
            if required:
                return None, self.error(req, 400, "The request has no body; a JSON body is required")
            return None, None
        ctype = (req.header("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != JSON:
            return None, self.content_type_error(req, req.header("Content-Type") or "")
        try:
            return json.loads(req.body.decode("utf-8")), None
        except (UnicodeDecodeError, ValueError) as e:
            return None, self.error(req, 400, f"The body is not valid JSON: {e}")

    def no_body(self, req, what):
        if req.body:
            return self.error(req, 400, f"{what} takes no request body; got {len(req.body)} bytes")
        return None

    def unknown_query(self, req, allowed):
        for key, _ in req.query_pairs():
            if key not in allowed:
                return f"unknown query parameter '{key}' (allowed: {', '.join(sorted(allowed)) or 'none'})"
        return None

    # faults ------------------------------------------------------------------
    def fault_applies(self, fault, req, purge):
        return True

    def fault_reply(self, fault, req, purge):
        """The reply for an injected fault (not `slow`, which only delays)."""
        spec = fault.spec
        kind = fault.kind
        if kind == "status":
            headers = [("Retry-After", str(ceil_seconds(spec["retry_after"])))] if "retry_after" in spec else []
            status = spec["status"]
            return self.error(req, status, fault.message(http.HTTPStatus(status).phrase if status in
                                                         http.HTTPStatus._value2member_map_ else "Error"),
                              code=spec.get("code"), headers=headers)
        if kind == "rate_limit":
            reply = self.too_many(req, spec.get("retry_after", 1))
            reply.detail = fault.message(reply.detail or "Rate limited")
            return reply
        if kind == "reset":
            reply = Reply(0, detail="connection reset (RST) before any response")
            reply.action = "reset"
            return reply
        if kind == "malformed":
            reply = Reply(200, self.MALFORMED, self.MALFORMED_TYPE, detail="malformed response body")
            if spec.get("mode") == "truncated":
                reply.action = "truncate"
                reply.detail = "response body cut short of its Content-Length"
            return reply
        if kind == "partial":
            return self.error(req, spec.get("status", 503), fault.message("Node failed"))
        if kind == "body":
            # A literal answer; "{token}" becomes the API token (a server that echoes it), and
            # "{token_at:N}" puts the token so that it starts N bytes into the body.
            text = spec.get("body", "")
            if "{token_at:" in text:
                at = int(text.split("{token_at:", 1)[1].split("}", 1)[0])
                marker = "{token_at:%d}" % at
                prefix = text.split(marker, 1)[0]
                text = text.replace(marker, "x" * max(0, at - len(prefix)) + self.token, 1)
            text = text.replace("{token}", self.token)
            reply = Reply(spec.get("status", 200), text.encode(), spec.get("ctype", JSON),
                          detail="literal body")
            reply.purged = list(purge.items()) if spec.get("purges") else None
            return reply
        if kind in ("stall", "endless"):
            # stall: the headers, then nothing; endless: the headers, then a body that never ends.
            reply = Reply(spec.get("status", 200), b"", JSON, detail=f"{kind} after the headers")
            reply.action = kind
            reply.seconds = spec.get("seconds", 30)
            return reply
        raise AssertionError(kind)

    # rate limiting --------------------------------------------------------------
    def check_rate(self, req, purge):
        """None when the purge's cost fits the buckets (tokens are then taken), else the 429."""
        needs = [(name, self.buckets[name], n) for name, n in purge.cost.items() if self.buckets.get(name)]
        short = take_tokens(needs)
        if short:
            name, bucket, n, wait = short
            return self.too_many(req, wait, name, n, bucket)
        return None


# ---------------------------------------------------------------------------
# 1. Cloudflare


class Cloudflare(Provider):
    """POST /client/v4/zones/{zone_id}/purge_cache with one kind per request."""

    name = "cloudflare"
    routes = (Route(r"/cloudflare/client/v4/zones/(?P<zone>[^/]+)/purge_cache", {"POST": "purge"}),)
    DEFAULTS = {
        "limits": {"files": 30, "tags": 100, "hosts": 100, "prefixes": 100,
                   "tag_length": 1024, "prefix_separators": 31},
        # Enterprise plan (cloudflare-docs plans/index.json): URLs 3,000/s; tag/host/
        # prefix/everything requests bucket 500 refilled 50/s.
        "rate": {"urls": {"burst": 3000, "per_second": 3000},
                 "requests": {"burst": 500, "per_second": 50}},
        "options": {},
    }
    KEYS = {"files": "url", "tags": "tag", "hosts": "host", "prefixes": "prefix", "purge_everything": "everything"}
    MALFORMED = b'{"success":true,"errors":[],"messages":[],"result":{"id":"9a7806061c88ada191ed06f989cc3dac'
    SCHEMA = load_schema("cloudflare-purge_cache.openapi-fragment.json")
    BODY = validator(SCHEMA, "#/paths/~1zones~1{zone_id}~1purge_cache/post/requestBody/content/application~1json/schema")
    BRANCH = {
        "files": [validator(SCHEMA, "#/components/schemas/cache-purge_SingleFile"),
                  validator(SCHEMA, "#/components/schemas/cache-purge_SingleFileWithUrlAndHeaders")],
        "tags": [validator(SCHEMA, "#/components/schemas/cache-purge_FlexPurgeByTags")],
        "hosts": [validator(SCHEMA, "#/components/schemas/cache-purge_FlexPurgeByHostnames")],
        "prefixes": [validator(SCHEMA, "#/components/schemas/cache-purge_FlexPurgeByPrefixes")],
        "purge_everything": [validator(SCHEMA, "#/components/schemas/cache-purge_Everything")],
    }

    def envelope(self, status, errors, result=None, headers=None, detail=None):
        return Reply.json(status, {"success": not errors, "errors": errors, "messages": [], "result": result},
                          headers, detail=detail)

    def error(self, req, status, message, code=None, headers=None, chain=None):
        default = {403: 10000, 404: 7003, 405: 7001, 429: 971}.get(status, 1000)
        err = {"code": code if code is not None else default, "message": message}
        detail = message
        if chain:
            err["error_chain"] = chain
            detail += "".join(f" ({c['code']}: {c['message']})" for c in chain)
        return self.envelope(status, [err], None, headers, detail=detail)

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        what = "URL purges" if bucket_name == "urls" else "cache purge requests"
        return self.error(req, 429, f"Please wait and consider throttling your request speed "
                                    f"(rate limit for {what}; retry after {ceil_seconds(wait)} s)",
                          headers=[("Retry-After", str(ceil_seconds(wait)))])

    def content_type_error(self, req, got):
        return self.error(req, 400, "Invalid request headers", code=6003,
                          chain=[{"code": 6105, "message": f"Invalid Content-Type header, valid values are "
                                                           f"application/json,multipart/form-data (got '{got}')"}])

    def authenticate(self, req):
        key, email_ = req.header("X-Auth-Key"), req.header("X-Auth-Email")
        if key is not None:
            if not re.fullmatch(r"[0-9a-f]{37}", key.strip()):
                return self.error(req, 400, "Invalid request headers", code=6003,
                                  chain=[{"code": 6103, "message": "Invalid format for X-Auth-Key header"}])
            if email_ is None or "@" not in email_:
                return self.error(req, 400, "Invalid request headers", code=6003,
                                  chain=[{"code": 6102, "message": "Invalid format for X-Auth-Email header"}])
            want_email, want_key = self.credentials.get("cloudflare_email"), self.credentials.get("cloudflare_key")
            if not want_key or not want_email:
                return self.error(req, 403, "Authentication error: X-Auth-Email/X-Auth-Key are not configured "
                                            "for this mock; use Authorization: Bearer")
            if email_.strip() != want_email or not hmac.compare_digest(key.strip().encode(), want_key.encode()):
                return self.error(req, 403, "Authentication error: unknown X-Auth-Key or X-Auth-Email")
            return None
        auth = req.header("Authorization")
        if auth is not None and not auth.strip().lower().startswith("bearer "):
            return self.error(req, 400, "Invalid request headers", code=6003,
                              chain=[{"code": 6111, "message": "Invalid format for Authorization header"}])
        problem = self.bearer_problem(req)
        if problem:
            return self.error(req, 403, f"Authentication error: {problem}")
        return None

    def purge(self, req, params):
        zone = params["zone"]
        if not re.fullmatch(r"[0-9a-f]{32}", zone):
            return self.error(req, 400, f"Could not route to {req.path}, perhaps your object identifier is "
                                        f"invalid? (zone_id '{zone}' is not 32 hex digits)", code=7003)
        body, err = self.json_body(req)
        if err:
            return err
        if not isinstance(body, dict):
            return self.error(req, 400, "The request body must be a JSON object", code=1012)
        problem = schema_error(self.BODY, body)
        if problem:
            return self.error(req, 400, f"Request body does not match the purge_cache schema {problem}", code=1014)
        unknown = sorted(set(body) - set(self.KEYS))
        if unknown:
            return self.error(req, 400, f"Unknown field(s) {', '.join(unknown)}; the body takes one of "
                                        f"files, tags, hosts, prefixes or purge_everything", code=1012)
        present = [k for k in self.KEYS if k in body]
        if len(present) != 1:
            return self.error(req, 400, "Request must contain exactly one of purge_everything, files, tags, hosts "
                                        f"or prefixes (got {', '.join(present) or 'none'})", code=1012)
        key = present[0]
        value = body[key]
        problems = [schema_error(v, body) for v in self.BRANCH[key]]
        if all(problems):
            return self.error(req, 400, f"'{key}' is malformed {problems[0]}", code=1014)
        if key == "purge_everything":
            if value is not True:
                return self.error(req, 400, "purge_everything must be true", code=1012)
            return Purge("everything", [zone], lambda: self.success(), scope=zone, cost={"requests": 1})
        if not value:
            return self.error(req, 400, f"'{key}' is empty; send at least one item", code=1012)
        limit = self.limits[key]
        if len(value) > limit:
            return self.error(req, 400, f"Too many {key} in one request: {len(value)} > {limit}", code=1015)
        targets = []
        for item in value:
            problem = self.item_problem(key, item)
            if problem:
                return self.error(req, 400, problem[1], code=problem[0])
            targets.append(item["url"] if isinstance(item, dict) else item)
        cost = {"urls": len(targets)} if key == "files" else {"requests": 1}
        return Purge(self.KEYS[key], targets, lambda: self.success(), scope=zone, cost=cost)

    def item_problem(self, key, item):
        """(code, message) for an item that the real API refuses, or None."""
        if key == "files":
            url = item.get("url") if isinstance(item, dict) else item
            problem = full_url_problem(url)
            return (1012, f"files: {problem}") if problem else None
        if key == "tags":
            if len(item) > self.limits["tag_length"]:
                return 1100, f"tags: '{item[:40]}...' is longer than {self.limits['tag_length']} characters"
            if not item or any(not (0x20 <= ord(c) < 0x7F) for c in item):
                return 1315, f"tags: '{item}' must be non-empty printable ASCII"
            return None
        if key == "hosts":
            return None if is_hostname(item) else (1012, f"hosts: '{item}' is not a host name (no scheme, no path)")
        # prefixes
        if "://" in item:
            return 1012, f"prefixes: '{item}' must not have a scheme (write host/path)"
        if "?" in item or "#" in item:
            return 1012, f"prefixes: '{item}' must not contain a query string or fragment"
        if not is_hostname(item.split("/", 1)[0]):
            return 1012, f"prefixes: '{item}' must start with a host name"
        if item.count("/") > self.limits["prefix_separators"]:
            return 1012, f"prefixes: '{item}' has more than {self.limits['prefix_separators']} path separators"
        return None

    def success(self):
        return self.envelope(200, [], {"id": uuid.uuid4().hex})

    def fault_reply(self, fault, req, purge):
        if fault.kind == "success_false":
            message = fault.message("One or more cache purge errors")
            return self.envelope(200, [{"code": fault.spec.get("code", 1016), "message": message}], None,
                                 detail=message)
        return super().fault_reply(fault, req, purge)


# ---------------------------------------------------------------------------
# 2. Fastly


class Fastly(Provider):
    """URL purge, single and bulk surrogate-key purges, purge_all."""

    name = "fastly"
    routes = (
        Route(r"/fastly/purge/(?P<url>.+)", {"POST": "purge_url"}),
        Route(r"/fastly/service/(?P<sid>[^/]+)/purge", {"POST": "purge_bulk"}),
        Route(r"/fastly/service/(?P<sid>[^/]+)/purge/(?P<key>[^/]+)", {"POST": "purge_key"}),
        Route(r"/fastly/service/(?P<sid>[^/]+)/purge_all", {"POST": "purge_all"}),
    )
    DEFAULTS = {
        "limits": {"surrogate_keys": 256, "key_length": 1024},
        # purge_all counts toward the 1,000 non-read requests/hour; URL/key purges are not limited.
        "rate": {"non_read": {"burst": 1000, "per_hour": 1000}, "purges": None},
        "options": {},
    }

    def error(self, req, status, message, code=None, headers=None, detail=None):
        body = {"msg": message}
        if detail:
            body["detail"] = detail
        return Reply.json(status, body, headers, detail=message + (f": {detail}" if detail else ""))

    def not_found(self, req):
        return self.error(req, 404, "Record not found", detail=f"No route for {req.method} {req.path}")

    def rate_headers(self, bucket, wait=0.0):
        if bucket is None:
            return []
        reset = int(math.ceil(time.time() + (wait or (bucket.capacity - bucket.tokens) / bucket.rate)))
        return [("Fastly-RateLimit-Remaining", str(int(bucket.tokens))), ("Fastly-RateLimit-Reset", str(reset))]

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        reset = int(math.ceil(time.time() + wait))
        return self.error(req, 429, "You have exceeded your hourly rate limit",
                          headers=[("Fastly-RateLimit-Remaining", "0"), ("Fastly-RateLimit-Reset", str(reset))],
                          detail=f"Retry after the epoch second in Fastly-RateLimit-Reset ({reset})")

    def authenticate(self, req):
        problem = self.header_token_problem(req, "Fastly-Key")
        if problem:
            return self.error(req, 401, "Provided credentials are missing or invalid", detail=problem)
        return None

    def soft(self, req):
        """(soft flag, rejection)."""
        value = req.header("Fastly-Soft-Purge")
        if value is None:
            return False, None
        if value.strip() != "1":
            return False, self.error(req, 400, "Bad request", detail=f"Fastly-Soft-Purge must be 1, got '{value}'")
        return True, None

    def ok(self, extra=None, headers=None):
        return Reply.json(200, {"status": "ok", **(extra or {})}, headers)

    @staticmethod
    def purge_id():
        return f"{random.randint(1000, 9999)}-{int(time.time())}-{random.randint(10000, 99999)}"

    def purge_url(self, req, params):
        url = params["url"] + (f"?{req.query}" if req.query else "")
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:/", url):
            return self.error(req, 400, "Bad request", detail=f"the cached URL '{url}' must not include a scheme "
                                                               "(POST /purge/host/path)")
        if not is_hostname(url.split("/", 1)[0].split("?", 1)[0]):
            return self.error(req, 400, "Bad request", detail=f"the cached URL '{url}' does not start with a host name")
        soft, err = self.soft(req)
        if err or (err := self.no_body(req, "A URL purge")):
            return err
        return Purge("url", [url], lambda: self.ok({"id": self.purge_id()}), soft=soft, cost={"purges": 1})

    def purge_key(self, req, params):
        soft, err = self.soft(req)
        if err or (err := self.no_body(req, "A surrogate-key purge")):
            return err
        key = urllib.parse.unquote(params["key"])
        return Purge("tag", [key], lambda: self.ok({"id": self.purge_id()}, [("Fastly-Surrogate-Key-Count", "1")]),
                     soft=soft, scope=params["sid"], cost={"purges": 1})

    def purge_bulk(self, req, params):
        soft, err = self.soft(req)
        if err:
            return err
        header = req.header("Surrogate-Key")
        if req.body:
            if header is not None:
                return self.error(req, 400, "Bad request", detail="send the keys either in the JSON body or in the "
                                                                  "Surrogate-Key header, not both")
            body, err = self.json_body(req)
            if err:
                return err
            if not isinstance(body, dict) or set(body) != {"surrogate_keys"}:
                return self.error(req, 400, "Bad request",
                                  detail='the body must be {"surrogate_keys": [...]} and nothing else')
            keys = body["surrogate_keys"]
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                return self.error(req, 400, "Bad request", detail="surrogate_keys must be an array of strings")
        elif header is not None:
            keys = header.split()
        else:
            return self.error(req, 400, "Bad request", detail='no keys: send {"surrogate_keys": [...]} '
                                                              "or a Surrogate-Key header")
        if not keys:
            return self.error(req, 400, "Bad request", detail="surrogate_keys is empty")
        if len(keys) > self.limits["surrogate_keys"]:
            limit = self.limits["surrogate_keys"]
            reason = f"Batch surrogate key request only supports up to {limit} surrogate keys"
            return Reply.json(400, {"status": "fail", "reason": reason}, detail=reason + f" (got {len(keys)})")
        for key in keys:
            if not key or any(c.isspace() for c in key) or len(key.encode()) > self.limits["key_length"]:
                return self.error(req, 400, "Bad request", detail=f"invalid surrogate key '{key[:60]}': keys are "
                                  f"1-{self.limits['key_length']} bytes without white space")
        return Purge("tag", keys, lambda: self.bulk_reply(keys), soft=soft, scope=params["sid"], cost={"purges": 1})

    def bulk_reply(self, keys, omit=0):
        kept = keys[:len(keys) - omit] if omit else keys
        reply = Reply.json(200, {k: self.purge_id() for k in kept},
                           [("Fastly-Surrogate-Key-Count", str(len(kept)))])
        if omit:
            reply.purged = [("tag", k) for k in kept]
            reply.detail = f"partial: omitted {', '.join(keys[len(kept):])}"
        return reply

    def purge_all(self, req, params):
        soft, err = self.soft(req)
        if err or (err := self.no_body(req, "purge_all")):
            return err
        if soft:
            return self.error(req, 400, "Bad request", detail="purge_all cannot be a soft purge "
                                                              "(drop the Fastly-Soft-Purge header)")
        sid = params["sid"]
        return Purge("everything", [sid], lambda: self.ok(headers=self.rate_headers(self.buckets.get("non_read"))),
                     scope=sid, cost={"non_read": 1})

    def fault_applies(self, fault, req, purge):
        return fault.kind != "partial" or req.path.endswith("/purge")

    def fault_reply(self, fault, req, purge):
        if fault.kind == "partial":
            return self.bulk_reply(purge.targets, min(fault.spec.get("omit", 1), len(purge.targets)))
        return super().fault_reply(fault, req, purge)


# ---------------------------------------------------------------------------
# 3. Akamai Fast Purge (CCU v3)


class Akamai(Provider):
    """POST /ccu/v3/{invalidate|delete}/{url|tag|cpcode}/{network}, EdgeGrid-signed."""

    name = "akamai"
    routes = (Route(r"/akamai/ccu/v3/(?P<action>invalidate|delete)/(?P<type>url|tag|cpcode)"
                    r"(?:/(?P<network>staging|production))?", {"POST": "purge"}),)
    DEFAULTS = {
        "limits": {"body_bytes": 50000, "tag_length": 128},
        "rate": {"requests": {"burst": 100, "per_second": 50},
                 "url": {"burst": 10000, "per_second": 200},
                 "tag": {"burst": 5000, "per_minute": 500},
                 "cpcode": {"burst": 300, "per_minute": 30}},
        "options": {"scheme": "http", "clock_skew_seconds": 300},
    }
    MALFORMED = b'{"httpStatus":201,"detail":"Request acc'
    SCHEMA = load_schema("akamai-ccu-v3.openapi-fragment.json")
    BODY = {"url": validator(SCHEMA, "#/components/schemas/post-url"),
            "tag": validator(SCHEMA, "#/components/schemas/post-tag"),
            "cpcode": validator(SCHEMA, "#/components/schemas/post-cpcode")}
    TITLES = {400: "Bad Request", 401: "Not authorized", 403: "Forbidden", 404: "Not Found",
              405: "Method Not Allowed", 413: "Request Entity Too Large", 415: "Unsupported Media Type",
              500: "internal error", 503: "Service Unavailable"}
    DESCRIBED_BY = "https://techdocs.akamai.com/purge-cache/reference/api-errors"

    def reset_state(self):
        super().reset_state()
        self.nonces = {}

    @staticmethod
    def support_id(prefix="edcp"):
        return f"{prefix}-{rand_id(ALNUM, 22)}"

    def error(self, req, status, message, code=None, headers=None, title=None):
        body = {"httpStatus": status, "title": title or code or self.TITLES.get(status, "Error"), "detail": message,
                "supportId": self.support_id(), "describedBy": self.DESCRIBED_BY}
        # The fragment's content types: problem+json for 4xx, application/json for 429 and 5xx.
        ctype = PROBLEM if 400 <= status < 500 and status != 429 else JSON
        return Reply.json(status, body, headers, detail=message, ctype=ctype)

    def auth_error(self, req, detail):
        body = {"type": "https://problems.luna.akamaiapis.net/-/pep-authn/deny", "title": "Not authorized",
                "status": 401, "detail": detail, "instance": f"https://{req.header('Host')}{req.target}",
                "method": req.method, "requestId": rand_id("0123456789abcdef", 8),
                "requestTime": iso_utc(millis=False)}
        return Reply.json(401, body, detail=detail, ctype=PROBLEM)

    BUCKET_TITLE = {"requests": "Rate Limit exceeded", "url": "URL Rate Limit exceeded",
                    "tag": "TAG Rate Limit exceeded", "cpcode": "CPCODE Rate Limit exceeded"}

    def rate_headers(self, object_bucket):
        out = []
        for suffix, bucket in (("", self.buckets.get("requests")), ("-Objects", object_bucket)):
            if bucket is not None:
                out += [(f"X-Ratelimit-Limit{suffix}", f"{bucket.capacity:g}"),
                        (f"X-Ratelimit-Remaining{suffix}", str(int(bucket.tokens))),
                        (f"X-Ratelimit-Limit-Per-Second{suffix}", f"{bucket.rate:.6g}")]
        return out

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        """429 problem with X-Ratelimit-* headers and no Retry-After (Akamai's model)."""
        name = bucket_name or "requests"
        bucket = bucket or self.buckets.get("requests")
        object_bucket = self.buckets.get(req.akamai_type) if getattr(req, "akamai_type", None) else None
        remaining = int(bucket.tokens) if bucket else 0
        detail = (f"{name} bucket: this request needs {needed} token(s), {remaining} remain "
                  f"(refill {bucket.rate:.6g}/s)" if bucket else "rate limited")
        if bucket and needed > bucket.capacity:
            detail += f"; it can never fit a bucket of {bucket.capacity:g}: send fewer objects per request"
        body = {"supportId": self.support_id("edup"), "title": self.BUCKET_TITLE.get(name, "Rate Limit exceeded"),
                "httpStatus": 429, "detail": detail, "describedBy": self.DESCRIBED_BY,
                "rateLimit": int(bucket.capacity) if bucket else 0,
                "rateLimitCurrentRequestSize": needed, "rateLimitRemaining": remaining}
        headers = self.rate_headers(object_bucket)
        if bucket_name is None:  # an injected rate_limit fault: report the request bucket as empty
            headers = [h for h in headers if h[0] != "X-Ratelimit-Remaining"] + [("X-Ratelimit-Remaining", "0")]
            body["rateLimitRemaining"] = 0
        return Reply.json(429, body, headers, detail=detail)

    def authenticate(self, req):
        """Recompute the EdgeGrid signature from the configured credentials."""
        creds = self.credentials["akamai"]
        auth = req.header("Authorization")
        if auth is None:
            return self.auth_error(req, "The request has no Authorization header (EdgeGrid EG1-HMAC-SHA256)")
        if not auth.startswith("EG1-HMAC-SHA256 "):
            return self.auth_error(req, "Authorization must start with 'EG1-HMAC-SHA256 '")
        fields = {}
        for part in auth[len("EG1-HMAC-SHA256 "):].split(";"):
            if part.strip():
                key, _, value = part.partition("=")
                fields[key.strip()] = value
        missing = [k for k in ("client_token", "access_token", "timestamp", "nonce", "signature") if not fields.get(k)]
        if missing:
            return self.auth_error(req, f"Authorization lacks {', '.join(missing)}")
        if fields["client_token"] != creds["client_token"]:
            return self.auth_error(req, "Invalid authorization client token")
        if fields["access_token"] != creds["access_token"]:
            return self.auth_error(req, "Invalid authorization access token")
        try:
            stamp = datetime.datetime.strptime(fields["timestamp"], "%Y%m%dT%H:%M:%S+0000").replace(
                tzinfo=datetime.timezone.utc).timestamp()
        except ValueError:
            return self.auth_error(req, f"Invalid timestamp '{fields['timestamp']}': expected UTC "
                                        "YYYYMMDDTHH:MM:SS+0000")
        skew = self.opt["clock_skew_seconds"]
        if abs(time.time() - stamp) > skew:
            return self.auth_error(req, f"Invalid timestamp: {fields['timestamp']} is more than {skew} s from now "
                                        f"({time.strftime('%Y%m%dT%H:%M:%S+0000', time.gmtime())})")
        unsigned = auth[:auth.index("signature=")]
        host = req.header("Host") or ""
        data = edgegrid_data_to_sign(
            req.method, self.opt["scheme"], host, req.target,
            edgegrid_canonical_headers(req.header_pairs(), creds.get("headers_to_sign", [])),
            edgegrid_content_hash(req.method, req.body, creds["max_body"]), unsigned)
        want = edgegrid_signature(creds["client_secret"], fields["timestamp"], data)
        if not hmac.compare_digest(want.encode(), fields["signature"].strip().encode()):
            shown = data[:-len(unsigned)].replace("\t", "\\t")
            return self.auth_error(req, f"The signature does not match. Expected data to sign (TAB shown as \\t, "
                                        f"before the unsigned Authorization header): '{shown}'")
        with self.mock.lock:
            now = time.monotonic()
            if len(self.nonces) > 10000:
                self.nonces = {n: t for n, t in self.nonces.items() if now - t < 2 * skew}
            if fields["nonce"] in self.nonces:
                return self.auth_error(req, f"Invalid authorization nonce: '{fields['nonce']}' was already used")
            self.nonces[fields["nonce"]] = now
        return None

    def purge(self, req, params):
        if len(req.body) > self.limits["body_bytes"]:
            return self.error(req, 413, f"The request body is {len(req.body)} bytes; the limit is "
                                        f"{self.limits['body_bytes']} bytes", title="Request Entity Too Large")
        bad = self.unknown_query(req, {"accountSwitchKey"})
        if bad:
            return self.error(req, 400, bad)
        body, err = self.json_body(req)
        if err:
            return err
        ptype = params["type"]
        req.akamai_type = ptype
        problem = schema_error(self.BODY[ptype], body)
        if problem:
            return self.error(req, 400, f"The body does not match the {ptype} purge schema {problem}")
        objects = body["objects"]
        if not objects:
            return self.error(req, 400, "objects is empty; send at least one object")
        for obj in objects:
            if ptype == "url" and full_url_problem(obj):
                return self.error(req, 400, full_url_problem(obj), title="bad URL")
            if ptype == "tag" and not (0 < len(obj) <= self.limits["tag_length"]):
                return self.error(req, 400, f"tag '{obj[:40]}' must be 1-{self.limits['tag_length']} characters",
                                  title="bad tag")
        network = params.get("network") or "production"
        kind = {"url": "url", "tag": "tag", "cpcode": "cpcode"}[ptype]
        targets = [str(o) for o in objects]
        return Purge(kind, targets, lambda: self.accepted(ptype), soft=params["action"] == "invalidate",
                     scope=network, cost={"requests": 1, ptype: len(objects)})

    def accepted(self, ptype):
        purge_id = self.support_id()
        return Reply.json(201, {"httpStatus": 201, "detail": "Request accepted", "estimatedSeconds": 5,
                                "purgeId": purge_id, "supportId": purge_id},
                          self.rate_headers(self.buckets.get(ptype)))


# ---------------------------------------------------------------------------
# 4. Netlify


class Netlify(Provider):
    """POST /api/v1/purge: whole site, or by cache tags."""

    name = "netlify"
    routes = (Route(r"/netlify/api/v1/purge", {"POST": "purge"}),)
    DEFAULTS = {"limits": {}, "rate": {"per_key": {"max": 2, "window_seconds": 5}}, "options": {}}
    SCHEMA = load_schema("netlify-purge.swagger-fragment.json")
    BODY = validator(SCHEMA, "#/definitions/purge")
    # swagger.yml's fields plus those the official @netlify/functions helper sends.
    FIELDS = {"site_id", "site_slug", "cache_tags", "domain", "cache_ids", "deploy_alias"}

    def reset_state(self):
        super().reset_state()
        spec = self.cfg["rate"].get("per_key")
        self.window = SlidingWindow(spec) if spec else None
        self.buckets = {}

    def error(self, req, status, message, code=None, headers=None):
        return Reply.json(status, {"code": status, "message": message}, headers, detail=message)

    def authenticate(self, req):
        problem = self.bearer_problem(req)
        return self.error(req, 401, f"Access Denied: {problem}") if problem else None

    def purge(self, req, params):
        body, err = self.json_body(req)
        if err:
            return err
        problem = schema_error(self.BODY, body)
        if problem:
            return self.error(req, 400, f"Invalid request parameters {problem}")
        unknown = sorted(set(body) - self.FIELDS)
        if unknown:
            return self.error(req, 400, f"Invalid request parameters: unknown field(s) {', '.join(unknown)}")
        for field in ("domain", "deploy_alias"):
            if field in body and not isinstance(body[field], str):
                return self.error(req, 400, f"Invalid request parameters: {field} must be a string")
        if "cache_ids" in body and not (isinstance(body["cache_ids"], list)
                                        and all(isinstance(i, str) for i in body["cache_ids"])):
            return self.error(req, 400, "Invalid request parameters: cache_ids must be an array of strings")
        site = body.get("site_id") or body.get("site_slug") or body.get("domain")
        if not site:
            return self.error(req, 400, "Invalid request parameters: one of site_id, site_slug or domain is required")
        accepted = lambda: Reply(202)  # noqa: E731
        if "cache_tags" not in body:
            return Purge("everything", [site], accepted, scope=site, cost={"keys": [f"site:{site}"]})
        tags = body["cache_tags"]
        if any(not t for t in tags):
            return self.error(req, 400, "Invalid request parameters: cache_tags contains an empty tag")
        return Purge("tag", tags, accepted, scope=site, cost={"keys": [f"tag:{site}:{t}" for t in tags]})

    def check_rate(self, req, purge):
        keys = purge.cost.get("keys", [])
        if not self.window or not keys:
            return None
        short = self.window.check_and_take(keys)
        if short:
            return self.too_many(req, short[1], short[0])
        return None

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        what = "this site or tag" if bucket_name is None else (
            f"tag '{bucket_name.split(':', 2)[2]}'" if bucket_name.startswith("tag:")
            else f"site '{bucket_name[5:]}'")
        limit = f"{self.window.max} times per {self.window.window:g} s" if self.window else "the limit"
        return self.error(req, 429, f"Too many purge requests: {what} can be purged at most {limit}; "
                                    f"retry after {ceil_seconds(wait)} s",
                          headers=[("Retry-After", str(ceil_seconds(wait)))])


# ---------------------------------------------------------------------------
# 5. Vercel


class Vercel(Provider):
    """Edge-cache invalidate/delete by tags, and purge-all, per project."""

    name = "vercel"
    routes = (
        Route(r"/vercel/v1/edge-cache/invalidate-by-tags", {"POST": "invalidate"}),
        Route(r"/vercel/v1/edge-cache/dangerously-delete-by-tags", {"POST": "delete"}),
        Route(r"/vercel/v1/edge-cache/purge-all", {"POST": "purge_all"}),
    )
    DEFAULTS = {
        "limits": {"tags": 16, "tag_length": 256, "tags_string_length": 8196},
        # Vercel limits each endpoint separately; the numbers are not published (mock's choice).
        "rate": {"per_endpoint": {"burst": 100, "per_minute": 100}},
        "options": {},
    }
    SCHEMA = load_schema("vercel-edge-cache.openapi-fragment.json")
    BODY = {
        "invalidate": validator(SCHEMA, "#/paths/~1v1~1edge-cache~1invalidate-by-tags/post/requestBody/content/"
                                        "application~1json/schema"),
        "delete": validator(SCHEMA, "#/paths/~1v1~1edge-cache~1dangerously-delete-by-tags/post/requestBody/"
                                    "content/application~1json/schema"),
    }
    CODES = {400: "bad_request", 401: "forbidden", 403: "forbidden", 404: "not_found", 405: "method_unknown",
             415: "bad_request", 429: "rate_limited"}

    def reset_state(self):
        super().reset_state()
        spec = self.cfg["rate"].get("per_endpoint")
        self.buckets = {ep: TokenBucket.from_spec(spec) for ep in ("invalidate", "delete", "purge_all")}

    def error(self, req, status, message, code=None, headers=None, extra=None):
        err = {"code": code or self.CODES.get(status, "internal_server_error" if status >= 500 else "bad_request"),
               "message": message, **(extra or {})}
        return Reply.json(status, {"error": err}, headers, detail=message)

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        reset_ms = int((time.time() + wait) * 1000)
        spec = self.cfg["rate"].get("per_endpoint")
        total = int(bucket.capacity) if bucket else int(spec["burst"]) if spec else 0
        secs = str(ceil_seconds(wait))
        return self.error(req, 429, f"Rate limit exceeded; retry after {secs} s", code="rate_limited",
                          extra={"limit": {"remaining": 0, "reset": int(math.ceil(reset_ms / 1000)),
                                           "resetMs": reset_ms, "total": total}},
                          headers=[("Retry-After", secs), ("X-RateLimit-Limit", str(total)),
                                   ("X-RateLimit-Remaining", "0"),
                                   ("X-RateLimit-Reset", str(int(math.ceil(reset_ms / 1000))))])

    def authenticate(self, req):
        problem = self.bearer_problem(req)
        if problem:
            return self.error(req, 403, f"Not authorized: {problem}", code="forbidden",
                              extra={"invalidToken": True} if req.header("Authorization") else {"missingToken": True})
        return None

    def project(self, req):
        """(project, rejection) from the query string."""
        bad = self.unknown_query(req, {"projectIdOrName", "teamId", "slug"})
        if bad:
            return None, self.error(req, 400, bad)
        project = dict(req.query_pairs()).get("projectIdOrName")
        if not project:
            return None, self.error(req, 400, "Missing required query parameter projectIdOrName")
        return project, None

    def tags(self, req, endpoint):
        project, err = self.project(req)
        if err:
            return err
        body, err = self.json_body(req)
        if err:
            return err
        problem = schema_error(self.BODY[endpoint], body)
        if problem:
            return self.error(req, 400, f"Invalid request body {problem}")
        allowed = {"tags", "target"} | ({"revalidationDeadlineSeconds"} if endpoint == "delete" else set())
        unknown = sorted(set(body) - allowed)
        if unknown:
            return self.error(req, 400, f"Invalid request body: unknown field(s) {', '.join(unknown)}")
        tags = body["tags"]
        if isinstance(tags, str):
            if len(tags) > self.limits["tags_string_length"]:
                return self.error(req, 400, f"tags string is longer than {self.limits['tags_string_length']} chars")
            tags = tags.split(",")
        if not 1 <= len(tags) <= self.limits["tags"]:
            return self.error(req, 400, f"tags must have 1 to {self.limits['tags']} items, got {len(tags)}")
        for tag in tags:
            if not tag or len(tag) > self.limits["tag_length"]:
                return self.error(req, 400, f"tag '{tag[:40]}' must be 1-{self.limits['tag_length']} characters")
        scope = project + (f" target={body['target']}" if "target" in body else "")
        return Purge("tag", tags, lambda: Reply.json(200, {}), soft=endpoint == "invalidate", scope=scope,
                     cost={endpoint: 1})

    def invalidate(self, req, params):
        return self.tags(req, "invalidate")

    def delete(self, req, params):
        return self.tags(req, "delete")

    def purge_all(self, req, params):
        project, err = self.project(req)
        if err or (err := self.no_body(req, "purge-all")):
            return err
        return Purge("everything", [project], lambda: Reply.json(200, {}), scope=project, cost={"purge_all": 1})


# ---------------------------------------------------------------------------
# 6. Bunny


class Bunny(Provider):
    """POST /purge?url=... (one URL, trailing * = prefix) and pull-zone purgeCache."""

    name = "bunny"
    routes = (
        Route(r"/bunny/purge", {"POST": "purge_url"}),
        Route(r"/bunny/pullzone/(?P<zone>\d+)/purgeCache", {"POST": "purge_zone"}),
    )
    DEFAULTS = {
        "limits": {"tag_length": 1024},
        # Per account and purge type, one token per purged item (docs.bunny.net purge rate limits);
        # the pull-zone purge has no published limit.
        "rate": {"exact": {"burst": 120, "per_second": 5}, "prefix": {"burst": 20, "per_second": 0.5},
                 "pullzone": None},
        "options": {},
    }
    MALFORMED = b'{"ErrorKey":null,"Mess'

    def error(self, req, status, message, code=None, headers=None, field=""):
        default = {400: "validation_error", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
                   415: "unsupported_media_type", 429: "rate_limited"}.get(status, "internal_error")
        return Reply.json(status, {"ErrorKey": code or default, "Field": field, "Message": message}, headers,
                          detail=message)

    def authenticate(self, req):
        problem = self.header_token_problem(req, "AccessKey")
        return self.error(req, 401, f"Authorization has been denied for this request: {problem}",
                          field="AccessKey") if problem else None

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        what = {"exact": "URL", "prefix": "wildcard/prefix", "pullzone": "pull zone"}.get(bucket_name, "purge")
        return self.error(req, 429, f"Too many {what} purge requests; retry after {ceil_seconds(wait)} s",
                          headers=[("Retry-After", str(ceil_seconds(wait)))])

    def purge_url(self, req, params):
        bad = self.unknown_query(req, {"url", "async", "exactPath"})
        if bad:
            return self.error(req, 400, bad + " -- is the url parameter percent-encoded?", field="url")
        pairs = req.query_pairs()
        urls = [v for k, v in pairs if k == "url"]
        if len(urls) != 1:
            return self.error(req, 400, f"exactly one url query parameter is required, got {len(urls)}", field="url")
        flags = {k: v for k, v in pairs if k != "url"}
        for flag, value in flags.items():
            if value.lower() not in ("true", "false"):
                return self.error(req, 400, f"{flag} must be true or false, got '{value}'", field=flag)
        if err := self.no_body(req, "POST /purge"):
            return err
        url = urls[0]
        problem = full_url_problem(url)
        if problem:
            return self.error(req, 400, problem, field="url")
        # A URL ending in `*` or `/` purges everything under it, unless exactPath=true.
        prefix = url.endswith(("*", "/")) and flags.get("exactPath", "false").lower() != "true"
        if "*" in url[:-1]:
            return self.error(req, 400, f"'{url}': a wildcard is only allowed at the end", field="url")
        kind = "prefix" if prefix else "url"
        return Purge(kind, [url], lambda: Reply(204), cost={"prefix" if prefix else "exact": 1})

    def purge_zone(self, req, params):
        zone = params["zone"]
        bad = self.unknown_query(req, set())
        if bad:
            return self.error(req, 400, bad)
        body, err = self.json_body(req, required=False)
        if err:
            return err
        if body is None:
            return Purge("everything", [zone], lambda: Reply(204), scope=zone, cost={"pullzone": 1})
        if not isinstance(body, dict) or set(body) != {"CacheTag"}:
            return self.error(req, 400, 'the body must be {"CacheTag": "tag"} (or empty to purge everything)',
                              field="CacheTag")
        tag = body["CacheTag"]
        if not isinstance(tag, str) or not tag or len(tag.encode()) > self.limits["tag_length"]:
            return self.error(req, 400, f"CacheTag must be a string of 1-{self.limits['tag_length']} bytes",
                              field="CacheTag")
        return Purge("tag", [tag], lambda: Reply(204), scope=zone, cost={"pullzone": 1})


# ---------------------------------------------------------------------------
# 7. CloudFront


class CloudFront(Provider):
    """CreateInvalidation (XML, SigV4) with CallerReference idempotency and the
    in-progress limits; GetInvalidation to poll it."""

    name = "cloudfront"
    NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
    routes = (
        Route(r"/cloudfront/2020-05-31/distribution/(?P<dist>[^/]+)/invalidation", {"POST": "create"}),
        Route(r"/cloudfront/2020-05-31/distribution/(?P<dist>[^/]+)/invalidation/(?P<inv>[^/]+)", {"GET": "get"}),
    )
    DEFAULTS = {
        "limits": {"paths_in_progress": 3000, "wildcards_in_progress": 15, "batch_paths": 3000,
                   "completion_seconds": 60},
        # Undocumented burst throttle, reported at ~10 calls/s (mock's choice).
        "rate": {"requests": {"burst": 10, "per_second": 10}},
        "options": {"region": "us-east-1", "service": "cloudfront", "clock_skew_seconds": 300},
    }
    MALFORMED = b'<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2'
    MALFORMED_TYPE = "text/xml"
    MODEL = load_schema("cloudfront-createinvalidation.botocore-fragment.json")
    STATUS = {name: shape["error"]["httpStatusCode"] for name, shape in MODEL["shapes"].items() if "error" in shape}
    STATUS.update({"Throttling": 400, "MalformedXML": 400, "InvalidationBatchAlreadyExists": 409,
                   "NoSuchInvalidation": 404, "SignatureDoesNotMatch": 403, "InvalidClientTokenId": 403,
                   "IncompleteSignature": 403, "MissingAuthenticationToken": 403, "NotFound": 404,
                   "MethodNotAllowed": 405, "ServiceUnavailable": 503, "InternalError": 500})
    DEFAULT_CODE = {400: "InvalidArgument", 403: "AccessDenied", 404: "NotFound", 405: "MethodNotAllowed",
                    409: "InvalidationBatchAlreadyExists", 413: "BatchTooLarge", 429: "Throttling",
                    500: "InternalError", 503: "ServiceUnavailable"}

    def reset_state(self):
        super().reset_state()
        self.invalidations = {}   # (dist, inv id) -> record
        self.by_reference = {}    # (dist, caller reference) -> record

    def error(self, req, status, message, code=None, headers=None):
        code = code or self.DEFAULT_CODE.get(status, "InternalError" if status >= 500 else "InvalidArgument")
        root = ET.Element("ErrorResponse", xmlns=self.NS)
        err = ET.SubElement(root, "Error")
        ET.SubElement(err, "Type").text = "Receiver" if status >= 500 else "Sender"
        ET.SubElement(err, "Code").text = code
        ET.SubElement(err, "Message").text = message
        ET.SubElement(root, "RequestId").text = str(uuid.uuid4())
        body = b'<?xml version="1.0"?>\n' + ET.tostring(root)
        return Reply(status, body, "text/xml", list(headers or []) + [("x-amz-request-id", str(uuid.uuid4()))],
                     detail=f"{code}: {message}")

    def fail(self, req, code, message):
        return self.error(req, self.STATUS[code], message, code=code)

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        return self.fail(req, "Throttling", "Rate exceeded")

    def authenticate(self, req):
        """Recompute the SigV4 signature (service cloudfront, region us-east-1)."""
        creds = self.credentials["aws"]
        auth = req.header("Authorization")
        if auth is None:
            return self.fail(req, "MissingAuthenticationToken", "Missing Authentication Token")
        algo, _, rest = auth.strip().partition(" ")
        if algo != "AWS4-HMAC-SHA256":
            return self.fail(req, "IncompleteSignature", f"Unsupported authorization algorithm '{algo}'; "
                                                         "expected AWS4-HMAC-SHA256")
        fields = {}
        for part in rest.split(","):
            key, _, value = part.strip().partition("=")
            fields[key] = value
        missing = [k for k in ("Credential", "SignedHeaders", "Signature") if not fields.get(k)]
        if missing:
            return self.fail(req, "IncompleteSignature", f"Authorization header requires {', '.join(missing)}")
        scope = fields["Credential"].split("/")
        if len(scope) != 5 or scope[4] != "aws4_request":
            return self.fail(req, "IncompleteSignature", f"Credential '{fields['Credential']}' is not "
                                                         "KEY/YYYYMMDD/region/service/aws4_request")
        if scope[0] != creds["access_key_id"]:
            return self.fail(req, "InvalidClientTokenId", "The security token included in the request is invalid "
                                                          f"(unknown access key id '{scope[0]}')")
        region, service = self.opt["region"], self.opt["service"]
        if scope[2] != region or scope[3] != service:
            return self.fail(req, "SignatureDoesNotMatch", f"Credential should be scoped to region '{region}' and "
                                                           f"service '{service}', not '{scope[2]}'/'{scope[3]}'")
        amz_date = req.header("X-Amz-Date")
        if not amz_date:
            return self.fail(req, "IncompleteSignature", "The request has no X-Amz-Date header")
        try:
            stamp = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
                tzinfo=datetime.timezone.utc).timestamp()
        except ValueError:
            return self.fail(req, "IncompleteSignature", f"X-Amz-Date '{amz_date}' is not YYYYMMDDTHHMMSSZ")
        if scope[1] != amz_date[:8]:
            return self.fail(req, "SignatureDoesNotMatch", f"Credential date {scope[1]} is not the X-Amz-Date "
                                                           f"date {amz_date[:8]}")
        skew = self.opt["clock_skew_seconds"]
        if abs(time.time() - stamp) > skew:
            return self.fail(req, "SignatureDoesNotMatch", f"Signature expired: {amz_date} is more than {skew} s "
                                                           f"from now ({time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())})")
        token = creds.get("session_token")
        if token and req.header("X-Amz-Security-Token") != token:
            return self.fail(req, "InvalidClientTokenId", "The security token included in the request is invalid "
                                                          "(X-Amz-Security-Token missing or wrong)")
        signed = fields["SignedHeaders"].split(";")
        if signed != sorted(set(signed)) or any(h != h.lower() for h in signed):
            return self.fail(req, "SignatureDoesNotMatch", f"SignedHeaders '{fields['SignedHeaders']}' must be "
                                                           "lower-case, sorted and unique")
        for needed in ("host", "x-amz-date"):
            if needed not in signed:
                return self.fail(req, "SignatureDoesNotMatch", f"SignedHeaders must include '{needed}'")
        names = {n.lower() for n, _ in req.header_pairs()}
        absent = [h for h in signed if h not in names]
        if absent:
            return self.fail(req, "SignatureDoesNotMatch", f"SignedHeaders lists {', '.join(absent)}, which the "
                                                           "request does not carry")
        payload = hashlib.sha256(req.body).hexdigest()
        declared = req.header("X-Amz-Content-Sha256")
        if declared is not None and declared != payload:
            return self.fail(req, "SignatureDoesNotMatch", "X-Amz-Content-Sha256 is not the SHA-256 of the body")
        creq = sigv4_canonical_request(req.method, req.path, req.query, req.header_pairs(), signed, payload)
        sts = sigv4_string_to_sign(amz_date, "/".join(scope[1:]), creq)
        want = sigv4_signature(creds["secret_access_key"], scope[1], region, service, sts)
        if not hmac.compare_digest(want, fields["Signature"]):
            shown = creq.replace(token, "<session token>") if token else creq
            return self.fail(req, "SignatureDoesNotMatch",
                             "The request signature we calculated does not match the signature you provided. "
                             f"The Canonical String for this request should have been '{shown}' and the "
                             f"String-to-Sign should have been '{sts}'")
        return None

    def parse_batch(self, req):
        """(paths, caller reference) or a rejection."""
        if not req.body:
            return self.fail(req, "MissingBody", "This request is missing a required InvalidationBatch body")
        try:
            root = ET.fromstring(req.body)
        except ET.ParseError as e:
            return self.fail(req, "MalformedXML", f"The XML you provided was not well-formed: {e}")
        q = lambda tag: f"{{{self.NS}}}{tag}"  # noqa: E731
        if root.tag != q("InvalidationBatch"):
            return self.fail(req, "MalformedXML", f"The root element is '{root.tag}'; expected InvalidationBatch "
                                                  f"in namespace {self.NS}")
        known = {q("Paths"), q("CallerReference")}
        stray = [c.tag for c in root if c.tag not in known]
        if stray:
            return self.fail(req, "MalformedXML", f"Unexpected element(s) in InvalidationBatch: {', '.join(stray)}")
        paths_el, ref_el = root.find(q("Paths")), root.find(q("CallerReference"))
        if paths_el is None:
            return self.fail(req, "MalformedXML", "InvalidationBatch requires Paths")
        if ref_el is None or not (ref_el.text or "").strip():
            return self.fail(req, "MalformedXML", "InvalidationBatch requires a non-empty CallerReference")
        qty_el = paths_el.find(q("Quantity"))
        if qty_el is None or not (qty_el.text or "").strip().isdigit():
            return self.fail(req, "MalformedXML", "Paths requires an integer Quantity")
        items_el = paths_el.find(q("Items"))
        items = [] if items_el is None else list(items_el)
        if any(i.tag != q("Path") for i in items):
            return self.fail(req, "MalformedXML", "Paths/Items may only contain Path elements")
        paths = [i.text or "" for i in items]
        quantity = int(qty_el.text)
        if quantity != len(paths):
            return self.fail(req, "InconsistentQuantities", f"The value of Quantity ({quantity}) and the size of "
                                                            f"Items ({len(paths)}) don't match.")
        if not paths:
            return self.fail(req, "InvalidArgument", "Your request contains no invalidation paths.")
        if len(paths) > self.limits["batch_paths"]:
            return self.fail(req, "BatchTooLarge", f"Your request contains {len(paths)} paths; the limit is "
                                                   f"{self.limits['batch_paths']}.")
        for path in paths:
            problem = path_pattern_problem(path, allow_query=True)
            if problem:
                return self.fail(req, "InvalidArgument", "Your request contains one or more invalid invalidation "
                                                         f"paths: {problem}")
        return paths, ref_el.text.strip()

    def create(self, req, params):
        parsed = self.parse_batch(req)
        if isinstance(parsed, Reply):
            return parsed
        paths, ref = parsed
        dist = params["dist"]
        kinds = [path_kind(p) for p in paths]
        return Purge(mixed_kind(kinds), paths, lambda: self.commit(req, dist, paths, ref), scope=dist,
                     cost={"requests": 1}, item_kinds=kinds)

    def refresh(self, now):
        for rec in self.invalidations.values():
            if rec["status"] == "InProgress" and now - rec["created"] >= self.limits["completion_seconds"]:
                rec["status"] = "Completed"

    def commit(self, req, dist, paths, ref):
        now = time.monotonic()
        self.refresh(now)
        earlier = self.by_reference.get((dist, ref))
        if earlier:
            if sorted(earlier["paths"]) != sorted(paths):
                return self.fail(req, "InvalidationBatchAlreadyExists",
                                 f"CallerReference '{ref}' was already used for invalidation {earlier['id']} with "
                                 "different paths")
            reply = self.invalidation_reply(req, dist, earlier, 201)
            reply.detail = f"replay of CallerReference '{ref}' -> {earlier['id']}"
            reply.purged = []  # nothing new is purged
            return reply
        wild = sum(1 for p in paths if "*" in p)
        files = len(paths) - wild
        busy = [r for (d, _), r in self.invalidations.items() if d == dist and r["status"] == "InProgress"]
        busy_wild = sum(1 for r in busy for p in r["paths"] if "*" in p)
        busy_files = sum(len(r["paths"]) for r in busy) - busy_wild
        if busy_files + files > self.limits["paths_in_progress"] or \
                busy_wild + wild > self.limits["wildcards_in_progress"]:
            return self.fail(req, "TooManyInvalidationsInProgress",
                             "Processing your request will cause you to exceed the maximum number of in-progress "
                             f"invalidations ({busy_files} file paths and {busy_wild} wildcard paths in progress, "
                             f"limits {self.limits['paths_in_progress']} and {self.limits['wildcards_in_progress']})")
        rec = {"id": "I" + rand_id(UPPER_ALNUM, 13), "paths": paths, "ref": ref, "created": now,
               "create_time": iso_utc(), "status": "InProgress"}
        self.invalidations[(dist, rec["id"])] = rec
        self.by_reference[(dist, ref)] = rec
        return self.invalidation_reply(req, dist, rec, 201)

    def invalidation_reply(self, req, dist, rec, status):
        root = ET.Element("Invalidation", xmlns=self.NS)
        ET.SubElement(root, "Id").text = rec["id"]
        ET.SubElement(root, "Status").text = rec["status"]
        ET.SubElement(root, "CreateTime").text = rec["create_time"]
        batch = ET.SubElement(root, "InvalidationBatch")
        paths = ET.SubElement(batch, "Paths")
        ET.SubElement(paths, "Quantity").text = str(len(rec["paths"]))
        items = ET.SubElement(paths, "Items")
        for p in rec["paths"]:
            ET.SubElement(items, "Path").text = p
        ET.SubElement(batch, "CallerReference").text = rec["ref"]
        body = b'<?xml version="1.0"?>\n' + ET.tostring(root)
        location = f"http://{req.header('Host')}/cloudfront/2020-05-31/distribution/{dist}/invalidation/{rec['id']}"
        return Reply(status, body, "text/xml", [("Location", location), ("x-amz-request-id", str(uuid.uuid4()))])

    def get(self, req, params):
        """GetInvalidation: not a purge; answered directly (ledger kind null)."""
        with self.mock.lock:
            self.refresh(time.monotonic())
            rec = self.invalidations.get((params["dist"], params["inv"]))
            if rec is None:
                return self.fail(req, "NoSuchInvalidation", f"The specified invalidation '{params['inv']}' does not "
                                                            f"exist for distribution {params['dist']}.")
            return self.invalidation_reply(req, params["dist"], rec, 200)


# ---------------------------------------------------------------------------
# 8. Google Cloud CDN


class Google(Provider):
    """urlMaps.invalidateCache with requestId idempotency; operations.get to poll."""

    name = "google"
    routes = (
        Route(r"/google/compute/v1/projects/(?P<project>[^/]+)/global/urlMaps/(?P<map>[^/]+)/invalidateCache",
              {"POST": "invalidate"}),
        Route(r"/google/compute/v1/projects/(?P<project>[^/]+)/global/operations/(?P<op>[^/]+)", {"GET": "get_op"}),
    )
    DEFAULTS = {"limits": {"cache_tags": 10},
                "rate": {"requests": {"burst": 500, "per_minute": 500}},
                "options": {}}
    STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
              405: "METHOD_NOT_ALLOWED", 409: "ALREADY_EXISTS", 415: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED",
              500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
    REASON = {400: "invalid", 401: "authError", 403: "forbidden", 404: "notFound", 429: "rateLimitExceeded"}
    UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

    def reset_state(self):
        super().reset_state()
        self.ops_by_request = {}
        self.ops = {}

    def error(self, req, status, message, code=None, headers=None):
        body = {"error": {"code": status, "message": message,
                          "errors": [{"message": message, "domain": "global",
                                      "reason": code or self.REASON.get(status, "backendError")}],
                          "status": self.STATUS.get(status, "UNKNOWN")}}
        return Reply.json(status, body, headers, detail=message)

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        return self.error(req, 429, "Quota exceeded for quota metric 'Invalidation requests' and limit "
                                    "'Invalidation requests per minute' of service 'compute.googleapis.com'",
                          headers=[("Retry-After", str(ceil_seconds(wait)))])

    def authenticate(self, req):
        problem = self.bearer_problem(req)
        return self.error(req, 401, "Request had invalid authentication credentials. Expected OAuth 2 access "
                                    f"token: {problem}") if problem else None

    def invalidate(self, req, params):
        bad = self.unknown_query(req, {"requestId"})
        if bad:
            return self.error(req, 400, f"Invalid JSON payload received. {bad}")
        request_id = dict(req.query_pairs()).get("requestId")
        if request_id is not None and (not self.UUID_RE.fullmatch(request_id) or not request_id.strip("0-")):
            return self.error(req, 400, f"Invalid value for field 'requestId': '{request_id}'. The requestId must "
                                        "be a valid non-zero UUID.")
        body, err = self.json_body(req)
        if err:
            return err
        if not isinstance(body, dict):
            return self.error(req, 400, "Invalid JSON payload received: the body must be a CacheInvalidationRule "
                                        "object")
        unknown = sorted(set(body) - {"path", "host", "cacheTags"})
        if unknown:
            return self.error(req, 400, f"Invalid JSON payload received. Unknown name \"{unknown[0]}\": Cannot find "
                                        "field (CacheInvalidationRule has path, host, cacheTags).")
        path, host, tags = body.get("path"), body.get("host"), body.get("cacheTags")
        if path is None and tags is None:
            return self.error(req, 400, "Invalid value for field 'resource.path': a path (or cacheTags) is required")
        if path is not None:
            problem = path_pattern_problem(path) if isinstance(path, str) else "path must be a string"
            if not problem and path.endswith("*") and not path.endswith("/*"):
                problem = f"'{path}': '*' is only allowed at the end after '/'"
            if problem:
                return self.error(req, 400, f"Invalid value for field 'resource.path': {problem}")
        if host is not None and not is_hostname(host):
            return self.error(req, 400, f"Invalid value for field 'resource.host': '{host}' is not a host name")
        if tags is not None:
            if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags) or not tags:
                return self.error(req, 400, "Invalid value for field 'resource.cacheTags': a non-empty array of "
                                            "non-empty strings is required")
            if len(tags) > self.limits["cache_tags"]:
                return self.error(req, 400, f"Invalid value for field 'resource.cacheTags': at most "
                                            f"{self.limits['cache_tags']} tags per request, got {len(tags)}")
        umap = params["map"]
        if tags:
            kind, targets = "tag", tags
        elif path == "/*":
            kind, targets = ("host", [host]) if host else ("everything", [umap])
        else:
            kind, targets = path_kind(path), [(host or "") + path]
        scope = f"{params['project']}/{umap}" + (f" host={host}" if host else "")
        return Purge(kind, targets, lambda: self.commit(req, params, request_id), scope=scope,
                     cost={"requests": 1})

    def commit(self, req, params, request_id):
        if request_id and request_id.lower() in self.ops_by_request:
            op = self.ops_by_request[request_id.lower()]
            reply = Reply.json(200, op)
            reply.detail = f"replay of requestId {request_id} -> {op['name']}"
            reply.purged = []  # the earlier operation stands; this body is not applied
            return reply
        now = time.time()
        base = f"http://{req.header('Host')}/google/compute/v1/projects/{params['project']}"
        name = f"operation-{int(now * 1000)}-{uuid.uuid4().hex[:13]}-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:8]}"
        op = {"kind": "compute#operation", "id": str(random.randint(10 ** 18, 10 ** 19 - 1)), "name": name,
              "operationType": "invalidateCache", "targetLink": f"{base}/global/urlMaps/{params['map']}",
              "targetId": str(random.randint(10 ** 18, 10 ** 19 - 1)), "status": "DONE", "user": "mock@example.com",
              "progress": 100, "insertTime": iso_utc(now), "startTime": iso_utc(now), "endTime": iso_utc(now),
              "selfLink": f"{base}/global/operations/{name}"}
        if request_id:
            self.ops_by_request[request_id.lower()] = op
        self.ops[name] = op
        return Reply.json(200, op)

    def get_op(self, req, params):
        with self.mock.lock:
            op = self.ops.get(params["op"])
        if op is None:
            return self.error(req, 404, f"The resource 'projects/{params['project']}/global/operations/"
                                        f"{params['op']}' was not found")
        return Reply.json(200, op)


# ---------------------------------------------------------------------------
# 9. Azure Front Door


class Azure(Provider):
    """AFD endpoint purge (ARM, case-insensitive path) and the async-operation status."""

    name = "azure"
    ARM = (r"/azure/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/Microsoft\.Cdn")
    routes = (
        Route(ARM + r"/profiles/(?P<profile>[^/]+)/afdEndpoints/(?P<endpoint>[^/]+)/purge", {"POST": "purge"},
              re.IGNORECASE),
        Route(ARM + r"/operationresults/(?P<op>[^/]+)", {"GET": "get_op"}, re.IGNORECASE),
    )
    DEFAULTS = {
        "limits": {"content_paths": 100},
        # ARM subscription writes: token bucket 200, refilled 10/s (Azure Resource Manager throttling docs).
        "rate": {"requests": {"burst": 200, "per_second": 10}},
        "options": {"api_versions": ["2023-05-01", "2024-02-01", "2024-09-01"]},
    }
    CODES = {400: "BadRequest", 401: "AuthenticationFailed", 403: "AuthorizationFailed", 404: "NotFound",
             405: "MethodNotAllowed", 409: "Conflict", 415: "UnsupportedMediaType", 429: "TooManyRequests",
             500: "InternalServerError", 503: "ServiceUnavailable"}

    def reset_state(self):
        super().reset_state()
        self.ops = set()

    def error(self, req, status, message, code=None, headers=None):
        code = code or self.CODES.get(status, "InternalServerError")
        return Reply.json(status, {"error": {"code": code, "message": message}}, headers, detail=f"{code}: {message}")

    def too_many(self, req, wait, bucket_name=None, needed=1, bucket=None):
        secs = str(ceil_seconds(wait))
        return self.error(req, 429, f"Rate limit is exceeded. Please retry after {secs} seconds.",
                          code="TooManyRequests",
                          headers=[("Retry-After", secs), ("x-ms-ratelimit-remaining-subscription-writes", "0")])

    def authenticate(self, req):
        if req.header("Authorization") is None:
            return self.error(req, 401, "Authentication failed. The 'Authorization' header is missing.")
        problem = self.bearer_problem(req)
        return self.error(req, 401, f"The access token is invalid: {problem}",
                          code="InvalidAuthenticationToken") if problem else None

    def api_version(self, req):
        bad = self.unknown_query(req, {"api-version"})
        if bad:
            return None, self.error(req, 400, bad)
        version = dict(req.query_pairs()).get("api-version")
        if not version:
            return None, self.error(req, 400, "The api-version query parameter (?api-version=) is required for all "
                                              "requests.", code="MissingApiVersionParameter")
        if version not in self.opt["api_versions"]:
            return None, self.error(req, 400, f"The api-version '{version}' is invalid. The supported versions are "
                                              f"'{','.join(self.opt['api_versions'])}'.",
                                    code="InvalidApiVersionParameter")
        return version, None

    def purge(self, req, params):
        version, err = self.api_version(req)
        if err:
            return err
        body, err = self.json_body(req)
        if err:
            return err
        if not isinstance(body, dict):
            return self.error(req, 400, "The request body must be an AfdPurgeParameters object")
        unknown = sorted(set(body) - {"contentPaths", "domains"})
        if unknown:
            return self.error(req, 400, f"Unknown field(s) in AfdPurgeParameters: {', '.join(unknown)}")
        paths, domains = body.get("contentPaths"), body.get("domains")
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
            return self.error(req, 400, "contentPaths is required: an array of 1 to "
                                        f"{self.limits['content_paths']} paths")
        if len(paths) > self.limits["content_paths"]:
            return self.error(req, 400, f"The number of content paths ({len(paths)}) exceeds the maximum of "
                                        f"{self.limits['content_paths']}.")
        for path in paths:
            problem = path_pattern_problem(path, allow_query=True)
            if problem:
                return self.error(req, 400, f"Invalid content path: {problem}")
        if domains is not None and not (isinstance(domains, list) and all(is_hostname(d) for d in domains)):
            return self.error(req, 400, "domains must be an array of host names")
        kinds = [path_kind(p) for p in paths]
        scope = params["endpoint"] + (f" domains={','.join(domains)}" if domains else "")
        return Purge(mixed_kind(kinds), paths, lambda: self.accepted(req, params, version), scope=scope,
                     cost={"requests": 1}, item_kinds=kinds)

    def accepted(self, req, params, version):
        op = str(uuid.uuid4())
        self.ops.add(op)
        url = (f"http://{req.header('Host')}/azure/subscriptions/{params['sub']}/resourceGroups/{params['rg']}"
               f"/providers/Microsoft.Cdn/operationresults/{op}?api-version={version}")
        return Reply(202, headers=[("Azure-AsyncOperation", url), ("Location", url), ("Retry-After", "1"),
                                   ("x-ms-request-id", str(uuid.uuid4()))])

    def get_op(self, req, params):
        _, err = self.api_version(req)
        if err:
            return err
        with self.mock.lock:
            known = params["op"] in self.ops
        if not known:
            return self.error(req, 404, f"Operation '{params['op']}' was not found.")
        return Reply.json(200, {"name": params["op"], "status": "Succeeded", "startTime": iso_utc(),
                                "endTime": iso_utc()})


# ---------------------------------------------------------------------------
# 10./11. Self-hosted cache nodes: Varnish and nginx


class NodeProvider(Provider):
    """A cache node per path segment: /<provider>/<node>/<path>."""

    node_based = True
    NODE_RE = re.compile(r"/(?P<prov>[^/]+)/(?P<node>[A-Za-z0-9._~-]+)(?P<rest>/.*)?")

    def resolve(self, req):
        m = self.NODE_RE.fullmatch(req.path)
        if not m:
            return self.error(req, 404, f"Not found: no cache node in '{req.path}'; use /{self.name}/<node>/<path>")
        req.node = m.group("node")
        req.node_path = (m.group("rest") or "/") + (f"?{req.query}" if req.query else "")
        return self.dispatch, {}

    def token_problem(self, req):
        header = self.opt.get("token_header")
        return self.header_token_problem(req, header) if header else None

    def host_or_error(self, req, what):
        host = req.site_host()
        if host is None:
            return None, self.error(req, 400, f"{what} needs the site's Host header; got the node's own address "
                                              f"'{req.header('Host')}'")
        return host, None


VARNISH_PAGE = """<!DOCTYPE html>
<html>
  <head>
    <title>{status} {reason}</title>
  </head>
  <body>
    <h1>Error {status} {reason}</h1>
    <p>{message}</p>
    <h3>Guru Meditation:</h3>
    <p>XID: {xid}</p>
    <hr>
    <p>Varnish cache server</p>
  </body>
</html>
"""


class Varnish(NodeProvider):
    """PURGE <path> (URL), PURGE / + xkey (tags), BAN <path> (prefix), BAN / + X-Ban-All."""

    name = "varnish"
    DEFAULTS = {
        "limits": {},
        "rate": {"requests": None},
        "options": {"purge_method": "PURGE", "xkey_method": "PURGE", "ban_method": "BAN",
                    "xkey_header": "xkey", "xkey_soft_header": "xkey-softpurge", "ban_all_header": "X-Ban-All",
                    "unknown_keys": [], "token_header": None},
    }
    MALFORMED = b"<!DOCTYPE html>\n<html><head><title>200 Purg"
    MALFORMED_TYPE = "text/html; charset=utf-8"

    def error(self, req, status, message, code=None, headers=None, reason=None):
        reason = reason or (http.HTTPStatus(status).phrase if status in http.HTTPStatus._value2member_map_
                            else "Error")
        body = VARNISH_PAGE.format(status=status, reason=reason, message=html_escape(message),
                                   xid=random.randint(10000, 99999)).encode()
        return Reply(status, body, "text/html; charset=utf-8", headers, reason=reason,
                     detail=None if 200 <= status < 300 else message)

    def synth(self, status, reason):
        return self.error(None, status, reason, reason=reason)

    def dispatch(self, req, params):
        opt = self.opt
        problem = self.token_problem(req)
        if problem:
            return self.error(req, 405, f"Not allowed. ({problem})", reason="Not allowed.")
        xkey, xsoft = req.header(opt["xkey_header"]), req.header(opt["xkey_soft_header"])
        method, path = req.method, req.node_path
        if method == opt["xkey_method"] and (xkey is not None or xsoft is not None):
            if xkey is not None and xsoft is not None:
                return self.error(req, 400, f"send either {opt['xkey_header']} or {opt['xkey_soft_header']}, "
                                            "not both")
            if path != "/":
                return self.error(req, 400, f"tag purges go to '/', not '{path}'")
            keys = [k for k in re.split(r"[\s,]+", xkey if xkey is not None else xsoft) if k]
            if not keys:
                return self.error(req, 400, f"the {opt['xkey_header']} header has no keys")
            return Purge("tag", keys, lambda: self.xkey_reply(keys), soft=xsoft is not None, scope=req.node,
                         cost={"requests": 1})
        if method == opt["purge_method"]:
            host, err = self.host_or_error(req, "A URL purge")
            if err:
                return err
            return Purge("url", [host + path], lambda: self.synth(200, "Purged"), scope=req.node,
                         cost={"requests": 1})
        if method == opt["ban_method"]:
            if (req.header(opt["ban_all_header"]) or "").strip() == "1":
                if path != "/":
                    return self.error(req, 400, f"a ban of everything goes to '/', not '{path}'")
                return Purge("everything", [req.node], lambda: self.synth(200, "Ban added"), scope=req.node,
                             cost={"requests": 1})
            host, err = self.host_or_error(req, "A ban")
            if err:
                return err
            return Purge("prefix", [host + path], lambda: self.synth(200, "Ban added"), scope=req.node,
                         cost={"requests": 1})
        return self.error(req, 405, f"Not allowed. ({method} is not {opt['purge_method']} or {opt['ban_method']})",
                          reason="Not allowed.")

    def xkey_reply(self, keys):
        unknown = set(self.opt["unknown_keys"])
        known = [k for k in keys if k not in unknown and "*" not in unknown]
        if not known:
            return self.synth(404, "Key not found")
        reply = self.synth(200, f"Invalidated {len(known)} objects")
        reply.purged = [("tag", k) for k in known]
        return reply


NGINX_PAGE = ("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
              "<center><h1>{status} {reason}</h1></center>\r\n<p>{message}</p>\r\n"
              "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


class Nginx(NodeProvider):
    """ngx_cache_purge: PURGE <path> (key), PURGE <path>* (partial key), PURGE /* (all)."""

    name = "nginx"
    DEFAULTS = {
        "limits": {},
        "rate": {"requests": None},
        "options": {"purge_method": "PURGE", "misses": [], "miss_status": 412, "token_header": None},
    }

    def error(self, req, status, message, code=None, headers=None):
        reason = http.HTTPStatus(status).phrase if status in http.HTTPStatus._value2member_map_ else "Error"
        if status == 405:
            reason = "Not Allowed"
        page = NGINX_PAGE.format(status=status, reason=reason, message=html_escape(message))
        return Reply(status, page.encode(), "text/html", headers, detail=message)

    def dispatch(self, req, params):
        opt = self.opt
        problem = self.token_problem(req)
        if problem:
            return self.error(req, 403, f"Forbidden ({problem})")
        if req.method != opt["purge_method"]:
            return self.error(req, 405, f"Not Allowed ({req.method} is not {opt['purge_method']})")
        path = req.node_path
        if path == "/*" and req.site_host() is None:
            # The key is host + URI: `/*` with a site's Host is a partial-key purge of that host
            # (below); only without one does it stand for the whole zone (`purge_all`).
            return Purge("everything", [req.node], lambda: self.done(req.node + "/*"), scope=req.node,
                         cost={"requests": 1})
        host, err = self.host_or_error(req, "A purge")
        if err:
            return err
        key = host + path
        if "*" in path[:-1]:
            return self.error(req, 400, f"'{path}': '*' is only allowed at the end (partial key)")
        if path.endswith("*"):
            return Purge("prefix", [key], lambda: self.done(key), scope=req.node, cost={"requests": 1})
        return Purge("url", [key], lambda: self.done(key), scope=req.node, cost={"requests": 1})

    def done(self, key):
        misses = self.opt["misses"]
        if key in misses or "*" in misses:
            return self.error(None, self.opt["miss_status"], f"cache miss for key '{key}'")
        return Reply.json(200, {"Key": key, "Status": "Successful purge"})


# ---------------------------------------------------------------------------
# 12. Generic HTTP webhook


class Webhook(Provider):
    """Any path under /http: one JSON kind per request, tags mirrored in a header."""

    name = "http"
    BODY_KEYS = {"urls": "url", "prefixes": "prefix", "hosts": "host", "tags": "tag", "everything": "everything"}
    DEFAULTS = {"limits": {"items": None},
                "rate": {"requests": None},
                "options": {"method": "POST", "tag_header": "Surrogate-Key"}}
    MALFORMED = b'{"ok":tr'

    def resolve(self, req):
        if not re.fullmatch(r"/http/.+", req.path):
            return self.not_found(req)
        if req.method != self.opt["method"]:
            return self.method_not_allowed(req, [self.opt["method"]])
        return self.purge, {}

    def error(self, req, status, message, code=None, headers=None):
        return Reply.json(status, {"ok": False, "error": message}, headers, detail=message)

    def authenticate(self, req):
        problem = self.bearer_problem(req)
        return self.error(req, 401, problem) if problem else None

    def purge(self, req, params):
        body, err = self.json_body(req)
        if err:
            return err
        if not isinstance(body, dict) or len(body) != 1 or next(iter(body)) not in self.BODY_KEYS:
            got = ", ".join(body) if isinstance(body, dict) else type(body).__name__
            return self.error(req, 400, f"the body must have exactly one of {', '.join(self.BODY_KEYS)} (got {got})")
        key, value = next(iter(body.items()))
        header_name = self.opt["tag_header"]
        header = req.header(header_name)
        scope = req.path[len("/http"):]
        if key == "everything":
            if value is not True:
                return self.error(req, 400, "everything must be true")
            targets = [scope]
        else:
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
                return self.error(req, 400, f"{key} must be a non-empty array of non-empty strings")
            limit = self.limits["items"]
            if limit is not None and len(value) > limit:
                return self.error(req, 400, f"too many {key}: {len(value)} > {limit}")
            targets = value
        if key == "tags":
            if header is None:
                return self.error(req, 400, f"a tag purge must also carry the tags in the {header_name} header")
            if header.split() != value:
                return self.error(req, 400, f"the {header_name} header '{header}' does not agree with the body's "
                                            f"tags {value}")
        elif header is not None:
            return self.error(req, 400, f"the {header_name} header is only for tag purges (this is a {key} purge)")
        return Purge(self.BODY_KEYS[key], targets, lambda: Reply.json(200, {"ok": True}), scope=scope,
                     cost={"requests": 1})


PROVIDERS = (Cloudflare, Fastly, Akamai, Netlify, Vercel, Bunny, CloudFront, Google, Azure, Varnish, Nginx, Webhook)


# ---------------------------------------------------------------------------
# Configuration

CONFIG_SCHEMA = jsonschema.Draft7Validator(load_schema("mock-config.schema.json"))
DEFAULT_CREDENTIALS = {
    "token": "mock-token",
    "cloudflare_email": None,
    "cloudflare_key": None,
    "akamai": {"client_token": "akab-mock-client-token", "client_secret": "bW9jay1lZGdlZ3JpZC1jbGllbnQtc2VjcmV0",
               "access_token": "akab-mock-access-token", "max_body": 131072, "headers_to_sign": []},
    "aws": {"access_key_id": "AKIDMOCKEXAMPLE", "secret_access_key": "mock/aws/secret/access/key",
            "session_token": None},
}
FAULT_PROVIDERS = {"success_false": {"cloudflare"}, "partial": {"fastly", "varnish", "nginx"}}


def default_config():
    return {"credentials": copy.deepcopy(DEFAULT_CREDENTIALS),
            "providers": {cls.name: {"token": None, **copy.deepcopy(cls.DEFAULTS), "faults": []}
                          for cls in PROVIDERS}}


def merge(base, patch, atomic_below=None):
    """Deep-merge `patch` into a copy of `base`: objects merge, anything else replaces.
    Values under a key named `atomic_below` (each rate bucket spec) replace whole."""
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and atomic_below != "rate":
            out[key] = merge(out[key], value, key)
        else:
            out[key] = copy.deepcopy(value)
    return out


def check_config(patch, merged):
    """Raise ValueError with a precise message if the patch is not a valid config."""
    problem = schema_error(CONFIG_SCHEMA, patch)
    if problem:
        raise ValueError(f"config {problem}")
    defaults = {cls.name: cls.DEFAULTS for cls in PROVIDERS}
    for name, prov in patch.get("providers", {}).items():
        for section in ("limits", "rate", "options"):
            for key, value in prov.get(section, {}).items():
                if key not in defaults[name][section]:
                    known = ", ".join(defaults[name][section]) or "none"
                    raise ValueError(f"providers.{name}.{section}: unknown key '{key}' (known: {known})")
                default = defaults[name][section][key]
                if section == "rate":
                    window = isinstance(default, dict) and "window_seconds" in default
                    if value is not None and ("window_seconds" in value) != window:
                        shape = '{"max", "window_seconds"}' if window else '{"burst", "per_second"|...}'
                        raise ValueError(f"providers.{name}.rate.{key} must be null or {shape}")
                elif default is not None and value is not None and not (
                        type(value) is type(default) or (isinstance(default, (int, float)) and
                                                         isinstance(value, (int, float)) and
                                                         not isinstance(value, bool))):
                    raise ValueError(f"providers.{name}.{section}.{key} must be of type {type(default).__name__}")
        for i, fault in enumerate(prov.get("faults", [])):
            allowed = FAULT_PROVIDERS.get(fault["kind"])
            if allowed and name not in allowed:
                raise ValueError(f"providers.{name}.faults[{i}]: kind '{fault['kind']}' applies only to "
                                 f"{', '.join(sorted(allowed))}")
            if "node" in fault and name not in ("varnish", "nginx"):
                raise ValueError(f"providers.{name}.faults[{i}]: 'node' applies only to varnish and nginx")
    merged_creds = merged["credentials"]
    if bool(merged_creds.get("cloudflare_email")) != bool(merged_creds.get("cloudflare_key")):
        raise ValueError("credentials: cloudflare_email and cloudflare_key go together")


def masked(config):
    """The config with secrets replaced, for GET /__mock/config."""
    out = copy.deepcopy(config)
    creds = out["credentials"]
    for path in (("token",), ("cloudflare_key",), ("akamai", "client_secret"), ("aws", "secret_access_key"),
                 ("aws", "session_token")):
        holder = creds
        for key in path[:-1]:
            holder = holder[key]
        if holder.get(path[-1]):
            holder[path[-1]] = "***"
    for prov in out["providers"].values():
        if prov.get("token"):
            prov["token"] = "***"
    return out


# ---------------------------------------------------------------------------
# The mock: dispatch, faults, rate limits, ledger


class Mock:
    """All mutable state, guarded by one lock (requests are short; fine at 100s/s)."""

    def __init__(self, config_patch=None, verbose=False):
        self.lock = threading.RLock()
        self.closing = threading.Event()
        self.verbose = verbose
        self.t0 = time.monotonic()
        self.providers = {cls.name: cls(self) for cls in PROVIDERS}
        self.config = default_config()
        self.own_hosts = set()
        self.epoch = 0  # bumped by reset/config: requests in flight across it leave no trace
        self.apply_config(config_patch or {})
        self.reset()

    # control --------------------------------------------------------------------
    def apply_config(self, patch, replace=False):
        """Merge `patch` into the config (into the defaults when `replace`), then
        reconfigure every provider, which refills buckets and restarts fault counters."""
        if not isinstance(patch, dict):
            raise ValueError("config must be a JSON object")
        merged = merge(default_config() if replace else self.config, patch)
        check_config(patch, merged)
        with self.lock:
            self.config = merged
            self.epoch += 1
            for name, prov in self.providers.items():
                prov.configure(merged["providers"][name], merged["credentials"])

    def reset(self):
        with self.lock:
            self.epoch += 1
            self.ledger = []
            self.purged = {}
            for prov in self.providers.values():
                prov.reset_state()

    def ledger_view(self, provider=None, since=0):
        with self.lock:
            entries = [dict(e) for e in self.ledger if e["seq"] > since and (provider is None or
                                                                          e["provider"] == provider)]
            purged = {key: {kind: sorted(items) for kind, items in kinds.items()}
                      for key, kinds in sorted(self.purged.items())
                      if provider is None or key.split("/")[0] == provider}
        return {"requests": entries, "purged": purged}

    def control(self, req):
        """/__mock/* endpoints."""
        name = req.path[len("/__mock/"):]
        try:
            if name == "health" and req.method == "GET":
                return Reply.json(200, {"ok": True})
            if name == "config" and req.method == "GET":
                return Reply.json(200, masked(self.config))
            if name == "config" and req.method == "POST":
                replace = dict(req.query_pairs()).get("replace", "") in ("1", "true")
                self.apply_config(json.loads(req.body or b"{}"), replace)
                return Reply.json(200, {"ok": True})
            if name == "reset" and req.method == "POST":
                self.reset()
                return Reply.json(200, {"ok": True})
            if name == "ledger" and req.method == "GET":
                query = dict(req.query_pairs())
                return Reply.json(200, self.ledger_view(query.get("provider"), int(query.get("since", 0))))
        except ValueError as e:
            return Reply.json(400, {"ok": False, "error": str(e)})
        except Exception:  # a mock bug: say so rather than drop the connection
            traceback.print_exc()
            return Reply.json(500, {"ok": False, "error": "mock server internal error; see its stderr"})
        return Reply.json(404, {"ok": False, "error": f"no control endpoint {req.method} {req.path}; have GET "
                                                      "health, GET|POST config, POST reset, GET ledger"})

    # requests ------------------------------------------------------------------------
    def handle(self, req):
        if req.path.startswith("/__mock/"):
            return self.control(req)
        with self.lock:
            entry = {"seq": len(self.ledger) + 1, "time": round(time.monotonic() - self.t0, 6), "provider": None,
                     "node": None, "method": req.method, "path": req.target, "status": None, "fault": None,
                     "targets": [], "kind": None, "soft": False, "scope": None, "detail": None}
            self.ledger.append(entry)
            epoch = self.epoch
        purge = None
        try:
            reply, purge = self.process(req, entry, epoch)
        except Exception:  # a mock bug must not look like a provider answer
            traceback.print_exc()
            reply = Reply.json(500, {"error": "mock server internal error; see its stderr"},
                               detail="mock internal error")
        with self.lock:
            if epoch != self.epoch:
                return reply
            entry["node"] = req.node
            entry["status"] = reply.status if reply.action != "reset" else None
            entry["detail"] = reply.detail
            if purge is not None and 200 <= reply.status < 300 and (
                    entry["fault"] in (None, "slow", "partial") or reply.purged):
                key = entry["provider"] + (f"/{req.node}" if req.node else "")
                bucket = self.purged.setdefault(key, {})
                for kind, target in (reply.purged if reply.purged is not None else purge.items()):
                    bucket.setdefault(kind, set()).add(target)
        if self.verbose:
            sys.stderr.write(f"[mock] {entry['seq']} {entry['time']:.3f} {req.method} {req.target} -> "
                             f"{entry['status']}{' fault=' + entry['fault'] if entry['fault'] else ''}"
                             f"{' (' + reply.detail + ')' if reply.detail else ''}\n")
        return reply

    def process(self, req, entry, epoch):
        """(reply, purge) for a provider request; purge is None when it was rejected early."""
        name = req.path.split("/")[1] if req.path.count("/") >= 1 else ""
        prov = self.providers.get(name)
        if prov is None:
            mounts = ", ".join(f"/{p}" for p in self.providers)
            return Reply.json(404, {"error": f"no provider mounted at /{name}; mounts: {mounts}"},
                              detail=f"unknown provider '{name}'"), None
        entry["provider"] = prov.name
        resolved = prov.resolve(req)
        if isinstance(resolved, Reply):
            return resolved, None
        handler, params = resolved
        rejection = prov.authenticate(req)
        if rejection:
            return rejection, None
        purge = handler(req, params)
        if isinstance(purge, Reply):
            return purge, None
        entry.update(kind=purge.kind, targets=purge.targets, soft=purge.soft, scope=purge.scope)
        with self.lock:
            selected = [f for f in prov.faults
                        if f.in_scope(req) and prov.fault_applies(f, req, purge) and f.selects()]
            fault = selected[0] if selected else None
            if fault:
                fault.injected += 1
                entry["fault"] = fault.kind
        if fault and fault.kind == "slow":
            self.closing.wait(fault.spec["seconds"])
            if epoch != self.epoch:
                return Reply(503, detail="the mock was reset or reconfigured during a slow fault"), None
        elif fault:
            return prov.fault_reply(fault, req, purge), purge
        with self.lock:
            rejection = prov.check_rate(req, purge)
            if rejection:
                return rejection, purge
            return purge.commit(), purge


# ---------------------------------------------------------------------------
# HTTP plumbing


class Handler(http.server.BaseHTTPRequestHandler):
    """Reads any method, hands the request to the Mock, writes the reply in one send."""

    protocol_version = "HTTP/1.1"
    server_version = "cdn-purge-mock/1.0"
    sys_version = ""

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.serve
        raise AttributeError(name)

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY:
            raise ValueError(f"Content-Length {length} out of range")
        return self.rfile.read(length)

    def serve(self):
        mock = self.server.mock
        try:
            body = self.read_body()
        except ValueError as e:
            self.close_connection = True
            self.write(Reply.json(400 if "range" not in str(e) else 413, {"error": f"bad request body: {e}"}))
            return
        req = Request(self.command, self.path, self.headers, body, self.server.own_hosts)
        self.write(mock.handle(req))

    def write(self, reply):
        if reply.action in ("stall", "endless"):
            self.close_connection = True
            closing = self.server.mock.closing
            try:
                if reply.action == "stall":
                    self.wfile.write(f"HTTP/1.1 {reply.status} OK\r\nContent-Type: {JSON}\r\n"
                                     f"Content-Length: 1000\r\n\r\n".encode())
                    closing.wait(reply.seconds)
                else:
                    self.wfile.write(f"HTTP/1.1 {reply.status} OK\r\nContent-Type: {JSON}\r\n"
                                     f"Transfer-Encoding: chunked\r\n\r\n".encode())
                    end = time.monotonic() + reply.seconds
                    chunk = b"[" * 65536
                    while time.monotonic() < end and not closing.is_set():
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:  # the client gave up: what the fault is for
                pass
            return
        if reply.action == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        reason = reply.reason or (http.HTTPStatus(reply.status).phrase
                                  if reply.status in http.HTTPStatus._value2member_map_ else "Unknown")
        lines = [f"HTTP/1.1 {reply.status} {reason}", f"Server: {self.server_version}", f"Date: {http_date()}"]
        if reply.ctype and reply.status != 204:
            lines.append(f"Content-Type: {reply.ctype}")
        body = b"" if reply.status in (204, 304) else reply.body
        if reply.status not in (204, 304):
            declared = len(body) + (64 if reply.action == "truncate" else 0)
            lines.append(f"Content-Length: {declared}")
        lines += [f"{k}: {v}" for k, v in reply.headers]
        if reply.action == "truncate":
            self.close_connection = True
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        try:
            self.wfile.write(head + (b"" if self.command == "HEAD" else body))
        except OSError:  # the client gave up (e.g. timed out on a slow fault)
            self.close_connection = True

    def log_message(self, fmt, *args):
        pass  # the Mock logs requests itself with -v (never headers, so never tokens)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, mock):
        super().__init__(address, Handler)
        self.mock = mock
        host, port = self.server_address[:2]
        self.own_hosts = {f"{h}:{port}".lower() for h in (host, "localhost", "127.0.0.1", "[::1]")}

    def handle_error(self, request, client_address):
        if self.mock.verbose:
            super().handle_error(request, client_address)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=0, help="port (default 0: a free port)")
    ap.add_argument("--port-file", help="write the bound port number here once listening")
    ap.add_argument("--config", help="JSON config file (see README.md)")
    ap.add_argument("-v", "--verbose", action="store_true", help="log each request to stderr")
    args = ap.parse_args(argv)
    try:
        loopback = args.host == "localhost" or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        ap.error(f"--host {args.host} is not a loopback address; the mock serves loopback only")
    patch = {}
    if args.config:
        try:
            with open(args.config, encoding="utf-8") as f:
                patch = json.load(f)
        except (OSError, ValueError) as e:
            ap.error(f"--config {args.config}: {e}")
    try:
        mock = Mock(patch, verbose=args.verbose)
    except ValueError as e:
        ap.error(f"--config {args.config}: {e}")
    if ":" in args.host:
        Server.address_family = socket.AF_INET6
    server = Server((args.host, args.port), mock)
    port = server.server_address[1]
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)
    if args.verbose:
        sys.stderr.write(f"[mock] listening on http://{args.host}:{port}\n")
    while not stop.wait(1.0):
        pass
    mock.closing.set()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
