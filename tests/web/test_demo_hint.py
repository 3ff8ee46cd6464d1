"""`make demo` ends by telling how to open the web application on the demo store (issue 9, done
means), and the hint creates nothing insecure: no account with a default password."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from govinspect.commands.web import serve

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _demo_recipe() -> list[str]:
    lines = MAKEFILE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("demo:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_make_demo_ends_with_the_url_of_the_application_on_the_demo_store() -> None:
    recipe = _demo_recipe()
    assert recipe[0].endswith("--home $(HOME_DIR) demo")  # the inspection comes first
    tail = " ".join(recipe[1:])
    port = inspect.signature(serve).parameters["port"].default
    urls = re.findall(r"http://[\w.:]+/", recipe[-1])
    assert urls == [f"http://127.0.0.1:{port}/"]  # the address `serve` listens on by default
    assert "--home $(HOME_DIR) serve" in tail  # on the store the demo just filled


def test_make_demo_creates_no_account_and_no_password() -> None:
    recipe = _demo_recipe()
    commands = [line for line in recipe if not line.startswith("@echo")]
    assert not any("user add" in line for line in commands)  # `user add` is only printed, never run
    assert not any(re.search(r"password|passwd|PASSWORD", line) for line in recipe)
    printed = " ".join(line for line in recipe if line.startswith("@echo"))
    assert "user add admin --role admin" in printed  # asks for the password itself, twice
