"""Pure temporal engine: text + anchor -> time mentions (TIMEX3 type/value, interval, granularity).

Never imports Faust, Kafka or the web stack.
"""
