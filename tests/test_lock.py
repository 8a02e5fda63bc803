"""The installed dependency set is the lock file's, and the lock file honours pyproject's ranges."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)(?:\s*;\s*([^\\]+?))?\s*\\?$", re.MULTILINE)


def pinned() -> dict[str, tuple[str, str | None]]:
    text = (ROOT / "requirements.lock").read_text()
    return {
        canonicalize_name(name): (version, marker) for name, version, marker in PIN.findall(text)
    }


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in [*project["dependencies"], *extras]]


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = pinned()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in the lock"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"the lock pins {requirement.name}=={version} outside {requirement.specifier}"
        )


def test_every_pin_carries_a_hash():
    text = (ROOT / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert len(blocks) >= len(declared())
    for block in blocks:
        assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]}"


def test_the_environment_runs_exactly_the_pinned_versions():
    for name, (version, marker) in pinned().items():
        if marker and not Marker(marker).evaluate():
            continue  # for another platform or Python
        assert metadata.version(name) == version, f"{name} installed differs from the lock"
