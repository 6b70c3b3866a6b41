"""Package mapping only; all metadata is in pyproject.toml.

The design card keeps `corpora/ align/ models/ eval/` at the top of the repository, but four
generic top-level names in site-packages would collide with other distributions of those
names (and `models` with any `models.py` on a user's path). So each folder installs under the
one `zhenqa` namespace, and every subpackage is found by walking the folder rather than listed
by hand: a static list is how `corpora.formats` once went missing from the wheel.
"""
from setuptools import find_packages, setup

PARTS = ("corpora", "align", "models", "eval")

package_dir = {"zhenqa": "zhenqa", **{f"zhenqa.{part}": part for part in PARTS}}
packages = ["zhenqa", *(f"zhenqa.{p}" for p in find_packages(include=["zhenqa.*"], where="."))]
for part in PARTS:
    packages.append(f"zhenqa.{part}")
    packages += [f"zhenqa.{part}.{sub}" for sub in find_packages(where=part)]
    package_dir.update({f"zhenqa.{part}.{sub}": f"{part}/{sub.replace('.', '/')}"
                        for sub in find_packages(where=part)})

setup(package_dir=package_dir, packages=sorted(set(packages)))
