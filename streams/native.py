"""The pure engine compiled with mypyc, used by the ``timewire`` command when it is current.

Extraction and merging are plain Python with full type hints (``temporal/``, ``timeline/``);
mypyc turns them into C extensions that run the same code about a quarter faster, which on a
worker is CPU for more articles a second. Two things make a compiled build risky, and this
module is the answer to both:

* a compiled module beside its source shadows it, so an edited file would not run until the
  next build. The build therefore lives in a directory of its own (``TIMEWIRE_NATIVE_DIR``),
  with a manifest of the digest of every source it was made from, and a process takes it only
  if every digest still matches: otherwise it runs the sources, and ``state()`` says why (the
  worker logs it).
* compiled modules of one build call each other directly, so a process must take all of them
  or none. They are imported through one finder installed before the first import of the
  engine (``activate`` at the top of ``streams/cli.py``; the extraction processes, started with
  ``spawn``, import that module first too).

Tests import the sources (pytest never activates the build); workers started by the
integration tests run the build, and ``tests/unit/test_native.py`` checks that the two give
byte-identical plans and merges.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGES = ("temporal", "timeline")  # compiled
TYPED_WITH = ("models",)  # read by the compiler for types, and digested: not compiled
# modules mypyc cannot compile (they define pydantic models), and the packages' __init__
# (kept as sources, so that the packages and their data files stay where they are)
NOT_COMPILED = frozenset({"timeline/article_plan.py", "timeline/build.py", "timeline/reader.py"})
GROUP = "timewire_native"
MANIFEST = "manifest.json"
FORMAT = 1

# what this process runs: "interpreted" until ``activate`` installs a current build
_state = "interpreted: not activated"


def source_root() -> Path:
    """The directory holding the packages (a checkout, or site-packages once installed),
    found without importing them."""
    spec = importlib.util.find_spec(PACKAGES[0])
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {PACKAGES[0]} not found")
    return Path(next(iter(spec.submodule_search_locations))).parent


def default_dir() -> Path:
    return source_root() / "build" / "native"


def sources(root: Path) -> dict[str, str]:
    """sha256 of every source the build depends on, by path relative to ``root``."""
    out: dict[str, str] = {}
    for package in (*PACKAGES, *TYPED_WITH):
        for path in sorted((root / package).rglob("*.py")):
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def compiled(root: Path) -> list[str]:
    """The sources compiled, relative to ``root``."""
    return [
        p
        for p in sources(root)
        if p.split("/", 1)[0] in PACKAGES
        and p not in NOT_COMPILED
        and not p.endswith("__init__.py")
    ]


def _module_name(relpath: str) -> str:
    return relpath.removesuffix(".py").replace("/", ".")


def _abi() -> str:
    return str(sysconfig.get_config_var("EXT_SUFFIX"))


def _read_manifest(native_dir: Path) -> dict[str, object] | None:
    try:
        data = json.loads((native_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def check(root: Path, native_dir: Path) -> tuple[dict[str, Path] | None, str]:
    """(module name -> extension file, "native: ...") for a build that matches the sources
    under ``root`` and this interpreter, else (None, why not)."""
    manifest = _read_manifest(native_dir)
    if manifest is None:
        return None, f"interpreted: no native build in {native_dir}"
    if manifest.get("format") != FORMAT or manifest.get("abi") != _abi():
        return None, f"interpreted: the native build in {native_dir} is for another Python"
    built = manifest.get("sources")
    now = sources(root)
    if built != now:
        assert isinstance(built, dict)
        changed = sorted(p for p in set(built) | set(now) if built.get(p) != now.get(p))
        return None, (
            f"interpreted: the native build is older than {', '.join(changed[:3])}"
            f"{' ...' if len(changed) > 3 else ''} (make native rebuilds it)"
        )
    modules = manifest.get("modules")
    assert isinstance(modules, dict)
    files = {name: native_dir / str(rel) for name, rel in modules.items()}
    missing = [str(f) for f in files.values() if not f.is_file()]
    if missing:
        return None, f"interpreted: the native build lacks {missing[0]}"
    return files, f"native: {len(files) - 1} modules compiled by mypyc, in {native_dir}"


class _Finder(importlib.abc.MetaPathFinder):
    """Imports the build's modules from their extension files, everything else as usual."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(file))
        return importlib.util.spec_from_file_location(fullname, file, loader=loader)


def configured() -> tuple[str, Path]:
    """``TIMEWIRE_NATIVE`` and the build's directory, from the settings."""
    from streams.settings import Settings  # imports no engine module

    settings = Settings()
    return settings.native, settings.native_dir or default_dir()


def activate() -> str:
    """Run the compiled engine in this process if a current build exists (``TIMEWIRE_NATIVE``:
    ``auto``, the default, or ``off``). Must come before the first import of the engine;
    returns what the process runs, as ``state()`` does."""
    global _state
    try:
        mode, native_dir = configured()
    except ValueError as exc:  # the command itself reports bad settings
        _state = f"interpreted: settings: {str(exc).splitlines()[0]}"
        return _state
    if mode == "off":
        _state = "interpreted: TIMEWIRE_NATIVE=off"
        return _state
    if any(name in sys.modules for name in PACKAGES):
        _state = "interpreted: the engine was imported before the native build could be"
        return _state
    files, _state = check(source_root(), native_dir)
    if files is not None and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder(files))
    return _state


def state() -> str:
    """``native: ...`` or ``interpreted: why``."""
    return _state


def build(native_dir: Path, jobs: int = 2) -> str:
    """Compile the engine into ``native_dir`` (replacing what was there), unless the build
    there is current. Runs the compiler on a copy of the sources, so nothing is written beside
    them. Returns what it did."""
    root = source_root()
    files, why = check(root, native_dir)
    if files is not None:
        return f"up to date: {why}"
    digests = sources(root)
    targets = compiled(root)
    with tempfile.TemporaryDirectory(prefix="timewire-native-") as tmp:
        work = Path(tmp)
        for package in (*PACKAGES, *TYPED_WITH):
            shutil.copytree(root / package, work / package,
                            ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
        (work / "mypy.ini").write_text(
            "[mypy]\npython_version = 3.11\nignore_missing_imports = True\n"
            "check_untyped_defs = True\n",
            encoding="utf-8",
        )
        (work / "setup.py").write_text(
            "from setuptools import setup\n"
            "from mypyc.build import mypycify\n"
            f"setup(name={GROUP!r}, packages=[], ext_modules=mypycify(\n"
            f"    ['--config-file', 'mypy.ini', *{targets!r}], group_name={GROUP!r}))\n",
            encoding="utf-8",
        )
        out = work / "out"
        done = subprocess.run(
            [sys.executable, "setup.py", "build_ext", "--build-lib", str(out), "-j", str(jobs)],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"mypyc failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
        suffix = _abi()
        modules = {_module_name(t): t.removesuffix(".py") + suffix for t in targets}
        modules[f"{GROUP}__mypyc"] = f"{GROUP}__mypyc{suffix}"
        for name, rel in modules.items():
            if not (out / rel).is_file():
                raise RuntimeError(f"mypyc made no {rel} for {name}")
        manifest = {"format": FORMAT, "abi": suffix, "sources": digests, "modules": modules}
        (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
        if native_dir.exists():
            shutil.rmtree(native_dir)
        native_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(out, native_dir)
    return f"built {len(targets)} modules into {native_dir}"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m streams.native build [DIR]`` (``make native``) and ``... check [DIR]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "check"
    native_dir = Path(args[1]) if len(args) > 1 else configured()[1]
    if command == "build":
        print(build(native_dir, jobs=os.cpu_count() or 1))
        return 0
    if command == "check":
        files, why = check(source_root(), native_dir)
        print(why)
        return 0 if files is not None else 1
    print(f"unknown command {command!r}: build or check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
