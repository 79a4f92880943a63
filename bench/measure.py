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


def copy_repository(repo: Path, to: Path) -> Path:
    """Copy the files of the git checkout `repo` (tracked, and untracked but not
    ignored, as they are in the working tree) to the new folder `to`; return `to`."""
    import shutil
    import subprocess

    names = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "--cached", "--others", "--exclude-standard"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    for name in names:
        if (repo / name).is_file():  # (not a tracked file deleted in the working tree)
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(repo / name, to / name)
    return to
