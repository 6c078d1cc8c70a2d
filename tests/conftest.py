"""Shared test locations. ``../shared`` sits beside the repository (as in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No deadlines: timing belongs in bench/, and dateparser's first call loads its data slowly.
settings.register_profile(
    "timewire", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "timewire"))

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIMEWIRE_SHARED_DIR", REPO.parent / "shared"))
SAMPLES = SHARED / "samples"
OUTPUT = REPO / "test-output"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    assert SAMPLES.is_dir(), f"the shared samples are missing: {SAMPLES}"
    return SAMPLES


@pytest.fixture(scope="session")
def dated_sample(samples_dir: Path) -> Path:
    return next(samples_dir.glob("000_*.txt"))


@pytest.fixture(scope="session")
def undated_sample(samples_dir: Path) -> Path:
    return next(samples_dir.glob("001_*.txt"))
