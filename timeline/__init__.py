"""Pure timeline code: article -> events; events -> merged timeline entries.

Never imports Faust, Kafka or the web stack. Modules:

- ``timeline.reader``: .txt/.json/.jsonl/directories -> articles (``read_paths``)
- ``timeline.dating``: publication dates (``publication_from_dateline``, ``resolve_publication``)
- ``timeline.anchoring``: cross-article dating of undated articles (``infer_publication``)
- ``timeline.extract``: article -> events (``extract_events``)
- ``timeline.buckets``: the time bucket of an event (``bucket_of``)
- ``timeline.merge``: events -> entries (``merge_events``)
- ``timeline.build``: the whole offline pipeline (``build_timeline``)

Language knowledge (gazetteer, demonyms, reporting verbs, modality and dispute cues, stopwords,
titles, abbreviations, synonyms and paraphrases, transliteration rules) lives in
``timeline/data/``.
"""
