"""Faust's worker without its terminal spinner.

At log levels of WARN and above Faust keeps a progress spinner that ticks on every log record,
and to see them all it sets the root logger to DEBUG: every send and every fetch of aiokafka
then builds a debug record that no handler prints. Under load that was about 3% of the event
loop. Without the spinner the root logger keeps the level that was asked for.
"""

from __future__ import annotations

import logging

import faust


class QuietWorker(faust.Worker):
    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        self.spinner = None
        super().on_setup_root_logger(logger, level)
