"""Build hook (the rest of the packaging is in pyproject.toml): a wheel carries a copy of the
top-level manifest/ folder (the Slack and Teams app manifests and the Teams icons) as
adapters/manifest, so `careerbot manifest ...` works after `pip install .`. The folder stays at
the top of the checkout, where the README and the platforms' setup steps point."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MANIFESTS = Path(__file__).resolve().parent / "manifest"


class BuildPyWithManifests(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads manifest/ in the checkout itself
        target = Path(self.build_lib) / "adapters" / "manifest"
        shutil.copytree(MANIFESTS, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithManifests})
