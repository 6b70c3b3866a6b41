"""Package mapping only; all metadata is in pyproject.toml.

The design card keeps `corpora/ align/ models/ eval/` at the top of the repository, but four
generic top-level names in site-packages would collide with other distributions of those
names (and `models` with any `models.py` on a user's path). So each folder installs under the
one `zhenqa` namespace, and every subpackage is found by walking the folder rather than listed
by hand: a static list is how `corpora.formats` once went missing from the wheel.
`tests/test_packaging.py` builds the wheel and checks its file list against the tree.
"""
from setuptools import find_packages, setup

#: Installed package -> the folder in the repository that holds it.
ROOTS = {
    "zhenqa": "zhenqa",
    "zhenqa.corpora": "corpora",
    "zhenqa.align": "align",
    "zhenqa.models": "models",
    "zhenqa.eval": "eval",
}

package_dir: dict[str, str] = {}
for name, folder in ROOTS.items():
    package_dir[name] = folder
    for sub in find_packages(where=folder):
        package_dir[f"{name}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"

setup(package_dir=package_dir, packages=sorted(package_dir))
