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
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from serving import (  # beside this script: python scripts/serve.py puts its folder first
    COOKIE,
    HEALTH_EVERY_SECONDS,
    MAX_BACKOFF_SECONDS,
    MAX_PLAYING_ENV,
    POLL_SECONDS,
    STABLE_SECONDS,
    START_SECONDS,
    STOP_SECONDS,
    Backend,
    Child,
    connection_limit,
    default_workers,
    find_haproxy,
    healthy,
    own_terminal,
    parse_backends,
    port_free,
    render_config,
    say,
    share_hosts,
)


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
