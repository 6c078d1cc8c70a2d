"""Reading articles from files: .txt (like the samples), .json (one article), .jsonl (one per
line) and directories (recursively). Pure (pydantic and models only): ``timewire build`` and
``timewire publish`` share it. Never raises on bad input: every problem becomes a ``ReadError``.

A .txt article keeps its full text (a leading ``date YYYY-MM-DD`` dateline stays in it so the
worker finds it); its id is the file stem; its title is the first line (without the dateline
prefix) when a blank line follows it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from models import Article

SUFFIXES = (".txt", ".json", ".jsonl")
MAX_FILE_BYTES = 50 * 1024 * 1024
_DATE_PREFIX = re.compile(
    r"^\s*date:?\s+\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s+", re.I
)


class ReadError(BaseModel):
    path: str
    line: int | None = None
    error: str


class ReadResult(BaseModel):
    articles: list[Article] = Field(default_factory=list)
    errors: list[ReadError] = Field(default_factory=list)


def title_of(text: str) -> str | None:
    """The first line, minus a ``date YYYY-MM-DD`` prefix, when a blank line follows it."""
    lines = text.lstrip("\ufeff").split("\n")
    if len(lines) < 2 or lines[1].strip():
        return None
    first = _DATE_PREFIX.sub("", lines[0]).strip()
    return first[:500] or None


def article_from_txt(source: str | Path, stem: str | None = None) -> Article:
    """An article from a .txt path, or from text (then ``stem`` is required and is the id).

    Raises ``ValueError`` (pydantic's ValidationError is one) on empty text.
    """
    if isinstance(source, Path):
        text = source.read_text(encoding="utf-8-sig", errors="replace")
        ident = stem or source.stem
    else:
        text = source
        if not stem:
            raise ValueError("an id (stem) is required for text input")
        ident = stem
    return Article(id=ident, text=text, title=title_of(text))


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        if not errors:
            return f"invalid article: {exc}"[:500]
        loc = ".".join(str(p) for p in errors[0]["loc"])
        return f"invalid article: {loc + ': ' if loc else ''}{errors[0]['msg']}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def _from_obj(obj: object, default_id: str | None) -> Article:
    if not isinstance(obj, dict):
        raise ValueError("an article must be a JSON object")
    data = dict(obj)
    if default_id is not None and data.get("id") in (None, ""):
        data["id"] = default_id
    return Article.model_validate(data)


def _read_file(path: Path, result: ReadResult) -> None:
    name = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            result.errors.append(ReadError(path=name, error="file too large"))
            return
        suffix = path.suffix.lower()
        if suffix == ".txt":
            result.articles.append(article_from_txt(path))
        elif suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            items = data if isinstance(data, list) else [data]
            for n, obj in enumerate(items):
                try:
                    result.articles.append(_from_obj(obj, path.stem if len(items) == 1 else None))
                except Exception as exc:  # one bad item never hides the others
                    result.errors.append(ReadError(path=name, line=n + 1, error=_error_text(exc)))
        elif suffix == ".jsonl":
            with path.open(encoding="utf-8-sig", errors="replace") as fh:
                for n, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    try:
                        result.articles.append(_from_obj(json.loads(line), None))
                    except Exception as exc:
                        result.errors.append(ReadError(path=name, line=n, error=_error_text(exc)))
        else:
            result.errors.append(
                ReadError(path=name, error=f"unsupported file type {suffix or '(none)'}")
            )
    except Exception as exc:
        result.errors.append(ReadError(path=name, error=_error_text(exc)))


def read_paths(paths: Iterable[str | Path]) -> ReadResult:
    """Articles from files and directories (recursively, in sorted order), with per-file errors."""
    result = ReadResult()
    try:
        items = list(paths)
    except Exception as exc:
        result.errors.append(ReadError(path="?", error=_error_text(exc)))
        return result
    for item in items:
        try:
            path = Path(item)
            if path.is_dir():
                files = sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                )
                for f in files:
                    _read_file(f, result)
            elif path.exists():
                _read_file(path, result)
            else:
                result.errors.append(ReadError(path=str(item), error="no such file or directory"))
        except Exception as exc:
            result.errors.append(ReadError(path=str(item), error=_error_text(exc)))
    return result
