"""The pieces scripts/serve.py puts together: settings, HAProxy's configuration, health checks,
the terminal, and one supervised child process (a Streamlit worker or HAProxy).

Standard library only, like serve.py (which imports this module from its own folder).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
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


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)



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
