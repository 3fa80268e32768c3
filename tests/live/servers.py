"""Real caches on loopback for tests: an origin, Varnish (+ vmod xkey) and nginx (+ cache_purge).

Each server is a context manager that starts its own instance (never the system service) on a
free 127.0.0.1 port, in its own temporary directory and process group, and stops it on exit --
also when the test raised, when the interpreter exits (atexit) and on SIGINT/SIGTERM/SIGHUP.
See tests/live/README.md for the API; the test runner is tests/live/run.

    with Origin(lambda path: [("Cache-Control", "max-age=60")]) as origin, \\
         Varnish(origin.port) as varnish:
        status, headers, body = request(varnish.port, "/blog/a", host="www.example.com")
"""

import atexit
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VARNISHD = "/usr/sbin/varnishd"
NGINX = "/usr/sbin/nginx"
CACHE_PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
XKEY_VMOD = "/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so"
START_TIMEOUT = 20.0  # seconds for a server to accept connections
STOP_TIMEOUT = 5.0  # seconds between SIGTERM and SIGKILL


def missing_packages():
    """The Debian packages the live tests need that are not installed (empty: all there)."""
    need = {"varnish": VARNISHD, "varnish-modules": XKEY_VMOD, "nginx": NGINX,
            "libnginx-mod-http-cache-purge": CACHE_PURGE_MODULE}
    return [package for package, path in need.items() if not os.path.exists(path)]


def free_port():
    """A loopback TCP port free right now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, path, method="GET", host="www.example.com", headers=None, timeout=10.0):
    """One HTTP/1.1 request to 127.0.0.1:port: (status, {lower-case name: value}, body text).
    A header sent several times comes back joined with ", "."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        joined = {}
        for name, value in response.getheaders():
            name = name.lower()
            joined[name] = f"{joined[name]}, {value}" if name in joined else value
        return response.status, joined, body
    finally:
        conn.close()


# --- process lifetime: every started process group is stopped whatever happens -----------

_live = {}  # pid -> Popen of every server process group still running
_live_lock = threading.Lock()


def _stop_group(proc):
    """SIGTERM to the process group of `proc`, then SIGKILL after STOP_TIMEOUT."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
    # Children (varnishd's cache process, nginx's workers) may outlive the leader briefly.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.wait(STOP_TIMEOUT)
    with _live_lock:
        _live.pop(proc.pid, None)


def stop_all():
    """Stops every server this process started and has not stopped yet."""
    with _live_lock:
        procs = list(_live.values())
    for proc in procs:
        _stop_group(proc)


def _on_signal(signum, _frame):
    stop_all()
    # Unwinds (so `with` blocks and `finally` remove their directories) and exits with the
    # conventional status of a death by this signal (130 for SIGINT, 143 for SIGTERM).
    raise SystemExit(128 + signum)


atexit.register(stop_all)
for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    if signal.getsignal(_sig) in (signal.SIG_DFL, signal.default_int_handler):
        signal.signal(_sig, _on_signal)


def _spawn(argv, log_path):
    """Starts argv in a process group of its own, output to log_path; registered for stop_all."""
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True)
    with _live_lock:
        _live[proc.pid] = proc
    return proc


def _wait_listening(proc, port, log_path, what):
    """Waits until 127.0.0.1:port accepts; raises with the server's log when it died or hung."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"{what} exited with status {proc.returncode} before listening on "
                              f"port {port}:\n{_tail(log_path)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise ServerError(f"{what} did not listen on port {port} within {START_TIMEOUT:.0f} s:\n"
                      f"{_tail(log_path)}")


def _tail(path, lines=30):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no log)"


class ServerError(Exception):
    """A server could not be started (the message holds the end of its log)."""


class _Server:
    """A process on a free port in a temporary directory; subclasses say how to start it."""

    what = "server"
    attempts = 3  # a port picked free can be taken before the server binds it: try again

    def __init__(self):
        self.dir = None
        self.port = None
        self.proc = None

    @property
    def url(self):
        """http://127.0.0.1:PORT (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    def _argv(self, port):
        raise NotImplementedError

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix=f"cachectl-live-{self.what}-")
        os.chmod(self.dir, 0o755)
        log_path = os.path.join(self.dir, "server.log")
        try:
            for attempt in range(self.attempts):
                self.port = free_port()
                self.proc = _spawn(self._argv(self.port), log_path)
                try:
                    _wait_listening(self.proc, self.port, log_path, self.what)
                    return self
                except ServerError:
                    _stop_group(self.proc)
                    if attempt + 1 == self.attempts or "in use" not in _tail(log_path):
                        raise
        except BaseException:
            self._cleanup()
            raise
        return self

    def __exit__(self, *exc):
        self._cleanup()
        return False

    def stop(self):
        """Stops the server now (a node going down); __exit__ still removes its directory."""
        if self.proc is not None:
            _stop_group(self.proc)

    def log(self):
        """The end of the server's log (for failure messages)."""
        return _tail(os.path.join(self.dir, "server.log"))

    def _cleanup(self):
        self.stop()
        if self.dir and not os.environ.get("CACHECTL_LIVE_KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)


# --- the origin ---------------------------------------------------------------------------


class Origin:
    """A loopback HTTP origin in this process (a thread). For every GET/HEAD it answers 200 with
    the headers `headers_for(path)` returns (a list of (name, value); the path without the query)
    and the body `origin <path> #<n>`, n counting the requests for that path from 1, so a test
    sees whether a response came from the origin or a cache. `hits(path)` is that count."""

    def __init__(self, headers_for):
        self.headers_for = headers_for
        self.counts = {}
        self.lock = threading.Lock()
        self.server = None
        self.port = None

    @property
    def url(self):
        """http://127.0.0.1:PORT (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    def hits(self, path):
        """How many requests for `path` reached the origin."""
        with self.lock:
            return self.counts.get(path, 0)

    def __enter__(self):
        origin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                with origin.lock:
                    origin.counts[path] = origin.counts.get(path, 0) + 1
                    n = origin.counts[path]
                body = f"origin {path} #{n}\n".encode()
                self.send_response(200)
                for name, value in origin.headers_for(path):
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_HEAD = do_GET

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                # A cache closing a kept-alive connection is not an error worth a traceback.
                if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        return False


# --- Varnish ------------------------------------------------------------------------------

# The VCL of the test cache: PURGE (one URL, or `xkey`/`xkey-softpurge` keys) and BAN (a path
# prefix of the request's Host, or everything with `X-Ban-All: 1`) from loopback, the conventions
# of cachectl-purge(1) and shared/reference/cdn-purge.md; `X-Cache: HIT|MISS` on every response.
# @BACKEND_RESPONSE@ is where an exported snippet's call goes (Varnish(backend_response=...)).
VARNISH_VCL = r"""vcl 4.1;
import xkey;

backend origin { .host = "127.0.0.1"; .port = "@PORT@"; }

acl purgers { "127.0.0.1"; }

@INCLUDE@

sub vcl_recv {
  if (req.method == "PURGE") {
    if (client.ip !~ purgers) { return (synth(405, "Not allowed")); }
    if (req.http.xkey) {
      set req.http.n-gone = xkey.purge(req.http.xkey);
    } elsif (req.http.xkey-softpurge) {
      set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
    } else {
      return (purge);
    }
    if (req.http.n-gone == "0") { return (synth(404, "Key not found")); }
    return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
  }
  if (req.method == "BAN") {
    if (client.ip !~ purgers) { return (synth(405, "Not allowed")); }
    if (req.http.X-Ban-All) {
      ban("obj.status != 0");
    } else {
      # The prefix as a regular expression: its metacharacters escaped.
      ban({"obj.http.x-host == "} + req.http.host + {" && obj.http.x-url ~ ^"} +
          regsuball(req.url, "([][.?*+^$(){}|\\])", "\\\1"));
    }
    return (synth(200, "Banned"));
  }
}

sub vcl_backend_response {
  set beresp.http.x-url = bereq.url;
  set beresp.http.x-host = bereq.http.host;
  @BACKEND_RESPONSE@
}

sub vcl_purge {
  return (synth(200, "Purged"));
}

sub vcl_deliver {
  if (obj.hits > 0) { set resp.http.X-Cache = "HIT"; } else { set resp.http.X-Cache = "MISS"; }
  unset resp.http.x-url;
  unset resp.http.x-host;
}
"""


def varnish_vcl(backend_port, include="", backend_response=""):
    """The test VCL for an origin on backend_port; `include` is VCL text placed at top level
    (an exported snippet), `backend_response` VCL run in vcl_backend_response (`call ...;`)."""
    return (VARNISH_VCL.replace("@PORT@", str(backend_port)).replace("@INCLUDE@", include)
            .replace("@BACKEND_RESPONSE@", backend_response))


def varnish_compile(vcl_text):
    """`varnishd -C`: (ok, output) for a VCL text, without starting anything."""
    workdir = tempfile.mkdtemp(prefix="cachectl-live-vcl-")
    try:
        path = os.path.join(workdir, "test.vcl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(vcl_text)
        run = subprocess.run([VARNISHD, "-C", "-j", "none", "-f", path, "-n", workdir], capture_output=True,
                             text=True, timeout=60, check=False)
        return run.returncode == 0, run.stderr
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class Varnish(_Server):
    """varnishd in front of 127.0.0.1:backend_port with the test VCL (varnish_vcl), or with
    `vcl` when given. Runs in the foreground (-F) without a jail (-j none), as whoever runs the
    tests (root in CI); default_ttl 0, so an object without cache headers is not kept."""

    what = "varnish"

    def __init__(self, backend_port, vcl=None, include="", backend_response=""):
        super().__init__()
        self.vcl = vcl or varnish_vcl(backend_port, include, backend_response)

    def _argv(self, port):
        vcl_path = os.path.join(self.dir, "test.vcl")
        with open(vcl_path, "w", encoding="utf-8") as f:
            f.write(self.vcl)
        return [VARNISHD, "-F", "-j", "none", "-n", os.path.join(self.dir, "work"),
                "-a", f"127.0.0.1:{port}", "-T", "none", "-f", vcl_path,
                "-s", "malloc,16m", "-p", "default_ttl=0", "-p", "default_grace=0",
                "-p", "thread_pools=1", "-p", "thread_pool_min=5", "-p", "thread_pool_max=50"]


# --- nginx --------------------------------------------------------------------------------

# The nginx of the test cache: proxy_cache in front of the origin, keyed on
# $scheme$host$request_uri, PURGE (ngx_cache_purge, same-location form) from loopback, and
# `X-Cache: $upstream_cache_status` (HIT, MISS, EXPIRED, BYPASS...) on every response.
NGINX_CONF = r"""daemon off;
master_process on;
worker_processes 1;
pid @DIR@/nginx.pid;
error_log @DIR@/error.log warn;
load_module @MODULE@;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path @DIR@/client_body;
  proxy_temp_path @DIR@/proxy_temp;
  fastcgi_temp_path @DIR@/fastcgi_temp;
  uwsgi_temp_path @DIR@/uwsgi_temp;
  scgi_temp_path @DIR@/scgi_temp;
  proxy_cache_path @DIR@/cache levels=1:2 keys_zone=live:1m inactive=10m use_temp_path=off;
  @HTTP@
  server {
    listen 127.0.0.1:@PORT@;
    location / {
      proxy_pass http://127.0.0.1:@BACKEND@;
      proxy_set_header Host $host;
      proxy_cache live;
      proxy_cache_key $scheme$host$request_uri;
      add_header X-Cache $upstream_cache_status always;
      if ($request_method = PURGE) { rewrite ^ /.cachectl-purge last; }
    }
    location = /.cachectl-purge {
      internal;
      allow 127.0.0.1;
      deny all;
      proxy_cache_purge live $scheme$host$request_uri;
    }
  }
  @SERVERS@
}
"""


def nginx_conf(directory, port, backend_port, http="", servers=""):
    """The test nginx.conf: a caching proxy on `port` in front of backend_port; `http` is text
    placed in the http block before the server (an exported include), `servers` after it."""
    return (NGINX_CONF.replace("@DIR@", directory).replace("@MODULE@", CACHE_PURGE_MODULE)
            .replace("@PORT@", str(port)).replace("@BACKEND@", str(backend_port))
            .replace("@HTTP@", http).replace("@SERVERS@", servers))


def nginx_test(conf_text):
    """`nginx -t`: (ok, output) for a configuration text (@DIR@ is a temporary directory)."""
    workdir = tempfile.mkdtemp(prefix="cachectl-live-nginx-t-")
    try:
        path = os.path.join(workdir, "nginx.conf")
        with open(path, "w", encoding="utf-8") as f:
            f.write(conf_text.replace("@DIR@", workdir))
        run = subprocess.run([NGINX, "-t", "-p", workdir, "-c", path], capture_output=True,
                             text=True, timeout=60, check=False)
        return run.returncode == 0, run.stderr
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class Nginx(_Server):
    """nginx (`daemon off`, one worker) as a caching proxy in front of 127.0.0.1:backend_port
    (nginx_conf), or with `conf(directory, port)` returning the whole nginx.conf when given."""

    what = "nginx"

    def __init__(self, backend_port, http="", servers="", conf=None):
        super().__init__()
        self.conf = conf or (lambda d, p: nginx_conf(d, p, backend_port, http, servers))

    def _argv(self, port):
        conf_path = os.path.join(self.dir, "nginx.conf")
        with open(conf_path, "w", encoding="utf-8") as f:
            f.write(self.conf(self.dir, port))
        return [NGINX, "-p", self.dir, "-c", conf_path, "-e", os.path.join(self.dir, "error.log")]

    def log(self):
        return _tail(os.path.join(self.dir, "error.log")) + _tail(os.path.join(self.dir,
                                                                               "server.log"))
