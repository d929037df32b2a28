"""The zh-Hans catalogue compiles (no duplicate or malformed entry, placeholders match) and the committed
.mo is the compiled .po: several branches add translations in parallel and git merges the .po by union."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import _skip_or_fail

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_the_catalogue_compiles_and_the_committed_mo_is_current(tmp_path):
    if shutil.which("msgfmt") is None:
        _skip_or_fail("needs msgfmt (apt-get install gettext)")
    compiled = tmp_path / "django.mo"
    result = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        ["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE / "django.po")],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes(), "run `make messages` and commit the .mo"
