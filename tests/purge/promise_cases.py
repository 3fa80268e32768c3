"""Issue 16 cases of tests/purge/run: purge keeps its promise under signals, retries into the
same file, crafted duplicates, hostile bodies, resets, odd flags, deadlines and echoed secrets.

Imported by tests/purge/run after its helpers are defined (they come from `__main__`)."""

import os
import signal
import subprocess
import time

from __main__ import (TOKEN, Akamai, Azure, Bunny, Cloudflare, Netlify, Vercel, account, case,
                      check, equal, expect_exit, ledger_items)

URL = "https://www.example.com/p16/{}.html"


def urls(n, tag="u"):
    return [("url", URL.format(f"{tag}{i:05d}")) for i in range(n)]


def lines_of(path):
    text = path.read_text()
    check(text == "" or text.endswith("\n"), f"{path.name} ends in half a line: {text[-80:]!r}")
    return text.splitlines()


@case("promise/same-file", Cloudflare)
def same_file(c):
    """--from F --failed-out F (and through a symlink): F is read whole, then replaced by the
    failures only; nothing is lost (it used to be truncated first: nothing purged, exit 0)."""
    for via_link in (False, True):
        c.m.configure({"cloudflare": {"faults": [{"kind": "status", "status": 400, "match": "bad"}]}})
        good, bad = urls(3, "good"), urls(2, "bad")
        path = c.write("targets.txt", [t[1] for t in good + bad])
        out = path
        if via_link:
            out = c.dir / "link.txt"
            if not out.is_symlink():
                out.symlink_to(path)
        result = c.run(["--from", str(path), "--failed-out", str(out), "--rate", "100",
                        "--batch-size", "1"])
        expect_exit(result, 1)
        account(c, good + bad, result, failed=bad)
        equal(sorted(lines_of(path)), sorted(t[1] for t in bad), "F after the run")
        if via_link:
            check(out.is_symlink(), "the symlink was replaced by a file")


@case("promise/crafted-duplicates", Cloudflare)
def crafted(c):
    """Two URLs with the same 64-bit FNV-1a (the old de-duplication key): both are purged."""
    c.m.configure()
    targets = [("url", "https://www.example.com/c/TeCoAb13FXN"),
               ("url", "https://www.example.com/c/RPMM-HvJU5M")]
    result = c.run(["--url", targets[0][1], "--url", targets[1][1], "--url", targets[0][1]])
    expect_exit(result, 0)
    account(c, targets, result, failed=[])
    equal(result.summary["duplicates"], 1, "duplicates (the true one only)")


def body_case(cls, name, status, body, reason):
    @case(f"promise/body-{cls.name}-{name}", cls)
    def run(c):
        """A 2xx whose body says failure (or is not the API's answer) is not a purge."""
        c.m.configure({cls.name: {**(c.a.mock.get(cls.name, {}) if c.a.mock else {}),
                                  "faults": [{"kind": "body", "status": status, "body": body}]}})
        kind = "tag" if "tag" in cls.kinds and "url" not in cls.kinds else "url"
        target = (kind, "p16-tag" if kind == "tag" else URL.format("body"))
        args = [f"--{kind}", target[1], "--retries", "0"]
        result = c.run(args)
        check(result.rc in (1, 4), f"exit {result.rc}:\n{result.show()}")
        failed = account(c, [target], result, failed=[target])
        check(all(reason in r for r in failed.values()), f"reasons: {failed}")


body_case(Akamai, "httpstatus", 201, '{"httpStatus":403,"detail":"unauthorized arl","supportId":"x"}',
          "HTTP 403")
body_case(Akamai, "empty-object", 201, "{}", "without `httpStatus`")
body_case(Azure, "failed", 200, '{"status":"Failed","error":{"code":"X","message":"purge failed"}}',
          "purge failed")
body_case(Vercel, "error", 200, '{"error":{"code":"bad_request","message":"nope"}}', "nope")
body_case(Netlify, "code", 202, '{"code":404,"message":"Site not found"}', "Site not found")
body_case(Bunny, "errorkey", 200, '{"ErrorKey":"pullzone.not_found","Message":"zone gone"}', "zone gone")
body_case(Bunny, "null", 200, "null", "not the API's answer")
body_case(Vercel, "array", 200, "[]", "not the API's answer")


@case("promise/bad-lines-rerun", Cloudflare)
def bad_lines(c):
    """A --from line that is not a target goes to --failed-out as read, and `everything` there
    re-runs with --yes: the fixed failed-out file re-runs."""
    c.m.configure()
    good = urls(2)
    path = c.write("in.txt", [good[0][1], "nonsense:thing", "everything", good[1][1]])
    out = c.dir / "failed.txt"
    result = c.run(["--from", str(path), "--failed-out", str(out)])
    expect_exit(result, 1)
    equal(lines_of(out), ["nonsense:thing", "everything"], "failed-out lines")
    check("--yes" in result.stderr, f"no hint to re-run with --yes:\n{result.show()}")
    out.write_text("everything\n")
    again = c.run(["--from", str(out), "--yes"])
    expect_exit(again, 0)


@case("promise/resets-counted", Cloudflare)
def resets(c):
    """Connection resets on kept-alive connections: the mock sees exactly as many requests as
    cachectl reports (libcurl re-sent on its own before)."""
    c.m.configure({"cloudflare": {"faults": [{"kind": "reset", "every": 3}]}})
    targets = [("url", URL.format(f"r{i}")) for i in range(12)]
    result = c.run(["--from", str(c.write("r.txt", [t[1] for t in targets])), "--batch-size", "1",
                    "--rate", "200", "--concurrency", "1", "--retries", "3"])
    ledger = c.m.ledger()
    account(c, targets, result, ledger=ledger)
    equal(len(ledger["requests"]), result.summary["requests"], "requests the mock saw")


@case("promise/ranges", Cloudflare)
def ranges(c):
    """--timeout / --rate / --deadline and their config keys: NaN, tiny and huge are refused
    with the accepted range (they meant "no timeout" or "no pacing")."""
    c.m.configure()
    for flag, value in (("--timeout", "nan"), ("--timeout", "0.0001"), ("--rate", "1e-12"),
                        ("--rate", "inf"), ("--deadline", "0")):
        result = c.run(["--url", URL.format("x"), flag, value])
        expect_exit(result, 2)
        check(" to " in result.stderr, f"no range shown:\n{result.show()}")
    for key, value in (("timeout", "0.0001"), ("rate", "1e-20"), ("deadline", "1e9")):
        config = c.a.config(c, extra=f"{key} = {value}\n")
        result = c.run(["--url", URL.format("x")], config=config)
        expect_exit(result, 3)
        check(f"`{key}`" in result.stderr and (" to " in result.stderr or "at most" in result.stderr),
              f"message:\n{result.show()}")
    expect_nothing_sent(c)


def expect_nothing_sent(c):
    check(not c.m.ledger()["requests"], "a request reached the mock")


@case("promise/deadline", Cloudflare)
def deadline(c):
    """A permanent 429 with a long Retry-After: the deadline ends the run, the cap is said."""
    c.m.configure({"cloudflare": {"faults": [{"kind": "rate_limit", "retry_after": 500}]}})
    targets = urls(3)
    result = c.run([a for t in targets for a in ("--url", t[1])] + ["--deadline", "2"], verbose=1)
    expect_exit(result, 1)
    failed = account(c, targets, result, failed=targets)
    check(any("capped to 120 s" in r for r in failed.values()), f"reasons: {failed}")
    check(result.seconds < 30, f"took {result.seconds:.1f} s")


@case("promise/stall-and-endless", Cloudflare)
def stalls(c):
    """A server that stalls after the headers, or sends a body that never ends: bounded by
    --timeout, the target fails (gave up after 1 attempt)."""
    for kind in ("stall", "endless"):
        c.m.configure({"cloudflare": {"faults": [{"kind": kind, "seconds": 20}]}})
        targets = urls(1, kind)
        result = c.run(["--url", targets[0][1], "--timeout", "1", "--retries", "0"])
        check(result.rc in (1, 4), f"exit {result.rc}:\n{result.show()}")  # 4: nothing got through
        failed = account(c, targets, result, failed=targets)
        check(all("gave up after 1 attempt)" in r for r in failed.values()), f"reasons: {failed}")


@case("promise/echoed-secrets", Cloudflare)
def echoed(c):
    """A server that echoes the token in result.id and in an error body split at the 200-byte
    cut: nothing of it is printed (c.run checks the whole token; the prefix is checked here)."""
    c.m.configure({"cloudflare": {"faults": [{"kind": "body", "purges": True, "body":
                  '{"success":true,"errors":[],"messages":[],"result":{"id":"{token}"}}'}]}})
    target = URL.format("id")
    for fmt in ("json", None):
        result = c.run(["--url", target], fmt=fmt, verbose=1)
        expect_exit(result, 0)
        check(TOKEN[:12] not in result.stdout + result.stderr, "the echoed id leaked")
    for at in (170, 180, 190, 195):
        c.m.configure({"cloudflare": {"faults": [{"kind": "body", "status": 400, "body":
                      '{"success":false,"errors":[{"code":1,"message":"{token_at:%d}"}]}' % at}]}})
        result = c.run(["--url", target], fmt=None, verbose=1)
        expect_exit(result, 1)
        check(TOKEN[:8] not in result.stdout + result.stderr, f"part of the token leaked:\n{result.show()}")


@case("promise/loopback-bypasses-proxy", Cloudflare)
def proxy(c):
    """http_proxy / HTTPS_PROXY never see a loopback endpoint's request (nor its token)."""
    c.m.configure()
    port = c.free_port()  # nothing listens: a proxied request would fail
    env = {**c.a.env(c), "http_proxy": f"http://127.0.0.1:{port}", "HTTP_PROXY": f"http://127.0.0.1:{port}",
           "https_proxy": f"http://127.0.0.1:{port}", "ALL_PROXY": f"http://127.0.0.1:{port}"}
    targets = urls(1)
    result = c.run(["--url", targets[0][1]], env=env)
    expect_exit(result, 0)
    account(c, targets, result, failed=[])


@case("promise/read-and-write-errors", Cloudflare)
def io_errors(c):
    """--from a directory, stdin a directory: exit 5, nothing sent; a JSON output to /dev/full:
    the purge is done, exit 5 (was 0)."""
    c.m.configure()
    result = c.run(["--from", str(c.dir)])
    expect_exit(result, 5)
    fd = os.open(c.dir, os.O_RDONLY)
    try:
        argv, kw = popen_args(c, ["--from", "-"])
        proc = subprocess.run(argv, **kw, stdin=fd, capture_output=True, text=True, timeout=60)
    finally:
        os.close(fd)
    check(proc.returncode == 5, f"stdin a directory: exit {proc.returncode}\n{proc.stderr}")
    expect_nothing_sent(c)
    targets = urls(2)
    with open("/dev/full", "w") as full:
        argv, kw = popen_args(c, [a for t in targets for a in ("--url", t[1])] + ["--format", "json"])
        proc = subprocess.run(argv, **kw, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    check(proc.returncode == 5, f"> /dev/full: exit {proc.returncode}\n{proc.stderr}")
    check('"type":"summary"' in proc.stderr.replace(" ", ""), f"no summary on stderr: {proc.stderr}")
    check(ledger_items(c.m.ledger()) >= {c.a.items(t).pop() for t in targets}, "not purged")


def popen_args(c, args):
    """(argv, kwargs) to run cachectl purge for case `c` outside Case.run (signals, pipes)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(c.dir), "NO_COLOR": "1",
           "LC_ALL": "C", **c.a.env(c)}
    import __main__
    argv = [str(__main__.BINARY), "-c", str(c.a.config(c)), "purge", "--provider", c.a.name] + args
    return argv, {"cwd": c.dir, "env": env}


def popen(c, args, **kwargs):
    argv, base = popen_args(c, args)
    return subprocess.Popen(argv, **base, **kwargs)


def signal_case(signum, status, count):
    @case(f"promise/signal-{signal.Signals(signum).name}", Cloudflare)
    def run(c):
        """A signal mid-run: nothing more is sent, in-flight calls settle, every target is
        purged or in --failed-out (whole lines), the summary is printed, exit 128+N; re-running
        the failed-out file purges exactly those."""
        c.m.configure({"cloudflare": {"faults": [{"kind": "status", "status": 503, "probability": 0.05,
                                                  "seed": 3}]}})
        targets = urls(count, "s")
        source = c.write("many.txt", [t[1] for t in targets])
        out = c.dir / "failed.txt"
        proc = popen(c, ["--from", str(source), "--failed-out", str(out), "--rate", "20",
                         "--concurrency", "2", "--format", "json"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=120)
        check(proc.returncode == status, f"exit {proc.returncode}, want {status}\n{stderr[-2000:]}")
        check('"type":"summary"' in stdout.replace(" ", ""), f"no summary: {stdout[-500:]}")
        purged = ledger_items(c.m.ledger())
        left = lines_of(out)
        wanted = {t[1] for t in targets}
        check(set(left) <= wanted, f"lines not asked for in failed-out: {sorted(set(left) - wanted)[:3]}")
        done = {t[1] for t in targets if c.a.items(t) <= purged}
        check(left and done, f"the signal came too early or too late: {len(done)} purged, {len(left)} left")
        equal(done | set(left), wanted, "purged or failed-out")
        check(not (done & set(left)), "a target both purged and in failed-out")
        c.m.configure()
        again = c.run(["--from", str(out), "--rate", "200", "--concurrency", "4"])
        expect_exit(again, 0)
        equal({t[2] for t in ledger_items(c.m.ledger())}, set(left), "purged by the re-run")


signal_case(signal.SIGINT, 130, 3000)
signal_case(signal.SIGTERM, 143, 3000)


@case("promise/stdout-closed", Cloudflare)
def head(c):
    """`purge … | head -1`: the reader goes away; the purge goes on, failures reach
    --failed-out, the summary reaches stderr."""
    c.m.configure({"cloudflare": {"faults": [{"kind": "status", "status": 400, "match": "bad"}]}})
    good, bad = urls(30, "good"), urls(30, "bad")
    source = c.write("in.txt", [t[1] for pair in zip(good, bad) for t in pair])
    out = c.dir / "failed.txt"
    proc = popen(c, ["--from", str(source), "--failed-out", str(out), "--batch-size", "1",
                     "--rate", "200"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(120)
    check(proc.returncode == 1, f"exit {proc.returncode}\n{stderr[-2000:]}")
    equal(sorted(lines_of(out)), sorted(t[1] for t in bad), "failed-out")
    check("purged only 30 of 60" in stderr, f"no summary on stderr:\n{stderr[-2000:]}")
