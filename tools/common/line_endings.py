"""Line endings aside: a Windows checkout (git's core.autocrlf) of an
untouched file is not a change. The grader (an exercise left as its starting
code) and the re-grade (the teacher's files, the workflow) compare through this."""

from __future__ import annotations

import hashlib
from pathlib import Path


def lf(content: bytes) -> bytes:
    """`content` with every CRLF read as LF."""
    return content.replace(b"\r\n", b"\n")


def lf_sha256(path: Path) -> str:
    """sha256 of the file's content, CRLF read as LF."""
    return hashlib.sha256(lf(path.read_bytes())).hexdigest()
