"""The documentation names commands that exist."""

import re
import subprocess
import sys

import pytest

from tools.common.paths import ROOT

DOCS = ["README.md", "docs/guide-enseignant.md", "template/README.md"]
SESSION = re.compile(r"nox -s ([a-z0-9][\w.-]*[\w])")
LISTED = re.compile(r"^[*-] (\S+)", re.M)


@pytest.fixture(scope="module")
def sessions() -> set[str]:
    pytest.importorskip("nox")
    # The text listing has every session; --json only the default ones.
    listed = subprocess.run(
        [sys.executable, "-m", "nox", "--list"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True,
    )  # fmt: skip
    names = set(LISTED.findall(listed.stdout))
    return names | {name.rsplit("-3.", 1)[0] for name in names}  # "tests" for "tests-3.12"


@pytest.mark.parametrize("doc", DOCS)
def test_every_session_the_docs_name_exists(doc, sessions):
    named = set(SESSION.findall((ROOT / doc).read_text(encoding="utf-8")))
    assert named, doc
    assert named <= sessions, f"{doc} cite des sessions inconnues : {sorted(named - sessions)}"


def test_the_guide_is_linked_from_the_readme():
    assert "docs/guide-enseignant.md" in (ROOT / "README.md").read_text(encoding="utf-8")
