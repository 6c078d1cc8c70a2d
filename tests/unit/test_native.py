"""The compiled engine (streams/native.py): taken only while it matches every source, and
byte-for-byte the same plans and merges as the sources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from streams import native

REPO = Path(__file__).resolve().parents[2]


def _tree(root: Path) -> None:
    for rel, text in {
        "temporal/__init__.py": "",
        "temporal/tagger.py": "X = 1\n",
        "timeline/__init__.py": "",
        "timeline/merge.py": "Y = 2\n",
        "timeline/build.py": "Z = 3\n",
        "models/event.py": "W = 4\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def _built(root: Path, native_dir: Path) -> None:
    """A manifest as ``native.build`` writes it, with empty files for the extensions."""
    suffix = native._abi()
    modules = {
        "temporal.tagger": f"temporal/tagger{suffix}",
        "timeline.merge": f"timeline/merge{suffix}",
        f"{native.GROUP}__mypyc": f"{native.GROUP}__mypyc{suffix}",
    }
    for rel in modules.values():
        (native_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (native_dir / rel).write_bytes(b"")
    manifest = {"format": native.FORMAT, "abi": suffix, "sources": native.sources(root),
                "modules": modules}  # fmt: skip
    (native_dir / native.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_what_is_compiled_leaves_out_the_packages_and_the_pydantic_modules(
    tmp_path: Path,
) -> None:
    _tree(tmp_path)
    assert native.compiled(tmp_path) == ["temporal/tagger.py", "timeline/merge.py"]
    assert sorted(native.sources(tmp_path)) == [
        "models/event.py",
        "temporal/__init__.py",
        "temporal/tagger.py",
        "timeline/__init__.py",
        "timeline/build.py",
        "timeline/merge.py",
    ]


def test_a_build_is_taken_while_every_source_matches_it(tmp_path: Path) -> None:
    root, out = tmp_path / "src", tmp_path / "native"
    _tree(root)
    _built(root, out)
    files, why = native.check(root, out)
    assert why == f"native: 2 modules compiled by mypyc, in {out}"
    assert files is not None
    assert sorted(files) == ["temporal.tagger", "timeline.merge", "timewire_native__mypyc"]
    assert files["timeline.merge"] == out / f"timeline/merge{native._abi()}"


def test_an_edited_added_or_removed_source_makes_the_build_stale(tmp_path: Path) -> None:
    root, out = tmp_path / "src", tmp_path / "native"
    _tree(root)
    _built(root, out)
    (root / "models/event.py").write_text("W = 5\n", encoding="utf-8")  # not compiled: typed with
    assert native.check(root, out) == (
        None,
        "interpreted: the native build is older than models/event.py (make native rebuilds it)",
    )
    _built(root, out)
    (root / "timeline/new.py").write_text("", encoding="utf-8")
    (root / "temporal/tagger.py").unlink()
    assert native.check(root, out)[1] == (
        "interpreted: the native build is older than temporal/tagger.py, timeline/new.py "
        "(make native rebuilds it)"
    )


def test_no_build_another_python_or_a_missing_extension_means_the_sources(
    tmp_path: Path,
) -> None:
    root, out = tmp_path / "src", tmp_path / "native"
    _tree(root)
    assert native.check(root, out) == (None, f"interpreted: no native build in {out}")
    _built(root, out)
    manifest = json.loads((out / native.MANIFEST).read_text(encoding="utf-8"))
    (out / native.MANIFEST).write_text(json.dumps({**manifest, "abi": ".cpython-39.so"}), "utf-8")
    assert native.check(root, out) == (
        None,
        f"interpreted: the native build in {out} is for another Python",
    )
    _built(root, out)
    (out / f"timeline/merge{native._abi()}").unlink()
    assert native.check(root, out) == (
        None,
        f"interpreted: the native build lacks {out / f'timeline/merge{native._abi()}'}",
    )


def _digests(mode: str) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.unit.native_digest"],
        cwd=REPO,
        env={**os.environ, "TIMEWIRE_NATIVE": mode, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result: dict[str, str] = json.loads(done.stdout)
    return result


def test_the_compiled_engine_plans_and_merges_as_the_sources_do() -> None:
    """300 articles of the two load feeds, planned, merged whole and merged article by article
    as the stream does. ``make test`` builds the engine first (``make native``)."""
    sources = _digests("off")
    compiled = _digests("auto")
    assert sources["engine"] == "interpreted: TIMEWIRE_NATIVE=off"
    assert sources["tagger"] == str(REPO / "temporal" / "tagger.py")
    assert compiled["engine"].startswith("native: "), compiled["engine"]
    assert compiled["tagger"] == str(REPO / "build" / "native" / "temporal" /
                                     f"tagger{native._abi()}")  # fmt: skip
    assert compiled["buckets"] == sources["buckets"] == 130
    assert (compiled["plans"], compiled["merges"]) == (sources["plans"], sources["merges"])
