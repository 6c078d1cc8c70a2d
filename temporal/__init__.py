"""Pure temporal engine: text + anchor -> time mentions (TIMEX3 type/value, interval, granularity).

Never imports Faust, Kafka or the web stack. ``tag(text, published_at)`` is the entry point.

Layout:

* ``data/*.json`` - language knowledge (months, weekdays, numbers, units, tense cues, vague
  references, sets, context words), loaded once by ``lexicon.py``;
* ``grammar.py`` - regex fragments built from the tables; ``heads.py`` - the head-word pre-scan
  that limits each rule to windows of the text;
* ``rules/`` - one module per family (absolute, relative, anchored, durations, periods, clock,
  sets, vague), each a list of (regex, resolver);
* ``tense.py`` and ``placement.py`` - where an underspecified date goes (past/future/same);
  ``intervals.py`` - calendar units, their TIMEX3 values and half-open UTC intervals;
  ``durations.py`` - duration values and their arithmetic;
* ``postprocess.py`` - modifiers, time+date merging, ranges (since/until/from-to), clock days;
* ``tagger.py`` - the pipeline; ``rows.py`` - JSONL rows for the CLI and benchmarks.
"""

from temporal.tagger import tag

__all__ = ["tag"]
