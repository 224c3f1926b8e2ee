"""Stopping child processes the same way everywhere."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterable


def terminate(process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    """SIGTERM and wait; SIGKILL if it has not exited within ``timeout`` seconds."""
    terminate_all([process], timeout)


def terminate_all(processes: Iterable[subprocess.Popen[bytes] | None], timeout: float) -> None:
    """SIGTERM every running process at once, then wait; SIGKILL those still up at ``timeout``."""
    running = [p for p in processes if p is not None and p.poll() is None]
    for process in running:
        process.terminate()
    # One deadline for all: they shut down in parallel, not one after another.
    deadline = time.monotonic() + timeout
    for process in running:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
