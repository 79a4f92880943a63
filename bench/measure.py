"""Measuring helpers shared by the benchmarks."""

from __future__ import annotations

from pathlib import Path


def peak_rss_mib() -> float:
    """This process's peak resident memory, in MiB.

    (Not ``resource.getrusage``'s ru_maxrss: Linux carries the parent's high-water
    mark across exec, so a child started by a big parent reports the parent's peak.)
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM line in /proc/self/status")
