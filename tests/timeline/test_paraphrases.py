"""The paraphrase table (timeline/data/paraphrases.json): words and word sequences that report the
same happening share a concept in event keywords, so that merging can match them. Each rule has
example sentences; the negatives show what must stay apart."""

from __future__ import annotations

import pytest

from timeline.lexicon import phrases, synonyms
from timeline.text import content_words, paraphrases


def concepts(text: str) -> set[str]:
    return set(content_words(text)) | set(paraphrases(text))


SAME = [
    # shelling, firing, hitting, striking: one happening in a conflict report
    ("Rebels shelled the village overnight.", "Shells hit the village overnight.", "shell"),
    ("Troops fired on the village.", "Artillery struck the village.", "shell"),
    ("A missile strike on the depot.", "The depot was bombarded.", "shell"),
    # withdrawal: one verb, or a phrase
    ("Russia said it was pulling troops back.", "Russia said units were withdrawing.", "withdraw"),
    ("Units were returning to their bases.", "Moscow announced a withdrawal.", "withdraw"),
    ("Some troops were being sent back to their bases.", "The pullout began.", "withdraw"),
    ("The soldiers headed home after the drills.", "A drawdown of forces.", "withdraw"),
    ("Armoured units pulled out of Crimea.", "Armoured units withdrew from Crimea.", "withdraw"),
    # meetings
    ("Scholz sat down with Putin.", "Scholz and Putin held talks.", "meet"),
    ("The ministers held a second session.", "The ministers met again.", "meet"),
    ("Negotiations resumed in Geneva.", "The summit resumed in Geneva.", "meet"),
    # expulsion
    ("Moscow kicked out the deputy ambassador.", "Moscow expelled the deputy ambassador.", "expel"),
    ("The envoy was declared persona non grata.", "The expulsion of the envoy.", "expel"),
    ("Kyiv ousted two diplomats.", "Kyiv deported two diplomats.", "expel"),
    # evacuation
    ("Children were bused out of Donetsk.", "The evacuation of children from Donetsk.", "evacuat"),
    ("Residents were relocated to Rostov.", "Residents were evacuated to Rostov.", "evacuat"),
    # military exercises
    ("Joint exercises in Belarus.", "Joint drills in Belarus.", "drill"),
    ("Naval manoeuvres in the Black Sea.", "Naval war games in the Black Sea.", "drill"),
    # observers and what they report
    ("OSCE observers inspected the site.", "OSCE monitors inspected the site.", "monitor"),
    ("The inspectors arrived.", "The monitors arrived.", "monitor"),
    ("They will publish their findings.", "They will give an assessment.", "assessment"),
    # celebrations and commemorations
    ("Ukraine celebrated a day of unity.", "Kyiv marked a day of unity.", "celebrat"),
    ("Crowds commemorated the victims.", "Crowds honoured the victims.", "celebrat"),
    # agreements, arrests, protests, resignations, votes
    ("Both sides agreed to a pay rise.", "A pay deal was reached.", "agre"),
    ("Police arrested the leader.", "Police detained the leader.", "arrest"),
    ("Thousands protested in Minsk.", "Thousands rallied in Minsk.", "protest"),
    ("Demonstrators gathered.", "A demonstration was held.", "protest"),
    ("Protesters marched on parliament.", "Protests outside parliament.", "protest"),
    ("The minister resigned.", "The minister stepped down.", "resign"),
    ("The premier quit.", "The premier's resignation.", "resign"),
    ("Parliament voted on the bill.", "A ballot on the bill.", "vote"),
    # truces, cancellations, seizures, bans, deployments, publication
    ("A ceasefire took effect.", "A truce took effect.", "ceasefir"),
    ("The match was cancelled.", "The match was called off.", "cancel"),
    ("The visit was scrapped.", "The cancellation of the visit.", "cancel"),
    ("Rebels seized the airport.", "Rebels took control of the airport.", "seiz"),
    ("Rebels captured the airport.", "The capture of the airport.", "seiz"),
    ("The government banned the party.", "The party was outlawed.", "ban"),
    ("NATO deployed jets.", "NATO dispatched jets.", "deploy"),
    ("The report was published.", "The publication of the report.", "publish"),
]


@pytest.mark.parametrize(("a", "b", "concept"), SAME)
def test_paraphrases_share_a_concept(a: str, b: str, concept: str) -> None:
    assert concept in concepts(a), a
    assert concept in concepts(b), b


DIFFERENT = [
    ("Troops returned fire.", "withdraw"),  # 'return' alone is no withdrawal
    ("The president returned to Kyiv.", "withdraw"),
    ("He sat on the committee.", "meet"),
    ("Prices rose sharply.", "shell"),
    ("The observers stayed in Kyiv.", "withdraw"),
]


@pytest.mark.parametrize(("text", "concept"), DIFFERENT)
def test_unrelated_wording_does_not_take_the_concept(text: str, concept: str) -> None:
    assert concept not in concepts(text)


def test_phrases_allow_a_few_words_between_but_keep_their_order() -> None:
    assert "withdraw" in paraphrases("began pulling its troops back")
    assert "withdraw" not in paraphrases("back then they pulled")
    assert "withdraw" not in paraphrases("returning after a long time to the old base")


def test_table_is_consistent() -> None:
    # every stem belongs to one concept, and a concept is one of its own stems
    seen: dict[str, str] = {}
    for concept, stems in synonyms().items():
        assert concept in stems, concept
        for s in stems:
            assert s not in seen, f"{s} in {seen.get(s)} and {concept}"
            seen[s] = concept
    for concept, seqs in phrases().items():
        assert seqs and all(len(seq) >= 2 for seq in seqs), concept
