"""`python -m bench` (`./dev bench`): the API under load, compared with a plain Django view in the same run.

For each dataset ("full": 1,000 organizations × 100 integrations plus a target organization with 2,000;
"empty": the target organization alone with one page of 50) it
1. creates the PostgreSQL database `<name>` / `<name>_empty` (name from `--database-url`), migrates it and
   builds the dataset (`manage.py bench_dataset`), or reuses it when its fingerprint (dataset sizes, the
   dataset code and the migration files, kept as the database's comment) matches;
2. starts gunicorn (`config.settings.bench`: production settings, DEBUG off, Redis cache, query-count header)
   on a loopback socket with throw-away secrets generated for this run, trusting a loopback token issuer;
3. checks each endpoint answers 2xx (an endpoint that answers 404, like batch decisions before they exist, is
   reported as n/a), drives it with wrk for `--duration` seconds after a warm-up, and reads the queries per
   request from the `X-Bench-Queries` header;
4. reads each gunicorn worker's resident memory from /proc and stops gunicorn.
Then it prints a Markdown table: req/s, p50, p99, queries per request and the ratio to the plain view.
Exit status 0, or 1 when the setup fails (no wrk, database, Redis or gunicorn) or an endpoint answers an error.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from cryptography.fernet import Fernet
from psycopg import sql

from .issuer import Issuer

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk.lua"
QUERY_HEADER = "X-Bench-Queries"
BATCH_SIZE = 100
DATASET_VERSION = "1"


@dataclasses.dataclass(frozen=True)
class Dataset:
    """One dataset: its name in the output, its database and its size."""

    name: str
    database_url: str
    organizations: int
    integrations_per_organization: int
    target_integrations: int

    def describe(self) -> str:
        """E.g. "1,000 organizations × 100 integrations + a target organization with 2,000"."""
        if not self.organizations:
            return f"the target organization alone, with {self.target_integrations:,} integrations"
        return (f"{self.organizations:,} organizations × {self.integrations_per_organization:,} integrations "
                f"+ a target organization with {self.target_integrations:,}")


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One measured request: method, path, headers, bodies (cycled through), questions per request (batch)."""

    label: str
    method: str
    path: str
    headers: dict[str, str]
    bodies: tuple[str, ...] = ()
    questions: int = 0
    optional: bool = False


@dataclasses.dataclass
class Result:
    """One endpoint's measurement, or why there is none (`note`)."""

    endpoint: Endpoint
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    queries: str = "–"
    errors: int = 0
    note: str = ""
    baseline_rps: float | None = None  # the plain view, measured just before this endpoint


@dataclasses.dataclass
class Run:
    """A dataset's results, memory per worker (MB) and how the dataset was obtained."""

    dataset: Dataset
    results: list[Result]
    rss_mb: list[float]
    fixture: dict


class BenchError(Exception):
    """The benchmark cannot run (missing tool, database, cache, server that does not start)."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="./dev bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per endpoint (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up load per endpoint (default 2)")
    parser.add_argument("--slices", type=int, default=5,
                        help="the duration is split into this many slices, alternating with the plain view "
                             "(default 5)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections in all (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--datasets", choices=["both", "full", "empty"], default="both")
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--integrations-per-organization", type=int, default=100)
    parser.add_argument("--target-integrations", type=int, default=2000)
    parser.add_argument("--empty-target-integrations", type=int, default=50)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/bench"),
                        help="PostgreSQL server and database name (the empty dataset gets <name>_empty); "
                             "default $BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/bench")
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
                        help="Redis database for the cache, emptied at the start of each dataset's run; default "
                             "$BENCH_CACHE_URL or redis://127.0.0.1:6379/15")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the datasets even if current")
    args = parser.parse_args(argv)
    if args.duration <= 0 or args.warmup < 0 or args.threads < 1 or args.workers < 1:
        parser.error("--duration must be positive, --warmup not negative, --threads and --workers at least 1")
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    if urlsplit(args.database_url).scheme not in ("postgres", "postgresql", "pgsql"):
        parser.error("--database-url must be a PostgreSQL URL: the benchmark measures the production database")
    if urlsplit(args.cache_url).scheme not in ("redis", "rediss"):
        parser.error("--cache-url must be a Redis URL: the benchmark measures the production cache")
    return args


# --- the databases ------------------------------------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _fingerprint(dataset: Dataset) -> str:
    """Changes when the dataset's sizes, the dataset code or any migration file changes."""
    digest = hashlib.sha256(f"{DATASET_VERSION}|{dataset.organizations}|{dataset.integrations_per_organization}|"
                            f"{dataset.target_integrations}".encode())
    for path in sorted([ROOT / "bench" / "dataset.py", *ROOT.glob("*/migrations/*.py")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"konfigurasjonsportalen bench dataset {digest.hexdigest()[:16]}"


def ensure_database(dataset: Dataset, *, fingerprint: str, rebuild: bool) -> bool:
    """Create the dataset's database unless it holds a current dataset; True if it must be built.

    Connects to the server's `postgres` database. A database whose comment differs from `fingerprint` is
    dropped (with its connections) and created anew. Raises `BenchError` if PostgreSQL cannot be reached.
    """
    name = urlsplit(dataset.database_url).path.lstrip("/")
    try:
        with psycopg.connect(_with_database(dataset.database_url, "postgres"), autocommit=True,
                             connect_timeout=5) as conn:
            row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                               [name]).fetchone()
            if row is not None and row[0] == fingerprint and not rebuild:
                return False
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        raise BenchError(f"PostgreSQL at {_with_database(dataset.database_url, '')} is not reachable: {exc}") from None
    return True


def mark_built(dataset: Dataset, fingerprint: str) -> None:
    """Record the fingerprint taken before the build as the database's comment, once the dataset is complete."""
    name = urlsplit(dataset.database_url).path.lstrip("/")
    with psycopg.connect(_with_database(dataset.database_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(fingerprint)))


# --- the server ---------------------------------------------------------------------------------------------


def base_environment(args: argparse.Namespace, issuer: Issuer) -> dict[str, str]:
    """The app's environment: production settings' required values, generated for this run and never stored."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "API_", "IDPORTEN_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "MFA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "INTEGRATION_PASSWORD_PEPPERS": f"1:{secrets.token_urlsafe(32)}",
        # Nobody logs in with ID-porten during the benchmark; production settings insist on a client.
        "IDPORTEN_ENVIRONMENT": "test",
        "IDPORTEN_CLIENT_ID": "bench-no-login",
        "IDPORTEN_CLIENT_SECRET": secrets.token_urlsafe(24),
        "PORTAL_TEST_ENVIRONMENT": "true",  # the dataset's people are synthetic test persons
        # Set even where production's defaults would do, so a developer's .env cannot change what is measured.
        "API_TRUSTED_ISSUERS": "",
        "API_CUSTOM_ISSUERS": issuer.custom_issuers(),
        "API_AUDIENCE": "unspecified",  # the audience the loopback issuer puts in its tokens (bench/issuer.py)
        "API_REQUIRED_SCOPE": "ks",
        "DATABASE_CONN_MAX_AGE": "60",  # as .env.example recommends for production
        "CACHE_URL": args.cache_url,
        "PYTHONUNBUFFERED": "1",
    })
    return env


def manage(env: dict[str, str], *command: str) -> str:
    """Run `manage.py <command>` with `env`; its standard output. Raises `BenchError` with its output on failure."""
    done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Server:
    """gunicorn on a loopback socket bound here (port chosen by the system) and handed over as `fd://`."""

    def __init__(self, env: dict[str, str], *, workers: int, log_path: Path):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1024)
        self.sock.set_inheritable(True)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.log_path = log_path
        # The project's gunicorn.conf.py (when there) applies; these options override it: the socket, the
        # workers, and no recycling of workers (--max-requests 0), so memory after the run shows any growth.
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
                   f"fd://{self.sock.fileno()}", "--workers", str(workers), "--worker-class", "sync",
                   "--max-requests", "0", "--timeout", "28", "--graceful-timeout", "5"]
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[self.sock.fileno()], stdout=log,
                                            stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        """Wait until the plain view answers 200. Raises `BenchError` (with the server log) otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(OSError):
                if http(self.url + "/bench/plain/", "GET", {"X-Forwarded-Proto": "https"}, None)[0] == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise BenchError(f"gunicorn did not start:\n{self.log_path.read_text(errors='replace')[-4000:]}")

    def worker_rss_mb(self) -> list[float]:
        """Resident memory (VmRSS, MB) of each worker process, from /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        result = []
        for pid in children:
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        result.append(int(line.split()[1]) / 1024)
        return sorted(result)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s; closes the socket."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.sock.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (e.g. to https) is an answer to report, as wrk sees it


_opener = urllib.request.build_opener(_NoRedirect)


def http(url: str, method: str, headers: dict[str, str], body: str | None) -> tuple[int, dict, bytes]:
    """One request without following redirects: (status, headers, body)."""
    request = urllib.request.Request(url, method=method, headers=headers,
                                     data=body.encode() if body is not None else None)
    try:
        with _opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


# --- the load -----------------------------------------------------------------------------------------------


def endpoints(fixture: dict, issuer: Issuer) -> list[Endpoint]:
    """The measured requests, in the order of the table (see the README's Performance section)."""
    common = {"X-Forwarded-Proto": "https", "Accept": "application/json"}  # as behind the TLS load balancer
    vendor = {**common, "Authorization": f"Bearer {issuer.maskinporten(fixture['vendor_orgnr'])}",
              "OnBehalfOf": fixture["vendor_orgnr"]}
    integration = {**vendor, "IntegrasjonId": fixture["caller_id"], "IntegrasjonPassord": fixture["caller_password"]}
    admin_token = issuer.idporten(fixture["admin_pid"], client_orgnr=fixture["vendor_orgnr"])
    admin = {**common, "Authorization": f"Bearer {admin_token}", "OnBehalfOf": fixture["admin_pid"]}
    platform = {**common, "Authorization": f"Bearer {issuer.maskinporten(fixture['platform_orgnr'])}",
                "OnBehalfOf": fixture["platform_orgnr"], "Content-Type": "application/json"}
    questions = fixture["questions"]
    singles = tuple(json.dumps(q) for q in questions)
    batches = tuple(json.dumps({"questions": [questions[(start + n) % len(questions)] for n in range(BATCH_SIZE)]})
                    for start in range(0, len(questions), BATCH_SIZE))
    target = fixture["target_orgnr"]
    return [
        Endpoint("plain Django JSON view (the yardstick)", "GET", "/bench/plain/", common),
        Endpoint("GET /api/v1/me/, Maskinporten token", "GET", "/api/v1/me/", vendor),
        Endpoint("GET /api/v1/me/ as an integration", "GET", "/api/v1/me/", integration),
        Endpoint("GET one integration, as an integration", "GET",
                 f"/api/v1/organizations/{target}/integrations/{fixture['caller_id']}/", integration),
        Endpoint(f"list page of 50 of {fixture['target_integrations']:,} integrations, as administrator", "GET",
                 f"/api/v1/organizations/{target}/integrations/?limit=50", admin),
        Endpoint("POST /api/v1/decisions/", "POST", "/api/v1/decisions/", platform, singles),
        Endpoint(f"POST /api/v1/decisions/batch/, {BATCH_SIZE} questions", "POST", "/api/v1/decisions/batch/",
                 platform, batches, questions=BATCH_SIZE, optional=True),
    ]


def wrk(url: str, endpoint: Endpoint, *, seconds: float, threads: int, connections: int, workdir: Path) -> dict:
    """Run wrk with bench/wrk.lua; its summary (requests, duration_us, p50_us, p99_us, error counts)."""
    headers = workdir / "headers.txt"
    headers.write_text("".join(f"{k}: {v}\n" for k, v in endpoint.headers.items()))
    bodies = workdir / "bodies.txt"
    bodies.write_text("".join(f"{b}\n" for b in endpoint.bodies))
    env = {**os.environ, "BENCH_METHOD": endpoint.method, "BENCH_HEADERS": str(headers),
           "BENCH_BODIES": str(bodies) if endpoint.bodies else ""}
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{max(seconds, 1):g}s", "--timeout", "30s",
               "-s", str(WRK_SCRIPT), url + endpoint.path]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(lines[-1])


def _answers(server: Server, endpoint: Endpoint) -> Result | None:
    """None if the endpoint answers 2xx; otherwise a `Result` saying why it is not measured."""
    body = endpoint.bodies[0] if endpoint.bodies else None
    status, _headers, content = http(server.url + endpoint.path, endpoint.method, endpoint.headers, body)
    if status == 404 and endpoint.optional:
        return Result(endpoint, note="n/a (404: not in this version)")
    if not 200 <= status < 300:
        return Result(endpoint, note=f"HTTP {status}: {content[:200].decode(errors='replace')}")
    return None


def _combined(endpoint: Endpoint, summaries: list[dict], queries: str, seconds: float) -> Result:
    """One `Result` from the wrk summaries of several slices: requests and time summed, the median slice's p50,
    the worst slice's p99, errors summed."""
    errors = sum(s[k] for s in summaries for k in ("connect", "read", "write", "status", "timeout"))
    requests = sum(s["requests"] for s in summaries)
    if not requests:  # every request outlasted the run: a measurement (0/s), not a failure
        return Result(endpoint, rps=0.0, queries=queries, errors=errors, note=f"none within {seconds:g} s")
    p50s = sorted(s["p50_us"] for s in summaries if s["requests"])
    return Result(endpoint, rps=requests / (sum(s["duration_us"] for s in summaries) / 1e6),
                  p50_ms=p50s[len(p50s) // 2] / 1000, p99_ms=max(s["p99_us"] for s in summaries) / 1000,
                  queries=queries, errors=errors)


def slicing(args: argparse.Namespace) -> tuple[int, int]:
    """(slices, seconds per slice) for `--duration` and `--slices`: at least one slice of at least 1 s."""
    slices = max(1, min(args.slices, int(args.duration)))
    return slices, max(1, round(args.duration / slices))


def measure_pair(server: Server, plain: Endpoint, endpoint: Endpoint, args: argparse.Namespace,
                 workdir: Path) -> tuple[Result, Result]:
    """The plain view and `endpoint`, each checked to answer 2xx and warmed up, then loaded in turn (`slicing`),
    so that the machine's other load weighs on both alike; then the endpoint's query count.

    Output: (the plain view's result, the endpoint's result with `baseline_rps` set to the plain view's rate).
    """
    for candidate in (plain, endpoint):
        refused = _answers(server, candidate)
        if refused is not None:
            return Result(plain), refused
    if args.warmup:
        for candidate in (plain, endpoint):
            wrk(server.url, candidate, seconds=args.warmup, threads=args.threads, connections=args.connections,
                workdir=workdir)
    slices, seconds = slicing(args)
    summaries: dict[str, list[dict]] = {"plain": [], "endpoint": []}
    for _ in range(slices):
        for name, candidate in (("plain", plain), ("endpoint", endpoint)):
            summaries[name].append(wrk(server.url, candidate, seconds=seconds, threads=args.threads,
                                       connections=args.connections, workdir=workdir))
    # After the load, caches are as warm as during it: this request makes the queries of the steady state.
    body = endpoint.bodies[0] if endpoint.bodies else None
    queries = http(server.url + endpoint.path, endpoint.method, endpoint.headers, body)[1].get(QUERY_HEADER) or "?"
    baseline = _combined(plain, summaries["plain"], "0", slices * seconds)
    result = _combined(endpoint, summaries["endpoint"], queries, slices * seconds)
    result.baseline_rps = baseline.rps
    return baseline, result


def run_dataset(dataset: Dataset, args: argparse.Namespace, issuer: Issuer, workdir: Path) -> Run:
    """Build or reuse the dataset, start gunicorn, measure every endpoint, read the workers' memory, stop."""
    env = {**base_environment(args, issuer), "DATABASE_URL": dataset.database_url}
    started = time.monotonic()
    fingerprint = _fingerprint(dataset)
    must_build = ensure_database(dataset, fingerprint=fingerprint, rebuild=args.rebuild)
    if must_build:
        manage(env, "migrate", "--noinput", "-v0")
    output = manage(env, "bench_dataset", f"--organizations={dataset.organizations}",
                    f"--integrations-per-organization={dataset.integrations_per_organization}",
                    f"--target-integrations={dataset.target_integrations}")
    fixture = json.loads(output.strip().splitlines()[-1])
    fixture.update(target_integrations=dataset.target_integrations, seconds=round(time.monotonic() - started, 1))
    if must_build:
        mark_built(dataset, fingerprint)
    env["API_DECISION_ORGNRS"] = fixture["platform_orgnr"]
    server = Server(env, workers=args.workers, log_path=workdir / f"gunicorn-{dataset.name}.log")
    try:
        server.wait_ready()
        plain, *others = endpoints(fixture, issuer)
        results = []
        baselines = []
        for endpoint in others:
            baseline, result = measure_pair(server, plain, endpoint, args, workdir)
            baselines.append(baseline)
            results.append(result)
        measured = sorted((b for b in baselines if b.rps), key=lambda b: b.rps)
        median = measured[len(measured) // 2] if measured else baselines[0]
        results = [dataclasses.replace(median, baseline_rps=median.rps), *results]
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    return Run(dataset, results, rss, fixture)


# --- the report ---------------------------------------------------------------------------------------------


def _ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return "–"
    percent = 100 * value / base
    return f"{percent:.0f} %" if percent >= 10 else f"{percent:.2g} %"


def _rps(result: Result) -> str:
    if result.rps is None:
        return result.note or "–"
    if not result.rps:
        return f"0 ({result.note})"
    text = f"{result.rps:,.0f}" if result.rps >= 100 else f"{result.rps:.1f}"
    if result.endpoint.questions:
        text += f" ({result.rps * result.endpoint.questions:,.0f} questions/s)"
    if result.errors:
        text += f" ⚠ {result.errors} errors"
    return text


def report(runs: list[Run], args: argparse.Namespace, *, load_at_start: float) -> str:
    """The header (load, machine, datasets), the Markdown table, batch ratios and worker memory."""
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True,
                            check=False).stdout.strip() or "unknown"
    lines = [
        "## Benchmark",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {commit}, {os.cpu_count()} cores, "
        f"load average {load_at_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end (other programs "
        "on the machine count too).",
        f"Load: gunicorn {args.workers} sync worker(s) (config.settings.bench: production settings, DEBUG off, "
        f"PostgreSQL, Redis cache), wrk {args.threads} threads × {args.connections} connections in all, "
        f"{args.warmup:g} s warm-up then {args.duration:g} s per endpoint, one run, on the same machine.",
        f"Each endpoint and the plain view are loaded in turn, {slicing(args)[0]} × {slicing(args)[1]} s each, so "
        "the machine's other load weighs on both alike; each ratio is of those two, and the plain view's row shows "
        "the median of its measurements.",
    ]
    for run in runs:
        how = "built" if run.fixture["built"] else "reused"
        rows = ", ".join(f"{n:,} {model}" for model, n in run.fixture["rows"].items())
        database = urlsplit(run.dataset.database_url).path.lstrip("/")
        lines.append(f"Dataset {run.dataset.name}: {run.dataset.describe()} ({rows}); database {database} {how}, "
                     f"ready in {run.fixture['seconds']:g} s.")
    lines.append("")
    header = "| endpoint |"
    rule = "|---|"
    for run in runs:
        suffix = f" ({run.dataset.name})" if len(runs) > 1 else ""
        if run is runs[0]:
            header += f" req/s{suffix} | p50 ms | p99 ms | queries/req | vs plain{suffix} |"
            rule += "---:|---:|---:|---:|---:|"
        else:
            header += f" req/s{suffix} | queries/req | vs plain{suffix} |"
            rule += "---:|---:|---:|"
    lines += [header, rule]
    for index, result in enumerate(runs[0].results):
        row = f"| {result.endpoint.label} |"
        for run in runs:
            r = run.results[index]
            plain = r.baseline_rps
            if run is runs[0]:
                p50 = f"{r.p50_ms:.1f}" if r.p50_ms is not None else "–"
                p99 = f"{r.p99_ms:.1f}" if r.p99_ms is not None else "–"
                row += f" {_rps(r)} | {p50} | {p99} | {r.queries} | {_ratio(r.rps, plain)} |"
            else:
                row += f" {_rps(r)} | {r.queries} | {_ratio(r.rps, plain)} |"
        lines.append(row)
    lines.append("")
    for run in runs:
        single = next((r for r in run.results if r.endpoint.path == "/api/v1/decisions/"), None)
        batch = next((r for r in run.results if r.endpoint.questions), None)
        if single and batch and single.rps and batch.rps:
            rate = batch.rps * batch.endpoint.questions
            lines.append(f"Batch decisions ({run.dataset.name}): {rate:,.0f} questions/s = "
                         f"{rate / single.rps:.1f}× the single decisions' {single.rps:,.0f}/s.")
        else:
            lines.append(f"Batch decisions ({run.dataset.name}): n/a.")
    for run in runs:
        memory = ", ".join(f"{mb:.0f} MB" for mb in run.rss_mb) or "–"
        lines.append(f"Worker memory after the run ({run.dataset.name}), resident (VmRSS): {memory}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `./dev bench`; see the module docstring. Output: the exit status."""
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: run ./dev bench (it installs Debian's wrk) or apt-get install wrk",
              file=sys.stderr)
        return 1
    name = urlsplit(args.database_url).path.lstrip("/") or "bench"
    datasets = []
    if args.datasets in ("both", "full"):
        datasets.append(Dataset("full", _with_database(args.database_url, name), args.organizations,
                                args.integrations_per_organization, args.target_integrations))
    if args.datasets in ("both", "empty"):
        datasets.append(Dataset("empty", _with_database(args.database_url, f"{name}_empty"), 0, 0,
                                args.empty_target_integrations))
    load_at_start = os.getloadavg()[0]
    issuer = Issuer()
    issuer.start()
    runs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            for dataset in datasets:
                print(f"bench: dataset {dataset.name} ({dataset.describe()}) ...", file=sys.stderr, flush=True)
                runs.append(run_dataset(dataset, args, issuer, Path(workdir)))
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    finally:
        issuer.stop()
    print(report(runs, args, load_at_start=load_at_start))
    failed = [r for run in runs for r in run.results if r.rps is None and not r.endpoint.optional]
    return 1 if failed else 0
