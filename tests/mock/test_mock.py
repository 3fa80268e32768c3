#!/usr/bin/python3
"""Self-test of the CDN purge mock server (tests/mock/mock_server.py).

Starts the server as a subprocess on a free loopback port and checks, for every
provider: an accepted request, a wrong method, a wrong path, missing and wrong
auth, a bad body, an over-limit batch, the rate limit (429 and its headers) and
every fault kind. Then provider specifics, fault selectors, the ledger, config
validation, the command line, and the EdgeGrid and SigV4 implementations against
the published vectors in schemas/signing-test-vectors.json.

Run: /usr/bin/python3 tests/mock/test_mock.py [-v]
"""

import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mock_server as ms  # noqa: E402

TOKEN = "test-token-0123456789"
ZONE = "0123456789abcdef0123456789abcdef"
CF_EMAIL, CF_KEY = "ops@example.com", "0123456789abcdef0123456789abcdef01234"
AKAMAI = {"client_token": "akab-test-client", "client_secret": "dGVzdC1jbGllbnQtc2VjcmV0",
          "access_token": "akab-test-access", "max_body": 131072}
AWS = {"access_key_id": "AKIDTESTEXAMPLE", "secret_access_key": "test/secret/key", "session_token": None}
BASE = {"credentials": {"token": TOKEN, "cloudflare_email": CF_EMAIL, "cloudflare_key": CF_KEY,
                        "akamai": AKAMAI, "aws": AWS}}
CF_NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
SERVER = {}


# ---------------------------------------------------------------------------
# Server process and HTTP helpers


def start_server(extra_args=(), config=BASE):
    tmp = tempfile.mkdtemp(prefix="mock-test-")
    port_file, config_file = os.path.join(tmp, "port"), os.path.join(tmp, "config.json")
    with open(config_file, "w") as f:
        json.dump(config, f)
    with open(os.path.join(tmp, "stderr"), "wb") as stderr:  # the child keeps its own descriptor
        proc = subprocess.Popen([sys.executable, os.path.join(HERE, "mock_server.py"),
                                 "--port", "0", "--port-file", port_file, "--config", config_file, *extra_args],
                                stdout=subprocess.PIPE, stderr=stderr)
    proc.stderr_path = stderr.name
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if os.path.exists(port_file):
            with open(port_file) as f:
                return proc, int(f.read())
        if proc.poll() is not None:
            raise RuntimeError(f"mock server exited: {read_text(proc.stderr_path)}")
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError("mock server did not write its port file")


def read_text(path):
    with open(path) as f:
        return f.read()


def setUpModule():
    SERVER["proc"], SERVER["port"] = start_server()


def tearDownModule():
    proc = SERVER["proc"]
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=10)
    errors = read_text(proc.stderr_path)
    if errors or proc.returncode:
        sys.stderr.write(f"mock server exit status {proc.returncode}, stderr:\n{errors}\n")


def host():
    return f"127.0.0.1:{SERVER['port']}"


class Resp:
    def __init__(self, status, reason, headers, body):
        self.status, self.reason, self.headers, self.body = status, reason, headers, body

    @property
    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return self.headers.get(name)

    def xml_code(self):
        """The Code of a CloudFront ErrorResponse (namespaced), else None."""
        root = ET.fromstring(self.body)
        code = root.find(f"{{{CF_NS}}}Error/{{{CF_NS}}}Code")
        return code.text if root.tag == f"{{{CF_NS}}}ErrorResponse" and code is not None else None


class R:
    """A request to send: JSON-encodes dict/list bodies; `sign` is None, "edgegrid" or "sigv4"."""

    def __init__(self, method, path, body=None, headers=None, sign=None, creds=None):
        self.method, self.path, self.headers, self.sign, self.creds = method, path, dict(headers or {}), sign, creds
        if isinstance(body, (dict, list)):
            self.body = json.dumps(body).encode()
            self.headers.setdefault("Content-Type", "application/json")
        else:
            self.body = body.encode() if isinstance(body, str) else (body or b"")


def send(req, timeout=5):
    headers = dict(req.headers)
    if req.sign == "edgegrid":
        headers["Authorization"] = ms.edgegrid_authorization(req.creds or AKAMAI, req.method, "http", host(),
                                                             req.path, req.body)
    elif req.sign == "sigv4":
        creds = dict(AWS, **(req.creds or {}))
        amz_date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        signed = [("Host", host()), ("X-Amz-Date", amz_date)]
        if creds.get("session_token"):
            signed.append(("X-Amz-Security-Token", creds["session_token"]))
        path, _, query = req.path.partition("?")
        headers.update(signed)
        headers["Authorization"] = ms.sigv4_authorization(
            creds["access_key_id"], creds["secret_access_key"], creds.get("region", "us-east-1"), "cloudfront",
            req.method, path, query, signed, req.body, amz_date)
    conn = http.client.HTTPConnection("127.0.0.1", SERVER["port"], timeout=timeout)
    try:
        conn.request(req.method, req.path, body=req.body if req.body or req.method != "GET" else None,
                     headers=headers)
        r = conn.getresponse()
        return Resp(r.status, r.reason, r.headers, r.read())
    finally:
        conn.close()


def control(path, body=None, method=None):
    r = send(R(method or ("POST" if body is not None else "GET"), f"/__mock/{path}", body))
    return r.status, r.json


def configure(patch=None, providers=None):
    """Replace the config by defaults + BASE + patch; state is reset."""
    conf = ms.merge(BASE, patch or {})
    if providers:
        conf["providers"] = providers
    status, body = control("config?replace=1", conf)
    assert status == 200, body
    control("reset", {})


def ledger(provider=None):
    return control(f"ledger?provider={provider}" if provider else "ledger")[1]


def bearer(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def batch_xml(paths, ref=None, quantity=None):
    items = "".join(f"<Path>{escape(p)}</Path>" for p in paths)
    qty = len(paths) if quantity is None else quantity
    return (f'<?xml version="1.0" encoding="UTF-8"?><InvalidationBatch xmlns="{CF_NS}"><Paths><Quantity>{qty}'
            f'</Quantity><Items>{items}</Items></Paths><CallerReference>{ref or uuid.uuid4()}</CallerReference>'
            "</InvalidationBatch>").encode()


TINY = {"burst": 1, "per_minute": 1}  # one request, then a 429 for a minute


# ---------------------------------------------------------------------------
# One case per provider: the requests the generic tests send, and the checks.


class Case:
    name = ""
    ok_status = 200
    expect = ("url", None)           # ledger kind and targets of ok()
    no_auth_status = bad_auth_status = 401
    auth_options = None               # options patch that turns auth on (self-hosted nodes)
    bad_body_status = 400
    over_status = 400
    over_config = None                # provider patch that the over-limit request needs
    rate = None                       # provider rate patch that makes the 2nd ok() limited
    rate_status = 429

    def ok(self):
        raise NotImplementedError

    def wrong_method(self):
        r = self.ok()
        return R("PUT" if r.method != "PUT" else "GET", r.path, r.body, r.headers, r.sign)

    def no_auth(self):
        r = self.ok()
        return R(r.method, r.path, r.body, {k: v for k, v in r.headers.items() if k not in self.auth_headers})

    auth_headers = ("Authorization",)

    def bad_auth(self):
        r = self.ok()
        return R(r.method, r.path, r.body, {**r.headers, "Authorization": "Bearer wrong-token"})

    def shape(self, t, resp):
        """Assert the provider's error body shape."""
        raise NotImplementedError

    def limited(self, t, resp):
        """Assert the provider's rate-limited reply (status checked by the caller)."""
        t.assertIsNotNone(resp.header("Retry-After"), resp.headers)
        t.assertGreaterEqual(int(resp.header("Retry-After")), 1)


class CloudflareCase(Case):
    name = "cloudflare"
    path = f"/cloudflare/client/v4/zones/{ZONE}/purge_cache"
    expect = ("url", ["https://www.example.com/a.css?v=1&x=<y>"])
    no_auth_status = bad_auth_status = 403
    rate = {"urls": TINY}

    def ok(self):
        return R("POST", self.path, {"files": self.expect[1]}, bearer())

    def wrong_path(self):
        return R("POST", f"/cloudflare/client/v4/zones/{ZONE}/purge", {"files": ["https://a.example/"]}, bearer())

    def bad_body(self):
        return R("POST", self.path, {"files": "https://www.example.com/a.css"}, bearer())

    def over_limit(self):
        return R("POST", self.path, {"files": [f"https://www.example.com/{i}" for i in range(31)]}, bearer())

    def shape(self, t, resp):
        body = resp.json
        t.assertIs(body["success"], False)
        t.assertIsNone(body["result"])
        t.assertEqual(body["messages"], [])
        t.assertIsInstance(body["errors"][0]["code"], int)
        t.assertTrue(body["errors"][0]["message"])

    def limited(self, t, resp):
        super().limited(t, resp)
        t.assertEqual(resp.json["errors"][0]["code"], 971)


class FastlyCase(Case):
    name = "fastly"
    expect = ("url", ["www.example.com/a/b?x=1"])
    auth_headers = ("Fastly-Key",)
    rate = {"purges": TINY}

    def ok(self):
        return R("POST", "/fastly/purge/www.example.com/a/b?x=1", None, {"Fastly-Key": TOKEN})

    def wrong_path(self):
        return R("POST", "/fastly/service/SVC/purge_everything", None, {"Fastly-Key": TOKEN})

    def bad_auth(self):
        return R("POST", "/fastly/purge/www.example.com/a/b?x=1", None, {"Fastly-Key": "nope"})

    def bad_body(self):
        return R("POST", "/fastly/service/SVC/purge", {"keys": ["a"]}, {"Fastly-Key": TOKEN})

    def over_limit(self):
        return R("POST", "/fastly/service/SVC/purge", {"surrogate_keys": [f"k{i}" for i in range(257)]},
                 {"Fastly-Key": TOKEN})

    def shape(self, t, resp):
        body = resp.json
        t.assertTrue(body.get("msg") or body.get("reason"), body)

    def limited(self, t, resp):
        t.assertIsNone(resp.header("Retry-After"))
        t.assertEqual(resp.header("Fastly-RateLimit-Remaining"), "0")
        t.assertGreaterEqual(int(resp.header("Fastly-RateLimit-Reset")), int(time.time()))


class AkamaiCase(Case):
    name = "akamai"
    path = "/akamai/ccu/v3/invalidate/url/production"
    ok_status = 201
    expect = ("url", ["https://www.example.com/a", "http://www.example.com/b"])
    over_status = 413
    rate = {"requests": TINY}

    def ok(self):
        return R("POST", self.path, {"objects": self.expect[1]}, sign="edgegrid")

    def wrong_method(self):
        return R("GET", self.path, sign="edgegrid")

    def wrong_path(self):
        return R("POST", "/akamai/ccu/v3/invalidate/url/prod", {"objects": ["https://a.example/"]}, sign="edgegrid")

    def bad_auth(self):
        return R("POST", self.path, {"objects": ["https://www.example.com/a"]}, sign="edgegrid",
                 creds=dict(AKAMAI, client_secret="d3Jvbmctc2VjcmV0"))

    def bad_body(self):
        return R("POST", self.path, {"objects": ["https://www.example.com/a"], "hostname": "x"}, sign="edgegrid")

    def over_limit(self):
        return R("POST", self.path, {"objects": [f"https://www.example.com/{'x' * 90}/{i}" for i in range(500)]},
                 sign="edgegrid")

    def shape(self, t, resp):
        want = "application/problem+json" if 400 <= resp.status < 500 and resp.status != 429 else "application/json"
        t.assertEqual(resp.header("Content-Type"), want)
        body = resp.json
        t.assertEqual(body.get("httpStatus", body.get("status")), resp.status)
        t.assertTrue(body["detail"])

    def limited(self, t, resp):
        t.assertIsNone(resp.header("Retry-After"))
        t.assertEqual(resp.header("X-Ratelimit-Remaining"), "0")
        t.assertIsNotNone(resp.header("X-Ratelimit-Limit-Objects"))
        t.assertEqual(resp.json["httpStatus"], 429)
        t.assertIn("Rate Limit exceeded", resp.json["title"])


class NetlifyCase(Case):
    name = "netlify"
    path = "/netlify/api/v1/purge"
    ok_status = 202
    expect = ("tag", ["product-1", "cart"])
    rate = {"per_key": {"max": 1, "window_seconds": 60}}

    def ok(self):
        return R("POST", self.path, {"site_id": "site-123", "cache_tags": self.expect[1]}, bearer())

    def wrong_path(self):
        return R("POST", "/netlify/api/v1/purge_cache", {"site_id": "s"}, bearer())

    def bad_body(self):
        return R("POST", self.path, {"site_id": "site-123", "cache_tags": "product-1"}, bearer())

    def over_limit(self):
        return None  # Netlify documents no batch limit; its limit is the per-tag rate (test_rate_limit)

    def shape(self, t, resp):
        t.assertEqual(resp.json["code"], resp.status)
        t.assertTrue(resp.json["message"])


class VercelCase(Case):
    name = "vercel"
    path = "/vercel/v1/edge-cache/invalidate-by-tags?projectIdOrName=prj_1&teamId=team_1"
    expect = ("tag", ["blog", "home"])
    no_auth_status = bad_auth_status = 403
    rate = {"per_endpoint": TINY}

    def ok(self):
        return R("POST", self.path, {"tags": self.expect[1], "target": "production"}, bearer())

    def wrong_path(self):
        return R("POST", "/vercel/v1/edge-cache/invalidate-by-tag?projectIdOrName=p", {"tags": ["a"]}, bearer())

    def bad_body(self):
        return R("POST", self.path, {"tags": ["a"], "target": "staging"}, bearer())

    def over_limit(self):
        return R("POST", self.path, {"tags": [f"t{i}" for i in range(17)]}, bearer())

    def shape(self, t, resp):
        t.assertTrue(resp.json["error"]["code"])
        t.assertTrue(resp.json["error"]["message"])

    def limited(self, t, resp):
        super().limited(t, resp)
        err = resp.json["error"]
        t.assertEqual(err["code"], "rate_limited")
        t.assertEqual(err["limit"]["remaining"], 0)
        t.assertGreaterEqual(err["limit"]["total"], 1)
        t.assertGreater(err["limit"]["resetMs"], time.time() * 1000)


class BunnyCase(Case):
    name = "bunny"
    ok_status = 204
    expect = ("url", ["https://cdn.example.com/a%20b.png?x=1&y=2"])
    auth_headers = ("AccessKey",)
    rate = {"exact": TINY}

    def ok(self):
        url = urllib.parse.quote(self.expect[1][0], safe="")
        return R("POST", f"/bunny/purge?url={url}&async=false", None, {"AccessKey": TOKEN})

    def wrong_path(self):
        return R("POST", "/bunny/pullzone/12/purge", None, {"AccessKey": TOKEN})

    def bad_auth(self):
        r = self.ok()
        return R(r.method, r.path, None, {"AccessKey": "wrong"})

    def bad_body(self):
        return R("POST", "/bunny/pullzone/12/purgeCache", {"CacheTag": ["a", "b"]}, {"AccessKey": TOKEN})

    def over_limit(self):
        return R("POST", "/bunny/purge?url=https%3A%2F%2Fa.example%2F1&url=https%3A%2F%2Fa.example%2F2", None,
                 {"AccessKey": TOKEN})

    def shape(self, t, resp):
        t.assertEqual(set(resp.json), {"ErrorKey", "Field", "Message"})
        t.assertTrue(resp.json["Message"])


class CloudFrontCase(Case):
    name = "cloudfront"
    path = "/cloudfront/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation"
    ok_status = 201
    expect = ("mixed", ["/index.html", "/img/*"])
    no_auth_status = bad_auth_status = 403
    rate = {"requests": TINY}
    rate_status = 400
    over_config = {"limits": {"paths_in_progress": 3}}

    def ok(self):
        return R("POST", self.path, batch_xml(self.expect[1]), sign="sigv4")

    def wrong_method(self):
        return R("DELETE", self.path, sign="sigv4")

    def wrong_path(self):
        return R("POST", "/cloudfront/2019-03-26/distribution/E1/invalidation", batch_xml(["/a"]), sign="sigv4")

    def no_auth(self):
        return R("POST", self.path, batch_xml(["/a"]))

    def bad_auth(self):
        return R("POST", self.path, batch_xml(["/a"]), sign="sigv4", creds={"secret_access_key": "wrong"})

    def bad_body(self):
        return R("POST", self.path, batch_xml(["/a", "/b"], quantity=3), sign="sigv4")

    def over_limit(self):  # with paths_in_progress 3: 2 + 2 paths in progress is too many
        send(R("POST", self.path, batch_xml(["/x1", "/x2"]), sign="sigv4"))
        return R("POST", self.path, batch_xml(["/y1", "/y2"]), sign="sigv4")

    def shape(self, t, resp):
        t.assertEqual(resp.header("Content-Type"), "text/xml")
        t.assertTrue(resp.xml_code())

    def limited(self, t, resp):
        t.assertEqual(resp.xml_code(), "Throttling")
        t.assertIn(b"Rate exceeded", resp.body)


class GoogleCase(Case):
    name = "google"
    base = "/google/compute/v1/projects/proj-1/global/urlMaps/map-1/invalidateCache"
    expect = ("prefix", ["www.example.com/img/*"])
    rate = {"requests": TINY}

    def ok(self):
        return R("POST", f"{self.base}?requestId={uuid.uuid4()}", {"path": "/img/*", "host": "www.example.com"},
                 bearer())

    def wrong_path(self):
        return R("POST", "/google/compute/v1/projects/p/urlMaps/m/invalidateCache", {"path": "/a"}, bearer())

    def bad_body(self):
        return R("POST", self.base, {"path": "/a?b=1"}, bearer())

    def over_limit(self):
        return R("POST", self.base, {"path": "/*", "cacheTags": [f"t{i}" for i in range(11)]}, bearer())

    def shape(self, t, resp):
        err = resp.json["error"]
        t.assertEqual(err["code"], resp.status)
        t.assertTrue(err["status"])
        t.assertTrue(err["message"])


class AzureCase(Case):
    name = "azure"
    path = ("/azure/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Cdn/profiles/prof/afdEndpoints/"
            "ep-1/purge?api-version=2024-02-01")
    ok_status = 202
    expect = ("url", ["/index.html", "/app.js"])
    rate = {"requests": TINY}

    def ok(self):
        return R("POST", self.path, {"contentPaths": self.expect[1]}, bearer())

    def wrong_path(self):
        return R("POST", self.path.replace("afdEndpoints", "endpoints"), {"contentPaths": ["/a"]}, bearer())

    def bad_body(self):
        return R("POST", self.path, {"contentPaths": ["index.html"]}, bearer())

    def over_limit(self):
        return R("POST", self.path, {"contentPaths": [f"/{i}" for i in range(101)]}, bearer())

    def shape(self, t, resp):
        t.assertTrue(resp.json["error"]["code"])
        t.assertTrue(resp.json["error"]["message"])

    def limited(self, t, resp):
        super().limited(t, resp)
        t.assertEqual(resp.json["error"]["code"], "TooManyRequests")


class NodeCase(Case):
    """A self-hosted cache node: one object per request, auth an optional token header."""
    auth_options = {"token_header": "X-Purge-Token"}
    auth_headers = ("X-Purge-Token",)
    rate = {"requests": TINY}
    site = {"Host": "www.example.com"}
    node = target = ""

    def ok(self):
        return R("PURGE", f"/{self.name}/{self.node}{self.target}", None, {**self.site, "X-Purge-Token": TOKEN})

    def bad_auth(self):
        return R("PURGE", f"/{self.name}/{self.node}{self.target}", None, {**self.site, "X-Purge-Token": "nope"})

    def wrong_path(self):
        return R("PURGE", f"/{self.name}", None, self.site)

    def over_limit(self):
        return None  # one object (or one pattern) per request by protocol


class VarnishCase(NodeCase):
    name, node, target = "varnish", "edge1", "/a/b?c=1"
    expect = ("url", ["www.example.com/a/b?c=1"])
    no_auth_status = bad_auth_status = 405

    def wrong_method(self):
        return R("GET", "/varnish/edge1/a/b", None, self.site)

    def bad_body(self):  # a node takes no body: its "bad request" is a malformed tag purge
        return R("PURGE", "/varnish/edge1/not-root", None, {**self.site, "xkey": "a b"})

    def shape(self, t, resp):
        t.assertIn(b"Varnish cache server", resp.body)
        t.assertIn(str(resp.status).encode(), resp.body)


class NginxCase(NodeCase):
    name, node, target = "nginx", "n1", "/a.css"
    expect = ("url", ["www.example.com/a.css"])
    no_auth_status = bad_auth_status = 403

    def wrong_method(self):
        return R("DELETE", "/nginx/n1/a.css", None, self.site)

    def bad_body(self):
        return R("PURGE", "/nginx/n1/a*b", None, self.site)

    def shape(self, t, resp):
        t.assertIn(b"<center>nginx</center>", resp.body)


class WebhookCase(Case):
    name = "http"
    path = "/http/hooks/purge"
    expect = ("tag", ["a", "b"])
    over_config = {"limits": {"items": 2}}
    rate = {"requests": TINY}

    def ok(self):
        return R("POST", self.path, {"tags": ["a", "b"]}, {**bearer(), "Surrogate-Key": "a b"})

    def wrong_path(self):
        return R("POST", "/http", {"urls": ["https://a.example/"]}, bearer())

    def bad_body(self):
        return R("POST", self.path, {"tags": ["a", "b"]}, {**bearer(), "Surrogate-Key": "a c"})

    def over_limit(self):
        return R("POST", self.path, {"urls": ["https://a.example/1", "https://a.example/2", "https://a.example/3"]},
                 bearer())

    def shape(self, t, resp):
        t.assertIs(resp.json["ok"], False)
        t.assertTrue(resp.json["error"])


CASES = [CloudflareCase(), FastlyCase(), AkamaiCase(), NetlifyCase(), VercelCase(), BunnyCase(), CloudFrontCase(),
         GoogleCase(), AzureCase(), VarnishCase(), NginxCase(), WebhookCase()]


# ---------------------------------------------------------------------------
# Generic checks, every provider


class EveryProvider(unittest.TestCase):

    def test_accepted(self):
        for case in CASES:
            with self.subTest(case.name):
                configure()
                resp = send(case.ok())
                self.assertEqual(resp.status, case.ok_status, resp.body)
                entry = ledger(case.name)["requests"][-1]
                self.assertEqual((entry["status"], entry["kind"]), (case.ok_status, case.expect[0]))
                self.assertEqual(entry["targets"], case.expect[1])
                self.assertIsNone(entry["fault"])

    def test_wrong_method_and_path(self):
        for case in CASES:
            with self.subTest(case.name):
                configure()
                resp = send(case.wrong_method())
                self.assertEqual(resp.status, 405, resp.body)
                case.shape(self, resp)
                resp = send(case.wrong_path())
                self.assertEqual(resp.status, 404, resp.body)
                case.shape(self, resp)

    def test_auth(self):
        for case in CASES:
            with self.subTest(case.name):
                configure(providers={case.name: {"options": case.auth_options}} if case.auth_options else None)
                for req, status in ((case.no_auth(), case.no_auth_status), (case.bad_auth(), case.bad_auth_status)):
                    resp = send(req)
                    self.assertEqual(resp.status, status, resp.body)
                    case.shape(self, resp)
                self.assertEqual(ledger(case.name)["purged"], {})
                self.assertEqual(send(case.ok()).status, case.ok_status)

    def test_bad_body(self):
        for case in CASES:
            with self.subTest(case.name):
                configure()
                resp = send(case.bad_body())
                self.assertEqual(resp.status, case.bad_body_status, resp.body)
                case.shape(self, resp)
                self.assertEqual(ledger(case.name)["purged"], {})

    def test_over_limit_batch(self):
        for case in CASES:
            with self.subTest(case.name):
                configure(providers={case.name: case.over_config} if case.over_config else None)
                req = case.over_limit()
                if req is None:
                    continue
                resp = send(req)
                self.assertEqual(resp.status, case.over_status, resp.body)
                case.shape(self, resp)

    def test_rate_limit(self):
        for case in CASES:
            with self.subTest(case.name):
                configure(providers={case.name: {"rate": case.rate}})
                self.assertEqual(send(case.ok()).status, case.ok_status)
                resp = send(case.ok())
                self.assertEqual(resp.status, case.rate_status, resp.body)
                case.shape(self, resp)
                case.limited(self, resp)
                statuses = [e["status"] for e in ledger(case.name)["requests"]]
                self.assertEqual(statuses, [case.ok_status, case.rate_status])

    def fault_then_ok(self, case, fault):
        """Configure one fault for the first request, send two; return the first's outcome."""
        configure(providers={case.name: {"faults": [dict(fault, first=1)]}})
        try:
            first = send(case.ok(), timeout=0.4 if fault["kind"] == "slow" else 5)
        except Exception as e:  # noqa: BLE001 -- the fault is meant to break the exchange
            first = e
        second = send(case.ok())
        self.assertEqual(second.status, case.ok_status, second.body)
        entries = ledger(case.name)["requests"]
        self.assertEqual([e["fault"] for e in entries], [fault["kind"], None])
        return first, entries

    def test_faults(self):
        for case in CASES:
            with self.subTest(case.name, kind="status"):
                resp, _ = self.fault_then_ok(case, {"kind": "status", "status": 503, "retry_after": 7})
                self.assertEqual(resp.status, 503)
                self.assertEqual(resp.header("Retry-After"), "7")
                case.shape(self, resp)
            with self.subTest(case.name, kind="rate_limit"):
                resp, _ = self.fault_then_ok(case, {"kind": "rate_limit", "retry_after": 3})
                self.assertEqual(resp.status, case.rate_status)
                case.limited(self, resp)
            with self.subTest(case.name, kind="reset"):
                err, entries = self.fault_then_ok(case, {"kind": "reset"})
                self.assertIsInstance(err, ConnectionResetError)
                self.assertIsNone(entries[0]["status"])
            with self.subTest(case.name, kind="slow"):
                err, _ = self.fault_then_ok(case, {"kind": "slow", "seconds": 1.0})
                self.assertIsInstance(err, (socket.timeout, TimeoutError))
            with self.subTest(case.name, kind="malformed"):
                resp, entries = self.fault_then_ok(case, {"kind": "malformed"})
                self.assertEqual(resp.status, 200)
                with self.assertRaises((ValueError, SyntaxError)):
                    json.loads(resp.body) if not resp.body.startswith(b"<") else ET.fromstring(resp.body)
                self.assertEqual(entries[0]["status"], 200)
            with self.subTest(case.name, kind="malformed/truncated"):
                err, _ = self.fault_then_ok(case, {"kind": "malformed", "mode": "truncated"})
                self.assertIsInstance(err, http.client.IncompleteRead)


# ---------------------------------------------------------------------------
# Provider specifics


class Specifics(unittest.TestCase):

    def test_cloudflare(self):
        configure()
        path = CloudflareCase.path
        key_auth = {"X-Auth-Email": CF_EMAIL, "X-Auth-Key": CF_KEY}
        self.assertEqual(send(R("POST", path, {"tags": ["a", "b"]}, key_auth)).status, 200)
        resp = send(R("POST", path, {"tags": ["a"]}, {"X-Auth-Email": CF_EMAIL, "X-Auth-Key": TOKEN}))
        self.assertEqual(resp.status, 400)
        err = resp.json["errors"][0]
        self.assertEqual((err["code"], err["error_chain"][0]["code"]), (6003, 6103))
        cases = [
            ({"files": ["https://a.example/x"], "tags": ["a"]}, 400, 1012),
            ({"prefixes": ["https://www.example.com/foo"]}, 400, 1012),
            ({"prefixes": ["www.example.com/foo?x=1"]}, 400, 1012),
            ({"files": ["/relative/path"]}, 400, 1012),
            ({"files": []}, 400, 1012),
            ({"purge_everything": False}, 400, 1012),
            ({"tags": ["x" * 1025]}, 400, 1100),
            ({"hosts": [f"h{i}.example.com" for i in range(101)]}, 400, 1015),
            ({"file": ["https://a.example/x"]}, 400, 1012),
        ]
        for body, status, code in cases:
            with self.subTest(body=str(body)[:60]):
                resp = send(R("POST", path, body, bearer()))
                self.assertEqual((resp.status, resp.json["errors"][0]["code"]), (status, code), resp.body)
        resp = send(R("POST", path, b'{"files":["https://a.example/"]}', bearer()))  # no Content-Type
        self.assertEqual((resp.status, resp.json["errors"][0]["code"]), (400, 6003))
        resp = send(R("POST", "/cloudflare/client/v4/zones/not-a-zone/purge_cache", {"hosts": ["a.com"]}, bearer()))
        self.assertEqual(resp.json["errors"][0]["code"], 7003)
        objs = {"files": [{"url": "https://www.example.com/x.jpg", "headers": {"CF-IPCountry": "US"}}]}
        self.assertEqual(send(R("POST", path, objs, bearer())).status, 200)
        for body, kind in (({"hosts": ["www.example.com"]}, "host"), ({"prefixes": ["www.example.com/foo"]}, "prefix"),
                           ({"purge_everything": True}, "everything")):
            self.assertEqual(send(R("POST", path, body, bearer())).status, 200)
        purged = ledger("cloudflare")["purged"]["cloudflare"]
        self.assertEqual(purged, {"tag": ["a", "b"], "url": ["https://www.example.com/x.jpg"],
                                  "host": ["www.example.com"], "prefix": ["www.example.com/foo"], "everything": [ZONE]})
        # success_false: HTTP 200 but success false, nothing purged
        configure(providers={"cloudflare": {"faults": [{"kind": "success_false", "first": 1}]}})
        resp = send(CloudflareCase().ok())
        self.assertEqual((resp.status, resp.json["success"], resp.json["errors"][0]["code"]), (200, False, 1016))
        self.assertEqual(ledger("cloudflare")["purged"], {})

    def test_fastly(self):
        configure()
        key = {"Fastly-Key": TOKEN}
        resp = send(R("POST", "/fastly/service/SVC1/purge", {"surrogate_keys": ["a", "b", "c"]},
                      {**key, "Fastly-Soft-Purge": "1"}))
        self.assertEqual((resp.status, sorted(resp.json)), (200, ["a", "b", "c"]))
        self.assertTrue(ledger("fastly")["requests"][-1]["soft"])
        resp = send(R("POST", "/fastly/service/SVC1/purge_all", None, {**key, "Fastly-Soft-Purge": "1"}))
        self.assertEqual(resp.status, 400)
        resp = send(R("POST", "/fastly/service/SVC1/purge_all", None, key))
        self.assertEqual((resp.status, resp.json), (200, {"status": "ok"}))
        self.assertEqual(resp.header("Fastly-RateLimit-Remaining"), "999")
        resp = send(R("POST", "/fastly/service/SVC1/purge/key-1", None, key))
        self.assertEqual((resp.status, resp.json["status"]), (200, "ok"))
        resp = send(R("POST", "/fastly/purge/https://www.example.com/a", None, key))
        self.assertEqual(resp.status, 400)
        self.assertIn("scheme", resp.json["detail"])
        resp = send(R("POST", "/fastly/service/SVC1/purge", {"surrogate_keys": [f"k{i}" for i in range(257)]}, key))
        self.assertEqual(resp.json, {"status": "fail", "reason": "Batch surrogate key request only supports up to "
                                                                 "256 surrogate keys"})
        # partial: the reply omits keys, which are then not purged
        configure(providers={"fastly": {"faults": [{"kind": "partial", "omit": 2}]}})
        self.assertEqual(send(FastlyCase().ok()).status, 200)  # not a bulk request: unaffected
        resp = send(R("POST", "/fastly/service/S/purge", {"surrogate_keys": ["a", "b", "c", "d"]}, key))
        self.assertEqual((resp.status, sorted(resp.json)), (200, ["a", "b"]))
        entries = ledger("fastly")
        self.assertEqual([e["fault"] for e in entries["requests"]], [None, "partial"])
        self.assertEqual(entries["purged"]["fastly"]["tag"], ["a", "b"])

    def test_akamai(self):
        configure(providers={"akamai": {"rate": {"tag": {"burst": 5, "per_minute": 1}}}})
        path = "/akamai/ccu/v3/delete/tag/staging"
        resp = send(R("POST", path, {"objects": ["t1", "t2", "t3", "t4"]}, sign="edgegrid"))
        self.assertEqual(resp.status, 201, resp.body)
        self.assertEqual((resp.json["httpStatus"], resp.json["detail"]), (201, "Request accepted"))
        resp = send(R("POST", path, {"objects": ["t5", "t6"]}, sign="edgegrid"))   # 1 token left: denied
        self.assertEqual((resp.status, resp.json["title"]), (429, "TAG Rate Limit exceeded"))
        self.assertEqual((resp.json["rateLimitCurrentRequestSize"], resp.json["rateLimitRemaining"]), (2, 1))
        resp = send(R("POST", path, {"objects": ["t7"]}, sign="edgegrid"))          # nothing was consumed
        self.assertEqual(resp.status, 201, resp.body)
        entry = ledger("akamai")["requests"][0]
        self.assertEqual((entry["kind"], entry["soft"], entry["scope"]), ("tag", False, "staging"))
        # signature problems
        body = json.dumps({"objects": [12345]}).encode()
        cp = "/akamai/ccu/v3/invalidate/cpcode/production"
        auth = ms.edgegrid_authorization(AKAMAI, "POST", "http", host(), cp, body)
        headers = {"Authorization": auth, "Content-Type": "application/json"}
        self.assertEqual(send(R("POST", cp, body, headers)).status, 201)
        resp = send(R("POST", cp, body, headers))
        self.assertEqual(resp.status, 401)
        self.assertIn("nonce", resp.json["detail"])
        tampered = R("POST", cp, json.dumps({"objects": [54321]}), {
            "Authorization": ms.edgegrid_authorization(AKAMAI, "POST", "http", host(), cp, body),
            "Content-Type": "application/json"})
        resp = send(tampered)
        self.assertEqual(resp.status, 401)
        self.assertIn("signature does not match", resp.json["detail"])
        old = time.strftime("%Y%m%dT%H:%M:%S+0000", time.gmtime(time.time() - 400))
        stale = ms.edgegrid_authorization(AKAMAI, "POST", "http", host(), cp, body, timestamp=old)
        resp = send(R("POST", cp, body, {"Authorization": stale, "Content-Type": "application/json"}))
        self.assertEqual(resp.status, 401)
        self.assertIn("timestamp", resp.json["detail"])
        https = ms.edgegrid_authorization(AKAMAI, "POST", "https", host(), cp, body)
        self.assertEqual(send(R("POST", cp, body, {"Authorization": https, "Content-Type": "application/json"})).status,
                         401)
        resp = send(R("POST", "/akamai/ccu/v3/invalidate/url/production", {"objects": ["/no/host"]}, sign="edgegrid"))
        self.assertEqual(resp.status, 400)
        resp = send(R("POST", "/akamai/ccu/v3/invalidate/url?accountSwitchKey=1-ABC:1-2RBL",
                      {"objects": ["https://www.example.com/q"]}, sign="edgegrid"))
        self.assertEqual((resp.status, ledger("akamai")["requests"][-1]["scope"]), (201, "production"))

    def test_netlify(self):
        configure()
        path = NetlifyCase.path
        for body in ({"site_id": "s1", "cache_tags": []}, {"site_id": "s1"},
                     {"site_id": "s1", "cache_tags": ["x"], "deploy_alias": "main", "cache_ids": [], "domain": "d"}):
            self.assertEqual(send(R("POST", path, body, bearer())).status, 202)
        entries = ledger("netlify")
        self.assertEqual([(e["kind"], e["targets"]) for e in entries["requests"]],
                         [("tag", []), ("everything", ["s1"]), ("tag", ["x"])])
        self.assertEqual(entries["purged"]["netlify"], {"everything": ["s1"], "tag": ["x"]})
        self.assertEqual(send(R("POST", path, {"site_id": "s1", "cache_tag": ["x"]}, bearer())).status, 400)
        self.assertEqual(send(R("POST", path, {"cache_tags": ["x"]}, bearer())).status, 400)
        # default window: each tag twice per 5 s
        self.assertEqual(send(R("POST", path, {"site_id": "s1", "cache_tags": ["x", "y"]}, bearer())).status, 202)
        resp = send(R("POST", path, {"site_id": "s1", "cache_tags": ["y", "x"]}, bearer()))
        self.assertEqual(resp.status, 429)
        self.assertIn("'x'", resp.json["message"])
        self.assertEqual(send(R("POST", path, {"site_id": "s1", "cache_tags": ["y"]}, bearer())).status, 202)

    def test_vercel(self):
        configure()
        ep = "/vercel/v1/edge-cache/"
        self.assertEqual(send(R("POST", ep + "dangerously-delete-by-tags?projectIdOrName=p",
                                {"tags": "a,b", "revalidationDeadlineSeconds": 30}, bearer())).status, 200)
        self.assertEqual(send(R("POST", ep + "invalidate-by-tags?projectIdOrName=p", {"tags": ["c"]}, bearer())).json,
                         {})
        self.assertEqual(send(R("POST", ep + "purge-all?projectIdOrName=p", None, bearer())).status, 200)
        entries = ledger("vercel")["requests"]
        self.assertEqual([(e["kind"], e["targets"], e["soft"]) for e in entries],
                         [("tag", ["a", "b"], False), ("tag", ["c"], True), ("everything", ["p"], False)])
        resp = send(R("POST", ep + "invalidate-by-tags", {"tags": ["c"]}, bearer()))
        self.assertEqual((resp.status, resp.json["error"]["code"]), (400, "bad_request"))
        self.assertEqual(send(R("POST", ep + "purge-all?projectIdOrName=p", {"x": 1}, bearer())).status, 400)
        self.assertEqual(send(R("POST", ep + "invalidate-by-tags?projectIdOrName=p", {"tags": ["x" * 257]},
                                bearer())).status, 400)

    def test_bunny(self):
        configure(providers={"bunny": {"rate": {"prefix": {"burst": 1, "per_second": 0.5}}}})
        key = {"AccessKey": TOKEN}
        resp = send(R("POST", "/bunny/purge?url=https%3A%2F%2Fcdn.example.com%2Fimg%2F*", None, key))
        self.assertEqual((resp.status, resp.body, resp.header("Content-Length")), (204, b"", None))
        resp = send(R("POST", "/bunny/purge?url=https%3A%2F%2Fcdn.example.com%2Fcss%2F*", None, key))
        self.assertEqual(resp.status, 429)
        self.assertEqual(resp.header("Retry-After"), "2")
        resp = send(R("POST", "/bunny/purge?url=https://cdn.example.com/a?b=1&c=2", None, key))
        self.assertEqual(resp.status, 400)
        self.assertIn("percent-encoded", resp.json["Message"])
        self.assertEqual(send(R("POST", "/bunny/pullzone/42/purgeCache", {"CacheTag": "t1"}, key)).status, 204)
        self.assertEqual(send(R("POST", "/bunny/pullzone/42/purgeCache", None, key)).status, 204)
        self.assertEqual(ledger("bunny")["purged"]["bunny"],
                         {"prefix": ["https://cdn.example.com/img/*"], "tag": ["t1"], "everything": ["42"]})
        # A trailing `/` is a prefix purge too, unless exactPath=true.
        configure(providers={"bunny": {"rate": {"prefix": None}}})
        docs = "https%3A%2F%2Fcdn.example.com%2Fdocs%2F"
        self.assertEqual(send(R("POST", f"/bunny/purge?url={docs}", None, key)).status, 204)
        self.assertEqual(send(R("POST", f"/bunny/purge?url={docs}&exactPath=true", None, key)).status, 204)
        self.assertEqual(ledger("bunny")["purged"]["bunny"],
                         {"prefix": ["https://cdn.example.com/docs/"], "url": ["https://cdn.example.com/docs/"]})

    def test_cloudfront(self):
        configure(providers={"cloudfront": {"limits": {"paths_in_progress": 4, "completion_seconds": 0.6}}})
        path = CloudFrontCase.path
        first = send(R("POST", path, batch_xml(["/a", "/b"], ref="ref-1"), sign="sigv4"))
        self.assertEqual(first.status, 201, first.body)
        inv_id = ET.fromstring(first.body).find(f"{{{CF_NS}}}Id").text
        self.assertTrue(first.header("Location").endswith(f"/invalidation/{inv_id}"))
        again = send(R("POST", path, batch_xml(["/b", "/a"], ref="ref-1"), sign="sigv4"))
        self.assertEqual(again.status, 201)
        self.assertIn(inv_id.encode(), again.body)
        resp = send(R("POST", path, batch_xml(["/c"], ref="ref-1"), sign="sigv4"))
        self.assertEqual((resp.status, resp.xml_code()), (409, "InvalidationBatchAlreadyExists"))
        resp = send(R("POST", path, batch_xml(["/c", "/d", "/e"]), sign="sigv4"))
        self.assertEqual((resp.status, resp.xml_code()), (400, "TooManyInvalidationsInProgress"))
        poll = R("GET", f"{path}/{inv_id}", sign="sigv4")
        self.assertIn(b"<Status>InProgress</Status>", send(poll).body)
        time.sleep(0.65)
        self.assertIn(b"<Status>Completed</Status>", send(poll).body)
        self.assertEqual(send(R("POST", path, batch_xml(["/c", "/d", "/e"]), sign="sigv4")).status, 201)
        for paths, code in ((["/a*b"], "InvalidArgument"), (["no-slash"], "InvalidArgument"),
                            (["/a b"], "InvalidArgument")):
            resp = send(R("POST", path, batch_xml(paths), sign="sigv4"))
            self.assertEqual(resp.xml_code(), code, paths)
        no_ref = batch_xml(["/a"]).replace(b"<CallerReference>", b"<X>").replace(b"</CallerReference>", b"</X>")
        self.assertEqual(send(R("POST", path, no_ref, sign="sigv4")).xml_code(), "MalformedXML")
        no_ns = batch_xml(["/a"]).replace(CF_NS.encode(), b"urn:other")
        self.assertEqual(send(R("POST", path, no_ns, sign="sigv4")).xml_code(), "MalformedXML")
        resp = send(R("POST", path, batch_xml(["/a"]), sign="sigv4", creds={"region": "eu-west-1"}))
        self.assertEqual((resp.status, resp.xml_code()), (403, "SignatureDoesNotMatch"))
        self.assertEqual(ledger("cloudfront")["purged"]["cloudfront"]["url"], ["/a", "/b", "/c", "/d", "/e"])
        # session tokens
        configure({"credentials": {"aws": {"session_token": "SESSION"}}})
        resp = send(R("POST", path, batch_xml(["/a"]), sign="sigv4"))
        self.assertEqual((resp.status, resp.xml_code()), (403, "InvalidClientTokenId"))
        self.assertEqual(send(R("POST", path, batch_xml(["/a"]), sign="sigv4",
                                creds={"session_token": "SESSION"})).status, 201)
        self.assertEqual(send(R("POST", path, batch_xml(["/*"]), sign="sigv4",
                                creds={"session_token": "SESSION"})).status, 201)
        self.assertEqual(ledger("cloudfront")["requests"][-1]["kind"], "everything")

    def test_google(self):
        configure()
        base = GoogleCase.base
        rid = str(uuid.uuid4())
        first = send(R("POST", f"{base}?requestId={rid}", {"path": "/a"}, bearer()))
        self.assertEqual((first.status, first.json["status"], first.json["operationType"]), (200, "DONE",
                                                                                            "invalidateCache"))
        again = send(R("POST", f"{base}?requestId={rid}", {"path": "/other"}, bearer()))
        self.assertEqual(again.json["name"], first.json["name"])
        self.assertIn("replay", ledger("google")["requests"][-1]["detail"])
        op = send(R("GET", f"/google/compute/v1/projects/proj-1/global/operations/{first.json['name']}", None, bearer()))
        self.assertEqual(op.json["id"], first.json["id"])
        for query, body in (("?requestId=not-a-uuid", {"path": "/a"}), ("", {"path": "/a*"}),
                            ("", {"path": "/a", "httpStatus": 404}), ("?foo=1", {"path": "/a"}), ("", {})):
            with self.subTest(query=query, body=body):
                self.assertEqual(send(R("POST", base + query, body, bearer())).status, 400)
        self.assertEqual(send(R("POST", base, {"path": "/*", "host": "www.example.com"}, bearer())).status, 200)
        self.assertEqual(send(R("POST", base, {"path": "/*", "cacheTags": ["t1", "t2"]}, bearer())).status, 200)
        self.assertEqual(send(R("POST", base, {"path": "/*"}, bearer())).status, 200)
        self.assertEqual(ledger("google")["purged"]["google"],
                         {"url": ["/a"], "host": ["www.example.com"], "tag": ["t1", "t2"], "everything": ["map-1"]})

    def test_azure(self):
        configure()
        path = AzureCase.path
        resp = send(R("POST", path.lower(), {"contentPaths": ["/*"], "domains": ["www.example.com"]}, bearer()))
        self.assertEqual(resp.status, 202, resp.body)
        op_url = resp.header("Azure-AsyncOperation")
        op = send(R("GET", op_url.split(host(), 1)[1], None, bearer()))
        self.assertEqual((op.status, op.json["status"]), (200, "Succeeded"))
        resp = send(R("POST", path.split("?")[0], {"contentPaths": ["/a"]}, bearer()))
        self.assertEqual(resp.json["error"]["code"], "MissingApiVersionParameter")
        resp = send(R("POST", path.replace("2024-02-01", "2099-01-01"), {"contentPaths": ["/a"]}, bearer()))
        self.assertEqual(resp.json["error"]["code"], "InvalidApiVersionParameter")
        self.assertEqual(send(R("POST", path, {"contentPaths": []}, bearer())).status, 400)
        entry = ledger("azure")["requests"][0]
        self.assertEqual((entry["kind"], entry["scope"]), ("everything", "ep-1 domains=www.example.com"))

    def test_varnish(self):
        configure(providers={"varnish": {"options": {"unknown_keys": ["gone"], "purge_method": "REFRESH"}}})
        site = {"Host": "www.example.com"}
        resp = send(R("PURGE", "/varnish/edge1/", None, {**site, "xkey": "k1 k2,k3"}))
        self.assertEqual((resp.status, resp.reason), (200, "Invalidated 3 objects"))
        resp = send(R("PURGE", "/varnish/edge2/", None, {**site, "xkey-softpurge": "k1"}))
        self.assertEqual(resp.status, 200)
        resp = send(R("PURGE", "/varnish/edge1/", None, {**site, "xkey": "gone"}))
        self.assertEqual((resp.status, resp.reason), (404, "Key not found"))
        self.assertEqual(send(R("REFRESH", "/varnish/edge1/a", None, site)).status, 200)
        resp = send(R("PURGE", "/varnish/edge1/a", None, site))
        self.assertEqual((resp.status, resp.reason), (405, "Not allowed."))
        self.assertEqual(send(R("BAN", "/varnish/edge1/img/", None, site)).status, 200)
        self.assertEqual(send(R("BAN", "/varnish/edge1/", None, {"X-Ban-All": "1"})).status, 200)
        self.assertEqual(send(R("REFRESH", "/varnish/edge1/a", None)).status, 400)  # Host is the node itself
        led = ledger("varnish")
        self.assertEqual(led["purged"]["varnish/edge1"], {"tag": ["k1", "k2", "k3"], "url": ["www.example.com/a"],
                                                          "prefix": ["www.example.com/img/"],
                                                          "everything": ["edge1"]})
        self.assertTrue(led["requests"][1]["soft"])
        self.assertEqual(led["purged"]["varnish/edge2"], {"tag": ["k1"]})
        # partial: one node failing
        configure(providers={"varnish": {"faults": [{"kind": "partial", "node": "edge2"}]}})
        statuses = [send(R("PURGE", f"/varnish/{n}/x", None, site)).status for n in ("edge1", "edge2", "edge3")]
        self.assertEqual(statuses, [200, 503, 200])
        self.assertEqual(sorted(ledger("varnish")["purged"]), ["varnish/edge1", "varnish/edge3"])

    def test_nginx(self):
        configure(providers={"nginx": {"options": {"misses": ["www.example.com/cold"]}}})
        site = {"Host": "www.example.com"}
        resp = send(R("PURGE", "/nginx/n1/static/*", None, site))
        self.assertEqual((resp.status, resp.json), (200, {"Key": "www.example.com/static/*",
                                                          "Status": "Successful purge"}))
        self.assertEqual(send(R("PURGE", "/nginx/n1/*", None)).status, 200)
        self.assertEqual(send(R("PURGE", "/nginx/n1/*", None, {"Host": "img.example.com"})).status, 200)
        self.assertEqual(send(R("PURGE", "/nginx/n1/cold", None, site)).status, 412)
        self.assertEqual(ledger("nginx")["purged"]["nginx/n1"],
                         {"prefix": ["img.example.com/*", "www.example.com/static/*"], "everything": ["n1"]})
        configure(providers={"nginx": {"faults": [{"kind": "partial"}]}})  # latches onto the first node hit
        statuses = [send(R("PURGE", f"/nginx/{n}/x", None, site)).status for n in ("a", "b", "a")]
        self.assertEqual(statuses, [503, 200, 503])

    def test_http_webhook(self):
        configure(providers={"http": {"options": {"method": "PUT", "tag_header": "Cache-Tag"}}})
        path = WebhookCase.path
        self.assertEqual(send(R("PUT", path, {"tags": ["a"]}, {**bearer(), "Cache-Tag": "a"})).status, 200)
        self.assertEqual(send(R("POST", path, {"tags": ["a"]}, {**bearer(), "Cache-Tag": "a"})).status, 405)
        self.assertEqual(send(R("PUT", path, {"tags": ["a"]}, bearer())).status, 400)
        self.assertEqual(send(R("PUT", path, {"urls": ["https://a/"]}, {**bearer(), "Cache-Tag": "a"})).status, 400)
        self.assertEqual(send(R("PUT", path, {"urls": ["u"], "hosts": ["h"]}, bearer())).status, 400)
        self.assertEqual(send(R("PUT", path, {"everything": True}, bearer())).json, {"ok": True})
        self.assertEqual(ledger("http")["purged"]["http"], {"tag": ["a"], "everything": ["/hooks/purge"]})


# ---------------------------------------------------------------------------
# Fault selectors, ledger, config, command line, keep-alive


class Machinery(unittest.TestCase):

    def fault_pattern(self, fault, n=8, body_of=lambda i: {"tags": [f"t{i}"]}):
        configure(providers={"http": {"faults": [fault]}})
        path = WebhookCase.path
        out = []
        for i in range(n):
            tags = body_of(i)["tags"]
            out.append(send(R("POST", path, {"tags": tags}, {**bearer(), "Surrogate-Key": " ".join(tags)})).status)
        return out

    def test_selectors(self):
        self.assertEqual(self.fault_pattern({"kind": "status", "status": 500, "first": 2}),
                         [500, 500] + [200] * 6)
        self.assertEqual(self.fault_pattern({"kind": "status", "status": 500, "every": 3}),
                         [200, 200, 500, 200, 200, 500, 200, 200])
        self.assertEqual(self.fault_pattern({"kind": "status", "status": 502, "every": 2, "times": 2}),
                         [200, 502, 200, 502, 200, 200, 200, 200])
        self.assertEqual(self.fault_pattern({"kind": "status", "status": 404, "match": "t3"}, 5,
                                            lambda i: {"tags": [f"t{i % 4}"]}),
                         [200, 200, 200, 404, 200])
        two = [{"kind": "status", "status": 500, "first": 1}, {"kind": "status", "status": 502, "first": 2}]
        configure(providers={"http": {"faults": two}})
        self.assertEqual([send(WebhookCase().ok()).status for _ in range(3)], [500, 502, 200])
        prob = {"kind": "status", "status": 503, "probability": 0.5, "seed": 7}
        first, second = self.fault_pattern(prob, 16), self.fault_pattern(prob, 16)
        self.assertEqual(first, second)
        self.assertTrue(200 in first and 503 in first, first)

    def test_ledger_shape_and_pacing(self):
        configure()
        for i in range(3):
            send(CloudflareCase().ok())
        send(R("POST", "/nowhere", None))
        led = ledger()
        keys = {"seq", "time", "provider", "node", "method", "path", "status", "fault", "targets", "kind", "soft",
                "scope", "detail"}
        self.assertTrue(all(set(e) == keys for e in led["requests"]))
        self.assertEqual([e["seq"] for e in led["requests"]], [1, 2, 3, 4])
        times = [e["time"] for e in led["requests"]]
        self.assertEqual(times, sorted(times))
        self.assertEqual(led["requests"][3]["provider"], None)
        self.assertEqual(led["requests"][3]["status"], 404)
        self.assertEqual(ledger("cloudflare")["requests"][-1]["seq"], 3)
        self.assertEqual(len(control("ledger?since=2")[1]["requests"]), 2)
        control("reset", {})
        self.assertEqual(ledger(), {"requests": [], "purged": {}})

    def test_config_validation(self):
        bad = [
            {"providers": {"nosuch": {}}},
            {"providers": {"cloudflare": {"limits": {"file": 30}}}},
            {"providers": {"cloudflare": {"rate": {"urls": {"burst": 1}}}}},
            {"providers": {"netlify": {"rate": {"per_key": {"burst": 1, "per_second": 1}}}}},
            {"providers": {"fastly": {"faults": [{"kind": "success_false"}]}}},
            {"providers": {"cloudflare": {"faults": [{"kind": "status"}]}}},
            {"providers": {"cloudflare": {"faults": [{"kind": "explode"}]}}},
            {"providers": {"cloudflare": {"faults": [{"kind": "reset", "node": "x"}]}}},
            {"credentials": {"cloudflare_email": "a@b.c", "cloudflare_key": None}},
            {"credentials": {"akamai": {"client_secret": 5}}},
            [],
        ]
        for patch in bad:
            with self.subTest(patch=patch):
                status, body = control("config", patch)
                self.assertEqual(status, 400, body)
                self.assertTrue(body["error"])
        status, conf = control("config")
        self.assertEqual(conf["credentials"]["token"], "***")
        self.assertEqual(conf["providers"]["cloudflare"]["limits"]["files"], 30)

    def test_keep_alive_and_custom_methods(self):
        configure()
        conn = http.client.HTTPConnection("127.0.0.1", SERVER["port"], timeout=5)
        try:
            for method, path, headers, status in (
                    ("PURGE", "/varnish/a/x", {"Host": "www.example.com"}, 200),
                    ("BAN", "/varnish/a/y", {"Host": "www.example.com"}, 200),
                    ("POST", "/fastly/purge/www.example.com/x", {"Fastly-Key": "bad"}, 401),
                    ("GET", "/netlify/api/v1/purge", {}, 405),
                    ("POST", "/fastly/purge/www.example.com/x", {"Fastly-Key": TOKEN}, 200)):
                conn.request(method, path, headers=headers)
                resp = conn.getresponse()
                body = resp.read()
                self.assertEqual(resp.status, status, body)
                self.assertEqual(int(resp.headers["Content-Length"]), len(body))
                self.assertIsNone(resp.headers.get("Connection"))
        finally:
            conn.close()

    def test_command_line(self):
        proc, port = start_server(config={})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/__mock/health")
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
        self.assertEqual((proc.returncode, out, read_text(proc.stderr_path)), (0, b"", ""))
        run = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "mock_server.py"), "--host", "0.0.0.0"],
                             capture_output=True, timeout=10)
        self.assertEqual(run.returncode, 2)
        self.assertIn(b"loopback", run.stderr)
        with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
            json.dump({"providers": {"cloudflare": {"limits": {"filez": 1}}}}, f)
            f.flush()
            run = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "mock_server.py"), "--config", f.name],
                                 capture_output=True, timeout=10)
        self.assertEqual(run.returncode, 2)
        self.assertIn(b"unknown key 'filez'", run.stderr)


# ---------------------------------------------------------------------------
# Signing implementations against the published vectors


class SigningVectors(unittest.TestCase):
    VECTORS = json.loads(read_text(os.path.join(HERE, "schemas", "signing-test-vectors.json")))

    def test_edgegrid(self):
        eg = self.VECTORS["edgegrid"]
        conf = eg["config"]
        self.assertEqual(ms.edgegrid_signing_key(conf["client_secret"], conf["timestamp"]), eg["expected_signing_key"])
        base_host = conf["base_url"].split("/")[2]
        for case in eg["cases"]:
            with self.subTest(case["name"]):
                req = case["request"]
                data = req.get("data", "")
                if isinstance(data, dict):
                    data = data["repeat"] * data["count"]
                headers = [kv for h in req.get("headers", []) for kv in h.items()]
                host_ = dict(headers).get("Host", base_host)
                unsigned = ms.edgegrid_unsigned_header(conf["client_token"], conf["access_token"], conf["timestamp"],
                                                       conf["nonce"])
                to_sign = ms.edgegrid_data_to_sign(
                    req["method"], "https", host_, req["path"],
                    ms.edgegrid_canonical_headers(headers, conf["headers_to_sign"]),
                    ms.edgegrid_content_hash(req["method"], data.encode(), conf["max_body"]), unsigned)
                if "expectedDataToSign" in case:
                    self.assertEqual(to_sign, case["expectedDataToSign"] + unsigned)
                auth = unsigned + "signature=" + ms.edgegrid_signature(conf["client_secret"], conf["timestamp"],
                                                                       to_sign)
                self.assertEqual(auth, case["expectedAuthorization"])

    def test_sigv4(self):
        sv = self.VECTORS["aws_sigv4"]
        creds, vec = sv["credentials"], sv["post-vanilla"]
        headers = [("Host", "example.amazonaws.com"), ("X-Amz-Date", creds["date"])]
        creq = ms.sigv4_canonical_request("POST", "/", "", headers, ["host", "x-amz-date"],
                                          hashlib.sha256(b"").hexdigest())
        self.assertEqual(creq, vec["creq"])
        scope = f"{creds['date'][:8]}/{creds['region']}/{creds['service']}/aws4_request"
        sts = ms.sigv4_string_to_sign(creds["date"], scope, creq)
        self.assertEqual(sts, vec["sts"])
        auth = ms.sigv4_authorization(creds["access_key"], creds["secret_key"], creds["region"], creds["service"],
                                      "POST", "/", "", headers, b"", creds["date"])
        self.assertEqual(auth, vec["authz"])


if __name__ == "__main__":
    unittest.main()
