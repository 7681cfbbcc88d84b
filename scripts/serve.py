#!/usr/bin/env python3
"""Serve the playground to a whole class: Streamlit workers behind HAProxy, supervised.

    python scripts/serve.py serve   --workers 4 --port 8600 [--max-playing 40]   # one machine
    python scripts/serve.py worker  --workers 2 --port 8601                      # a worker host
    python scripts/serve.py balance --port 8600 --backends 10.0.0.2:8601,10.0.0.3:8601
    python scripts/serve.py render  --port 8600 --backends 127.0.0.1:8601        # print config

(`make serve`, `make worker` and `make balance` call these.)

- serve: N workers (`streamlit run app.py --server.headless true --server.address 127.0.0.1
  --server.port <port>`, ports PORT+1 ... PORT+N unless --worker-ports says otherwise) and HAProxy
  on PORT, configured from deploy/haproxy.cfg.template: sticky sessions by cookie, health checks
  on /_stcore/health, websockets passed through.
- worker: only the workers, bound to --address (0.0.0.0 by default) for a balancer on another
  machine.
- balance: only HAProxy, in front of workers that run elsewhere (`make worker` there).

Everything runs in the foreground. A worker that exits is restarted (and taken out of HAProxy
over its admin socket until it is healthy again; HAProxy's own health checks and `option
redispatch` cover the seconds in between); a worker that stops answering its health check for
--hang-seconds is killed and restarted; HAProxy is restarted if it exits. Ctrl-C (or SIGTERM)
stops HAProxy and every worker and exits with status 0. Worker and HAProxy output goes to log
files in --log-dir; the terminal gets one line per event. A JSON state file in the log dir names
the processes (for tests and benchmarks).

Standard library only, so that `make balance` runs on a machine without the app's packages.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

REPO_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = REPO_ROOT / "deploy" / "haproxy.cfg.template"
COOKIE = "PLAYGROUND_WORKER"
MAX_PLAYING_ENV = "PLAYGROUND_MAX_PLAYING"
HEALTH_PATH = "/_stcore/health"
START_SECONDS = 90.0          # a worker must answer its health check within this after starting
POLL_SECONDS = 0.25
HEALTH_EVERY_SECONDS = 5.0
STOP_SECONDS = 15.0           # graceful stop, then SIGKILL
MAX_BACKOFF_SECONDS = 30.0
STABLE_SECONDS = 60.0         # a worker that lived this long resets its crash count
PR_SET_PDEATHSIG = 1


def say(message: str) -> None:
    print(f"[serve] {message}", flush=True)


# --- configuration ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Backend:
    name: str
    host: str
    port: int

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"


def parse_backends(text: str) -> list[Backend]:
    """'host:port,host:port' -> backends b1, b2, ... (a clear error for anything else)."""
    backends = []
    for index, item in enumerate((part.strip() for part in text.split(",")), start=1):
        if not item:
            continue
        host, sep, port = item.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise SystemExit(f"error: backend {item!r} is not host:port (e.g. 10.0.0.2:8601)")
        backends.append(Backend(f"b{index}", host.strip("[]"), int(port)))
    if not backends:
        raise SystemExit("error: no backends given (e.g. --backends 10.0.0.2:8601,10.0.0.3:8601)")
    return backends


def render_config(port: int, backends: list[Backend], *, bind: str = "*",
                  admin_socket: str | Path, maxconn: int = 4096,
                  template: Path = TEMPLATE) -> str:
    """The HAProxy configuration for `backends` behind `bind`:`port`."""
    servers = "\n".join(f"    server {b.name} {b.address} cookie {b.name}" for b in backends)
    return Template(template.read_text(encoding="utf-8")).substitute(
        MAXCONN=maxconn, ADMIN_SOCKET=str(admin_socket), BIND=bind, PORT=port, COOKIE=COOKIE,
        SERVERS=servers,
    )


def connection_limit(wanted: int = 4096) -> int:
    """HAProxy's maxconn: `wanted`, or less when this user may not open that many files.

    HAProxy needs about two file descriptors per connection and refuses to start when it cannot
    raise its limit that far (a non-root user with the usual soft limit of 1024). The soft limit
    is raised to the hard limit first (the child inherits it).
    """
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard > soft:
            target = 2 * wanted + 200 if hard == resource.RLIM_INFINITY else hard
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
                soft = target
    except ImportError:
        return wanted
    return max(64, min(wanted, (soft - 100) // 2))


def find_haproxy() -> str:
    """HAProxy's executable, or exit with how to install it."""
    path = shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if os.access(p, os.X_OK)),
        None)
    if path:
        return path
    raise SystemExit("error: HAProxy is not installed. Install it with "
                     "'sudo apt-get install haproxy' (or run 'make haproxy' as root), then "
                     "run this again.")


def port_free(port: int, host: str = "") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def healthy(url: str, timeout: float = 3.0) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def own_terminal() -> Callable[[], None]:
    """Make this process the terminal's foreground process group; returns a function that
    gives the terminal back.

    Under `make serve`, Ctrl-C would otherwise also reach make, which then reports the
    interrupt and exits with 130 whatever the supervisor does. In its own foreground group the
    supervisor alone gets Ctrl-C, stops everything and exits 0, and so does make. A no-op when
    standard input is not the terminal's foreground (tests, CI, a service manager).
    """
    try:
        fd = sys.stdin.fileno()
        if not os.isatty(fd) or os.tcgetpgrp(fd) != os.getpgrp():
            return lambda: None
        previous = os.getpgrp()
        if previous != os.getpid():
            os.setpgid(0, 0)
        _set_foreground(fd, os.getpgrp())
    except (OSError, ValueError):
        return lambda: None

    def give_back() -> None:
        with contextlib.suppress(OSError):
            _set_foreground(fd, previous)

    return give_back


def _set_foreground(fd: int, group: int) -> None:
    handler = signal.signal(signal.SIGTTOU, signal.SIG_IGN)  # allowed from a background group
    try:
        os.tcsetpgrp(fd, group)
    finally:
        signal.signal(signal.SIGTTOU, handler)


def _die_with_parent() -> None:
    """In the child before exec: own session (Ctrl-C reaches only the supervisor, which stops
    the children in order) and SIGTERM when the supervisor dies, so nothing is left behind."""
    os.setsid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


# --- processes --------------------------------------------------------------------------------

@dataclass
class Child:
    """One supervised process: a worker or HAProxy."""

    name: str
    command: list[str]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    health_url: str | None = None
    process: subprocess.Popen | None = None
    started: float = 0.0
    ready: bool = False
    crashes: int = 0
    restart_at: float | None = None
    last_healthy: float = 0.0
    next_health: float = 0.0
    restarts: int = 0

    def start(self) -> None:
        log = open(self.log_path, "ab")  # the child keeps its own copy
        log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting: "
                  f"{' '.join(self.command)}\n".encode())
        log.flush()
        try:
            self.process = subprocess.Popen(
                self.command, cwd=REPO_ROOT, env={**os.environ, **self.env},
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        finally:
            log.close()
        self.started = time.monotonic()
        self.ready = False
        self.restart_at = None
        self.last_healthy = self.started
        self.next_health = self.started

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, signum: int) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signum)

    def tail(self, lines: int = 6) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join("      " + line for line in text.splitlines()[-lines:])


class Supervisor:
    """Runs the children in the foreground until Ctrl-C/SIGTERM."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.log_dir = Path(args.log_dir or Path(tempfile.gettempdir())
                            / f"nn-playground-serve-{args.port}")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.state_path = self.log_dir / "state.json"
        self.admin_socket = self.log_dir / "haproxy.sock"
        self.workers: list[Child] = []
        self.haproxy: Child | None = None
        self.backends: list[Backend] = []
        self.stopping = False
        self.ready = False
        self.give_back_terminal: Callable[[], None] = lambda: None
        self.haproxy_log_offset = 0

    # --- signals ---

    def install_signals(self) -> None:
        def stop(signum: int, _frame: object) -> None:
            if self.stopping:  # a second Ctrl-C: stop at once
                for child in self.children():
                    child.signal(signal.SIGKILL)
                self.give_back_terminal()
                os._exit(0)
            self.stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)

    def children(self) -> list[Child]:
        return [*self.workers, *([self.haproxy] if self.haproxy else [])]

    # --- building the children ---

    def add_workers(self, host: str, ports: list[int]) -> None:
        env = {"PYTHONUNBUFFERED": "1"}
        if self.args.max_playing is not None:
            env[MAX_PLAYING_ENV] = str(self.args.max_playing)
        for index, port in enumerate(ports, start=1):
            command = [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.headless", "true", "--server.address", host,
                "--server.port", str(port), "--browser.gatherUsageStats", "false",
            ]
            backend = Backend(f"w{index}", "127.0.0.1" if host == "0.0.0.0" else host, port)
            self.backends.append(backend)
            self.workers.append(Child(backend.name, command, self.log_dir / f"{backend.name}.log",
                                      env=env, health_url=backend.url))

    def add_haproxy(self, backends: list[Backend]) -> None:
        haproxy = find_haproxy()
        config = self.log_dir / "haproxy.cfg"
        config.write_text(render_config(self.args.port, backends, bind=self.args.bind,
                                        admin_socket=self.admin_socket,
                                        maxconn=connection_limit()), encoding="utf-8")
        check = subprocess.run([haproxy, "-c", "-q", "-f", str(config)], capture_output=True,
                               text=True, check=False)
        if check.returncode != 0:
            raise SystemExit(f"error: HAProxy rejected {config}:\n{check.stdout}{check.stderr}")
        self.backends = backends
        self.haproxy = Child("haproxy", [haproxy, "-db", "-f", str(config)],
                             self.log_dir / "haproxy.log")

    # --- state ---

    def write_state(self) -> None:
        state = {
            "pid": os.getpid(), "ready": self.ready, "port": self.args.port,
            "url": f"http://127.0.0.1:{self.args.port}" if self.haproxy else None,
            "log_dir": str(self.log_dir), "cookie": COOKIE,
            "workers": {w.name: {"pid": w.pid if w.alive() else None, "url": w.health_url,
                                 "ready": w.ready, "restarts": w.restarts}
                        for w in self.workers},
            "backends": {b.name: b.address for b in self.backends},
            "haproxy": {"pid": self.haproxy.pid if self.haproxy and self.haproxy.alive()
                        else None, "admin_socket": str(self.admin_socket)}
            if self.haproxy else None,
        }
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state, indent=2), encoding="utf-8")
        temporary.replace(self.state_path)

    def haproxy_command(self, command: str) -> str:
        """Send one command to HAProxy's admin socket ('' when it is not reachable)."""
        if not self.haproxy or not self.haproxy.alive():
            return ""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(2)
                sock.connect(str(self.admin_socket))
                sock.sendall(command.encode() + b"\n")
                chunks = []
                while chunk := sock.recv(65536):
                    chunks.append(chunk)
            return b"".join(chunks).decode(errors="replace")
        except OSError:
            return ""

    def set_server_state(self, worker: Child, state: str) -> None:
        if self.haproxy:
            self.haproxy_command(f"set server workers/{worker.name} state {state}")

    # --- running ---

    def start_workers(self) -> bool:
        """Start every worker and wait until all are healthy; False if stopped meanwhile."""
        for worker in self.workers:
            worker.start()
        say(f"starting {len(self.workers)} worker(s): " + ", ".join(
            f"{w.name} on {w.health_url} (pid {w.pid})" for w in self.workers))
        deadline = time.monotonic() + START_SECONDS
        while not self.stopping:
            for worker in self.workers:
                if not worker.alive():
                    raise SystemExit(f"error: worker {worker.name} exited with code "
                                     f"{worker.process.returncode} while starting; its log "
                                     f"({worker.log_path}) ends:\n{worker.tail()}")
                if not worker.ready and healthy(worker.health_url, timeout=1):
                    worker.ready = True
                    worker.last_healthy = time.monotonic()
            if all(w.ready for w in self.workers):
                return True
            if time.monotonic() > deadline:
                raise SystemExit(f"error: workers not healthy within {START_SECONDS:.0f} s; "
                                 f"see the logs in {self.log_dir}")
            time.sleep(POLL_SECONDS)
        return False

    def start_haproxy(self) -> None:
        assert self.haproxy is not None
        with contextlib.suppress(OSError):
            self.haproxy_log_offset = self.haproxy.log_path.stat().st_size
        if not port_free(self.args.port, "" if self.args.bind in ("*", "0.0.0.0")
                         else self.args.bind):
            raise SystemExit(f"error: port {self.args.port} is in use; choose another PORT=")
        self.haproxy.start()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not self.stopping:
            if not self.haproxy.alive():
                raise SystemExit(f"error: HAProxy exited with code "
                                 f"{self.haproxy.process.returncode}:\n{self.haproxy.tail()}")
            with socket.socket() as sock:
                sock.settimeout(1)
                if sock.connect_ex(("127.0.0.1" if self.args.bind in ("*", "0.0.0.0")
                                    else self.args.bind, self.args.port)) == 0:
                    self.haproxy.ready = True
                    return
            time.sleep(POLL_SECONDS)
        if not self.stopping:
            raise SystemExit(f"error: HAProxy did not open port {self.args.port}:\n"
                             f"{self.haproxy.tail()}")

    def watch(self) -> None:
        """Restart what dies until asked to stop."""
        while not self.stopping:
            now = time.monotonic()
            changed = False
            for worker in self.workers:
                changed |= self.watch_worker(worker, now)
            if self.haproxy and not self.haproxy.alive() and not self.stopping:
                say(f"HAProxy exited with code {self.haproxy.process.returncode}: restarting it"
                    f"\n{self.haproxy.tail(3)}")
                time.sleep(1)
                self.haproxy.restarts += 1
                self.start_haproxy()
                changed = True
            if changed:
                self.write_state()
            self.relay_haproxy_events()
            time.sleep(POLL_SECONDS)

    def relay_haproxy_events(self) -> None:
        """Echo HAProxy's news about its servers (a remote worker going down or coming back)
        from its log to the terminal."""
        if not self.haproxy:
            return
        try:
            with open(self.haproxy.log_path, "rb") as log:
                log.seek(self.haproxy_log_offset)
                text = log.read()
        except OSError:
            return
        complete = text.rfind(b"\n") + 1
        self.haproxy_log_offset += complete
        for line in text[:complete].decode(errors="replace").splitlines():
            if ("Server workers/" in line and "maintenance" not in line) or "[ALERT]" in line:
                say("haproxy: " + line.split(": ", 1)[-1].strip())

    def watch_worker(self, worker: Child, now: float) -> bool:
        """One look at a worker; True if its state changed."""
        if worker.restart_at is not None:  # dead, waiting for its restart
            if now >= worker.restart_at:
                worker.restarts += 1
                worker.start()
                say(f"worker {worker.name} restarted (pid {worker.pid})")
                return True
            return False
        if not worker.alive():
            code = worker.process.returncode
            lived = now - worker.started
            worker.crashes = 0 if lived > STABLE_SECONDS else worker.crashes + 1
            delay = min(MAX_BACKOFF_SECONDS, 0.5 * 2 ** max(worker.crashes - 1, 0))
            worker.restart_at = now + delay
            worker.ready = False
            self.set_server_state(worker, "maint")
            say(f"worker {worker.name} (pid {worker.pid}) exited with code {code}: taken out of "
                f"the balancer, restarting in {delay:.1f} s")
            if code not in (0, -signal.SIGKILL, -signal.SIGTERM, -signal.SIGINT):
                print(worker.tail(), flush=True)
            return True
        if now < worker.next_health:
            return False
        worker.next_health = now + (POLL_SECONDS * 2 if not worker.ready else HEALTH_EVERY_SECONDS)
        if healthy(worker.health_url, timeout=3 if worker.ready else 1):
            worker.last_healthy = time.monotonic()
            if not worker.ready:
                worker.ready = True
                self.set_server_state(worker, "ready")
                say(f"worker {worker.name} is healthy again: back in the balancer")
                return True
            return False
        silent = time.monotonic() - worker.last_healthy
        limit = self.args.hang_seconds if worker.ready else START_SECONDS
        if limit and silent > limit:
            say(f"worker {worker.name} (pid {worker.pid}) has not answered its health check for "
                f"{silent:.0f} s: killing it")
            worker.signal(signal.SIGKILL)
        return False

    def shutdown(self) -> None:
        """Stop HAProxy first (no new requests), then every worker; SIGKILL what lingers."""
        self.stopping = True
        if self.haproxy:
            self.haproxy.signal(signal.SIGTERM)
        for worker in self.workers:
            # A serving worker stops gracefully and quietly on SIGINT (the app's lifespan); one
            # still importing would print a KeyboardInterrupt traceback, so it gets SIGTERM.
            worker.signal(signal.SIGINT if worker.ready else signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for child in self.children():
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.signal(signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.process.wait(timeout=5)
        with contextlib.suppress(OSError):
            self.admin_socket.unlink()
        self.ready = False
        with contextlib.suppress(OSError):
            self.write_state()

    def run(self) -> int:
        self.install_signals()
        self.give_back_terminal = own_terminal()
        try:
            if not self.workers or self.start_workers():
                if self.haproxy:
                    self.start_haproxy()
                if not self.stopping:
                    self.ready = True
                    self.write_state()
                    self.announce()
                    self.watch()
        finally:
            self.shutdown()
            self.give_back_terminal()
        say("stopped")
        return 0

    def announce(self) -> None:
        args = self.args
        if self.haproxy:
            say(f"HAProxy on port {args.port} (pid {self.haproxy.pid}) in front of "
                + ", ".join(f"{b.name}={b.address}" for b in self.backends))
            say("share this address with the class: "
                + ", ".join(f"http://{host}:{args.port}" for host in share_hosts(args.bind)))
        else:
            listed = ",".join(f"<this host>:{b.port}" for b in self.backends)
            say(f"workers ready; on the balancer machine: make balance PORT=8600 "
                f'BACKENDS="{listed}"')
        if getattr(args, "max_playing", None):
            say(f"at most {args.max_playing} playing sessions per worker "
                f"({MAX_PLAYING_ENV}={args.max_playing})")
        say(f"logs and state: {self.log_dir}; Ctrl-C stops everything")


def share_hosts(bind: str) -> list[str]:
    """Addresses a student could type: this machine's name and IPv4 addresses."""
    if bind not in ("*", "0.0.0.0", ""):
        return [bind]
    hosts = [socket.gethostname()]
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = info[4][0]
            if address not in hosts and not address.startswith("127."):
                hosts.append(address)
    return hosts + ["localhost"]


def worker_ports(args: argparse.Namespace, count: int, first: int, host: str) -> list[int]:
    if args.worker_ports:
        ports = [int(p) for p in args.worker_ports.split(",") if p.strip()]
        if len(ports) != count:
            raise SystemExit(f"error: --worker-ports lists {len(ports)} ports for {count} "
                             "workers")
    else:
        ports = list(range(first, first + count))
    busy = [p for p in ports if not port_free(p, "" if host == "0.0.0.0" else host)]
    if busy:
        raise SystemExit(f"error: worker port(s) {', '.join(map(str, busy))} in use; choose "
                         "another PORT= (workers use the ports after it) or --worker-ports")
    return ports


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)

    def common(sub: argparse.ArgumentParser, port: int) -> None:
        sub.add_argument("--port", type=int, default=port)
        sub.add_argument("--log-dir", default=None,
                         help="where logs and state.json go (default: a folder in /tmp)")

    def workers(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--workers", type=int, default=0,
                         help="worker processes (default: one per core)")
        sub.add_argument("--worker-ports", default="",
                         help="comma-separated worker ports (default: the ports after --port)")
        sub.add_argument("--max-playing", type=int, default=None,
                         help=f"cap of playing sessions per worker ({MAX_PLAYING_ENV}; 0: none)")
        sub.add_argument("--hang-seconds", type=float, default=60.0,
                         help="restart a worker whose health check fails this long (0: never)")

    serve = modes.add_parser("serve", help="workers and HAProxy on this machine")
    common(serve, 8600)
    workers(serve)
    serve.add_argument("--bind", default="*", help="HAProxy's address (default: all)")
    worker = modes.add_parser("worker", help="workers only, for a balancer on another machine")
    common(worker, 8601)
    workers(worker)
    worker.add_argument("--address", default="0.0.0.0", help="the workers' address")
    balance = modes.add_parser("balance", help="HAProxy only, in front of remote workers")
    common(balance, 8600)
    balance.add_argument("--backends", required=True, help="host:port,host:port,...")
    balance.add_argument("--bind", default="*")
    render = modes.add_parser("render", help="print the HAProxy configuration and exit")
    render.add_argument("--port", type=int, default=8600)
    render.add_argument("--backends", required=True)
    render.add_argument("--bind", default="*")
    render.add_argument("--admin-socket", default="/run/haproxy/playground.sock")
    args = parser.parse_args(argv)
    if getattr(args, "workers", None) is not None and args.mode in ("serve", "worker"):
        args.workers = args.workers or default_workers()
        if args.workers < 1:
            parser.error("--workers must be at least 1")
        if args.max_playing is not None and args.max_playing < 0:
            parser.error("--max-playing must be 0 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.mode == "render":
        print(render_config(args.port, parse_backends(args.backends), bind=args.bind,
                            admin_socket=args.admin_socket), end="")
        return 0
    if args.mode in ("serve", "balance") and not port_free(
            args.port, "" if args.bind in ("*", "0.0.0.0") else args.bind):
        raise SystemExit(f"error: port {args.port} is in use; choose another PORT=")
    supervisor = Supervisor(args)
    if args.mode == "serve":
        find_haproxy()
        ports = worker_ports(args, args.workers, args.port + 1, "127.0.0.1")
        supervisor.add_workers("127.0.0.1", ports)
        supervisor.add_haproxy(supervisor.backends)
    elif args.mode == "worker":
        ports = worker_ports(args, args.workers, args.port, args.address)
        supervisor.add_workers(args.address, ports)
    else:
        supervisor.add_haproxy(parse_backends(args.backends))
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
