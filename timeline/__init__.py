"""Pure timeline code: article -> events; events -> merged timeline entries.

Never imports Faust, Kafka or the web stack.
"""
