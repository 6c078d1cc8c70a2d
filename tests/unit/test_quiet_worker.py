"""The worker keeps the log level it was given (streams/quiet_worker.py)."""

from __future__ import annotations

import logging

import faust

from streams.app import app
from streams.quiet_worker import QuietWorker


def _root_level_after_setup(worker_class: type[faust.Worker], name: str) -> int:
    logger = logging.getLogger(name)
    logger.handlers = [logging.NullHandler()]
    logger.setLevel(logging.WARNING)
    worker_class(app, loglevel="warning").on_setup_root_logger(logger, logging.WARNING)
    return logger.level


def test_at_warning_the_quiet_worker_leaves_the_root_logger_at_warning() -> None:
    assert _root_level_after_setup(QuietWorker, "timewire-test-quiet") == logging.WARNING


def test_faust_own_worker_would_turn_it_to_debug_for_its_spinner() -> None:
    # why QuietWorker exists: should Faust stop doing this, the class can go
    assert _root_level_after_setup(faust.Worker, "timewire-test-spinner") == logging.DEBUG


def test_the_app_runs_the_quiet_worker() -> None:
    assert app.conf.Worker is QuietWorker
