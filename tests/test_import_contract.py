"""The import contract (``[tool.importlinter]`` in ``pyproject.toml``) holds on the tree, and it would catch an
upward import: a copy of the packages with one such import added fails it, naming the offending import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "worker", "shop", "incubator")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    # Run in ``cwd`` so that its copies of the packages come first on the path (lint-imports adds the working
    # directory), not the editable install of the real tree.
    return subprocess.run(  # noqa: S603 - our own venv's lint-imports on our own config
        [str(LINT_IMPORTS), str(cwd / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory) -> Path:
    """The Python packages and the contract, copied (sources only: templates, static files and media stay)."""
    target = tmp_path_factory.mktemp("contract")
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            target / package,
            ignore=lambda directory, names: [
                name for name in names if not name.endswith(".py") and not (Path(directory) / name).is_dir()
            ],
        )
    return target


def test_the_tree_keeps_the_import_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "upward_import", "expected"),
    [
        ("shop/core/money.py", "import shop.storefront", "shop.core is not allowed to import shop.storefront"),
        (
            "shop/orders/models.py",
            "import shop.payments.selectors",
            "shop.orders is not allowed to import shop.payments",
        ),
        ("incubator/selectors.py", "import shop.orders.selectors", "incubator is not allowed to import shop.orders"),
        ("shop/royalties/services.py", "import incubator.models", "shop.royalties.services -> incubator.models"),
        ("shop/orders/services/lifecycle.py", "import worker.app", "shop.orders.services.lifecycle -> worker.app"),
    ],
)
def test_an_upward_import_breaks_the_contract(tree_copy: Path, module: str, upward_import: str, expected: str):
    path = tree_copy / module
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(f"{original}\n{upward_import}  # a deliberate upward import\n", encoding="utf-8")
        result = _lint_imports(tree_copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout
    assert expected in result.stdout, result.stdout
