"""scripts/setup.sh: a fresh machine gets a venv and an install; a second run does not run pip at all
(it cost ~15 s every scripts/build.sh); a changed pyproject.toml, or the test extra, runs it again."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A stand-in interpreter: `-m venv DIR` makes DIR/bin/python (itself) and DIR/bin/parley; `-m pip ...` logs
# its arguments and, for an install, prints setuptools' editable-install warning box and one other warning.
FAKE_PYTHON = r"""#!/usr/bin/env bash
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && printf '#!/bin/sh\n' > "$3/bin/parley"
  chmod +x "$3/bin/python" "$3/bin/parley"
  exit 0
fi
if [ "$1 $2" = "-m pip" ]; then
  shift 2
  echo "$*" >> "$PIP_LOG"
  if [ "$3" = -e ]; then
    {
      echo "  /tmp/x/editable_wheel.py:354: BuildBackendWarning: Editable installation."
      echo "  !!"
      echo "          ****************"
      echo "          Please be careful with folders in your working directory"
      echo "  !!"
      echo "    with strategy, WheelFile(wheel_path, 'w') as wheel_obj:"
      echo "WARNING: a note pip means for the user"
    } >&2
  fi
  exit "${PIP_FAIL:-0}"
fi
exit 1
"""


def make_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", repo / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    fake = tmp_path / "python3"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PYTHON": str(fake), "PIP_LOG": str(tmp_path / "pip.log")}
    return repo, env


def setup(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "scripts/setup.sh", *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=60)


def pip_calls(env: dict[str, str]) -> list[str]:
    log = Path(env["PIP_LOG"])
    return log.read_text().splitlines() if log.exists() else []


def test_a_fresh_machine_installs_and_a_second_run_skips_pip(tmp_path: Path) -> None:
    repo, env = make_repo(tmp_path)
    first = setup(repo, env)
    assert first.returncode == 0, first.stderr
    assert pip_calls(env) == ["install --quiet --upgrade pip", "install --quiet -e ."]
    assert "BuildBackendWarning" not in first.stderr and "Please be careful" not in first.stderr
    assert "with strategy" not in first.stderr and "!!" not in first.stderr
    assert "WARNING: a note pip means for the user" in first.stderr  # pip's other words still shown
    second = setup(repo, env)
    assert second.returncode == 0 and second.stderr == ""
    assert len(pip_calls(env)) == 2  # no pip the second time


def test_a_changed_pyproject_or_the_test_extra_runs_pip_again(tmp_path: Path) -> None:
    repo, env = make_repo(tmp_path)
    assert setup(repo, env).returncode == 0
    with (repo / "pyproject.toml").open("a") as handle:
        handle.write("\n# a new dependency\n")
    assert setup(repo, env).returncode == 0
    assert pip_calls(env)[-1] == "install --quiet -e ." and len(pip_calls(env)) == 3
    assert setup(repo, env, "--test").returncode == 0
    assert pip_calls(env)[-1] == "install --quiet -e .[test]" and len(pip_calls(env)) == 4
    assert setup(repo, env, "--test").returncode == 0 and setup(repo, env).returncode == 0
    assert len(pip_calls(env)) == 4  # the test install covers the plain one


def test_a_failed_install_leaves_no_stamp_and_shows_pip_output(tmp_path: Path) -> None:
    repo, env = make_repo(tmp_path)
    assert setup(repo, env).returncode == 0  # the venv is made
    (repo / ".venv" / ".parley-stamp-base").unlink()
    failed = setup(repo, {**env, "PIP_FAIL": "1"})
    assert failed.returncode == 1 and "Please be careful" in failed.stderr  # all of it, when pip fails
    assert not (repo / ".venv" / ".parley-stamp-base").exists()
    assert setup(repo, env).returncode == 0
    assert len(pip_calls(env)) == 4  # tried again after the failure
