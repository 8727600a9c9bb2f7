"""Child processes that end with the process that started them: ``alur serve`` runs the web
server and ``alur worker`` as two such children.

    alur serve (supervisor)
      ├── web server (its own processes end with it)
      └── alur worker

On SIGTERM or SIGINT the supervisor sends SIGTERM to every child and waits for them (the worker
finishes the job it is running; the web server its requests), then ends what is left with
SIGKILL. When a child ends by itself, the supervisor stops the others the same way. When the
supervisor itself dies, even by SIGKILL, Linux sends each child SIGTERM (``PR_SET_PDEATHSIG``,
set in the child between fork and exec), so no child outlives it; and the web server's own
processes get SIGKILL when the web server dies (``end_with_parent``). No Django here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>: the signal a process gets when its parent thread ends."""


def _prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, looked up before any fork (no dynamic loading in a forked child)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    function: Callable[..., int] = libc.prctl
    return function


def _die_with(
    parent: int, prctl: Callable[..., int] | None, signum: int = signal.SIGTERM
) -> Callable[[], None]:
    """What the child runs between fork and exec: end (``signum``) with ``parent``."""

    def preexec() -> None:
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the line above took effect
            os.kill(os.getpid(), signum)

    return preexec


def child_start(
    argv: Sequence[str], env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """``argv`` as a child that gets SIGTERM when this process dies, in a process group of its
    own so that Ctrl+C in a terminal reaches only the supervisor, which stops it in order.
    ``env``: variables added to this process's environment."""
    return subprocess.Popen(  # noqa: S603 - the project's own commands, built by the caller
        list(argv),
        env={**os.environ, **env} if env else None,
        # Between fork and exec only prctl and getppid run: safe, as serve starts no threads.
        preexec_fn=_die_with(os.getpid(), _prctl()),
        process_group=0,
    )


def end_with_parent(supervisor: int) -> None:
    """In a process that a child of ``supervisor`` forked (a web server's worker process): end
    with that child. Called where such a process starts (alur.wsgi, under ``SERVER_PROCESS``).

    The child itself stops its processes in order when it gets SIGTERM; only a child that died
    outright leaves them, and they end outright too (SIGKILL): nobody coordinates them any
    more. A process whose parent is already gone (reparented before this ran) ends at once."""
    parent = os.getppid()
    if parent == supervisor:
        return  # the supervisor's child itself, which its own prctl covers
    if _parent_of(parent) != supervisor:
        os.kill(os.getpid(), signal.SIGKILL)
    _die_with(parent, _prctl(), signal.SIGKILL)()


def _parent_of(pid: int) -> int:
    """``pid``'s parent, from /proc (0 where there is none to read)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])  # after "pid (name)": state, parent


SERVER_PROCESS = "ALUR_WEB_SERVER_PROCESS"
"""Set in the web server's environment to the supervisor's process id: its processes call
``end_with_parent`` with it."""


@dataclass
class Supervisor:
    """Runs children until a signal comes or one of them ends, then stops them all."""

    stop_seconds: float
    """How long the children have, together, to finish after SIGTERM before SIGKILL."""
    children: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    signalled: int | None = None
    _wake: threading.Event = field(default_factory=threading.Event)

    def start(self, name: str, argv: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        self.children[name] = child_start(argv, env)

    def run(self) -> str | None:
        """Wait for SIGTERM, SIGINT or a child's end; stop the children. The name of the child
        that ended by itself, or None when a signal asked for the stop."""
        previous = {
            number: signal.signal(number, self._on_signal)
            for number in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            ended = self._wait()
        finally:
            self.stop()
            for number, handler in previous.items():
                signal.signal(number, handler)
        return ended

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        self.signalled = number
        self._wake.set()

    def _wait(self) -> str | None:
        while not self._wake.is_set():
            for name, child in self.children.items():
                if child.poll() is not None:
                    return name
            self._wake.wait(0.2)
        return None

    def stop(self) -> None:
        """SIGTERM to every child still running, then SIGKILL to any left at the deadline."""
        running = [child for child in self.children.values() if child.poll() is None]
        for child in running:
            child.terminate()
        deadline = time.monotonic() + self.stop_seconds
        for child in running:
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.0))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
