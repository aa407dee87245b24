"""tools/maintainer/first_failure_plugin.py: a test file stops at its first failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.common.paths import ROOT


def test_each_file_stops_at_its_own_first_failure(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_a.py").write_text(
        "def test_1():\n    pass\n\n"
        "def test_2():\n    assert False\n\n"
        "def test_3():\n    pass\n\n"
        "def test_4():\n    assert False\n"
    )
    (tmp_path / "test_b.py").write_text("def test_1():\n    pass\n\ndef test_2():\n    pass\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(tmp_path / "pytest.ini"),
         f"--rootdir={tmp_path}", "-p", "tools.maintainer.first_failure_plugin",
         "-p", "no:cacheprovider", "-rA", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    out = done.stdout
    assert done.returncode == 1, out
    # test_a: 1 passes, 2 fails, 3 and 4 (which would fail) are skipped;
    # test_b is not touched by test_a's failure.
    assert "premier échec suffit" in out
    assert "1 failed, 3 passed, 2 skipped" in out
