"""Text → claims: each asserting sentence with its sources, certainty, dates and numbers.

A wire dateline ("JUBA, March 14 (Reuters) - ") stays in its sentence's span but takes no part in
it: its date is the story's, its agency no source, and its place is where the claim was made. A
sentence that is only a quotation, after a sentence quoting a named source, is that source's
("…," he said. "Our forces are holding the line."). A claim's date (``when``) is that of what it
states: its dates but those that only set the scene ("since the war began in April 2023").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from geo.dates import find_dates
from geo.lexicon import Lexicon, load_lexicon
from geo.models import PRECISIONS, Claim, DateMention, DateRange, Document, Source
from geo.numbers import find_numbers
from geo.sources import SourceRegistry, attribute, dateline, document_source, headline, opens_with_source, speaks
from geo.text import (
    ClaimWords,
    Span,
    claim_words,
    finditer_lowered,
    has_words,
    needle_text,
    overlaps,
    split_sentences,
)

MIN_CLAIM_WORDS = 4
# Where a sentence may hold a second claim: ", while the ministry said…", "; the army denied…".
_CLAUSE_BREAK = re.compile(r",\s+(?:while|but|whereas|and)\s+|;\s+|(?<!\s)\s++but\s+")  # a run of spaces tried once
# Words after which a cue is a noun or an adjective, not a verb: "the claim", "400 suspected collaborators".
NOUN_MARKERS = frozenset(
    {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "such", "any", "every", "each"}
    | {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "dozens", "hundreds"}
    | {"either", "neither", "both", "our", "my", "your", "whose", "first", "second", "third", "fourth", "fifth"}
)
# "rejected that claim": after "that", a cue that is also a noun is the noun
_NOUN_CUE = re.compile(r"claims?\b", re.IGNORECASE)
# "The group, which claimed the attack, disputed the account": a clause about the subject, set off by
# commas before the claim's verb, holds no cue of a claim (its hedges, "which could begin in May", stay)
_SUBJECT_CLAUSE = re.compile(r",\s+(?:which|who)\b[^,.;]*,")


_WORDS = re.compile(r"[\w’']+")
_OPENING_QUOTE = ("“", '"', "‘")
# A date set off with its own clause about the subject: "Morocco's forces, which have held it since 1975, said".
_SCENE_OPENERS = frozenset({"since", "after", "when", "before", "until"})
# "the unrest that erupted on 4 June 2021": a relative pronoun right before one of those verbs.
_RELATIVE_PRONOUNS = frozenset({"that", "which"})
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose|where)\b[^,]*(?:,|$)")  # to a comma or the end
_POSSESSIVE_DATE = re.compile(r"[’']s?(?=\s)")  # "last month's attack", "Tuesday's vote"


@dataclass
class _State:
    """What one sentence leaves for the next: the date the text gave last, the chain of a quotation."""

    context: DateRange | None = None
    quoted_chain: tuple[Source, ...] | None = None
    quote_open: bool = False  # a quotation opened and not yet closed: its next sentences are its speaker's


def extract_claims(document: Document, lexicon: Lexicon | None = None) -> list[Claim]:
    return [claim for claim, _ in claims_and_words(document, lexicon)]


def claims_and_words(document: Document, lexicon: Lexicon | None = None) -> list[tuple[Claim, ClaimWords]]:
    """The claims, each with its text's words as this stage read them: the stages after it (map
    layers, the signature) test the same words, and take them rather than find them again."""
    lexicon = lexicon or load_lexicon()
    registry = SourceRegistry.for_text(document.text)
    own_voice = document_source(document.outlet)
    opening = dateline(document.text)
    top = headline(document.text)
    state = _State()
    lowered = needle_text(document.text)  # lowered once: each sentence's patterns are searched in it
    claims = []
    previous_end = 0
    for sentence in split_sentences(document.text):
        if "\n" in document.text[previous_end : sentence.start]:
            state.quote_open = False  # a quotation running on into a new paragraph opens it again
        previous_end = sentence.end
        if top is not None and sentence.start == top.start and sentence.end == top.end:
            continue  # the headline: the story's claims are in its body
        if not _asserts(sentence):
            state.quote_open = _leaves_quote_open(sentence.text, state.quote_open)  # '"No." ' opens none
            continue
        lead = None  # the dateline opening this sentence: in its span, in none of its analysis
        if opening is not None and sentence.start <= opening.start < opening.end < sentence.end:
            body = Span(document.text[opening.end : sentence.end], opening.end, sentence.end)
            if has_words(body.text, MIN_CLAIM_WORDS):
                lead, sentence = opening, body
        for index, clause in enumerate(clauses(sentence, lexicon)):
            opening_lead = lead if index == 0 else None
            claims.append(_claim(document, clause, registry, lexicon, own_voice, state, opening_lead, lowered))
    attributed = _quotes_attributed_later([claim for claim, _ in claims])
    return list(zip(attributed, [words for _, words in claims], strict=True))


def _quotes_attributed_later(claims: list[Claim]) -> list[Claim]:
    """'"They came at night. They burned the shelters," said Jane Doe.': a quotation opened in one
    sentence and closed, with its source, in the next is that source's from its first sentence."""
    for index in range(len(claims) - 2, -1, -1):
        claim, following = claims[index], claims[index + 1]
        opened = claim.text.lstrip().startswith(_OPENING_QUOTE) and not _closes_quote(claim.text.lstrip()[1:])
        unattributed = len(claim.sources) == 1 and claim.sources[0].kind == "document"
        if opened and unattributed and _closes_quote(following.text) and following.sources[0].kind != "document":
            claims[index] = replace(claim, sources=following.sources)
    return claims


def _closes_quote(text: str) -> bool:
    return "”" in text or '"' in text


def clauses(sentence: Span, lexicon: Lexicon) -> list[Span]:
    """The claims of one sentence: two when two sources each say their part.

    "The army claimed X, while the ministry accused Y" is split before "while"; "The army
    said X and denied Y" is not (one source), nor "X happened, but the army said Y" (the
    first part is nobody's).
    """
    if "," not in sentence.text and ";" not in sentence.text and "but" not in sentence.text:
        return [sentence]  # none of _CLAUSE_BREAK's breaks: most sentences, not searched
    for boundary in _CLAUSE_BREAK.finditer(sentence.text):
        first = sentence.text[: boundary.start()].rstrip()
        rest = sentence.text[boundary.end() :]
        if speaks(first, lexicon) and opens_with_source(rest, lexicon):
            second = Span(rest, sentence.start + boundary.end(), sentence.end)
            return [Span(first, sentence.start, sentence.start + len(first)), *clauses(second, lexicon)]
    return [sentence]


def _claim(
    document: Document,
    sentence: Span,
    registry: SourceRegistry,
    lexicon: Lexicon,
    own_voice: Source,
    state: _State,
    lead: Span | None = None,
    lowered: str | None = None,
) -> tuple[Claim, ClaimWords]:
    """``lowered``: the document's text as ``needle_text`` gives it, where patterns are searched."""
    own_lowered = lowered[sentence.start : sentence.end] if lowered is not None else None
    read = claim_words(sentence.text, own_lowered)
    words = read.letters  # looked up by certainty cues, date and number patterns alike
    level, cues = certainty(sentence.text, lexicon, words, own_lowered)
    dates = find_dates(document.text, sentence.start, sentence.end, document.published, state.context, words, lowered)
    taken = [(d.start, d.end) for d in dates]
    numbers = find_numbers(document.text, sentence.start, sentence.end, lexicon, taken, words)
    said: list[tuple[int, int]] = []
    sources = attribute(sentence, registry, lexicon, own_voice, said)
    if state.quote_open and not _next_quote_closes(document.text, sentence.start):
        state.quote_open = False  # a mark that opens comes first: the quotation was closed by a paragraph end
    sources = _quotation(sentence.text, sources, state)
    said_at = [(sentence.start + a, sentence.start + b) for a, b in said] if said else []
    when = None
    if dates:
        when = _when(document.text, sentence, dates, lexicon)
        resolved = [d for d in dates if d.resolved is not None]
        if resolved:  # "clashes on Saturday killed 12, officials said on Wednesday": "the following day" is Sunday
            stated = [d for d in resolved if not _statement_date(document.text, sentence, d, lexicon)]
            state.context = (stated or resolved)[-1].resolved if len(resolved) > 1 else resolved[0].resolved
    if lead is not None:
        said_at.insert(0, (lead.start, lead.start + len(lead.text)))
        sentence = Span(document.text[lead.start : sentence.end], lead.start, sentence.end)
        read = claim_words(sentence.text, lowered[sentence.start : sentence.end] if lowered is not None else None)
    claim = Claim(
        text=sentence.text,
        start=sentence.start,
        end=sentence.end,
        sources=sources,
        certainty=level,
        certainty_cues=cues,
        dates=tuple(dates),
        numbers=tuple(numbers),
        when=when,
        said_at=tuple(said_at),
    )
    return claim, read


def _quotation(text: str, sources: tuple[Source, ...], state: _State) -> tuple[Source, ...]:
    """A sentence that is only a quotation goes on quoting the source of the quotation before it."""
    opens_quote = text.lstrip().startswith(_OPENING_QUOTE)
    inside, state.quote_open = state.quote_open, _leaves_quote_open(text, state.quote_open)
    if (opens_quote or inside) and len(sources) == 1 and sources[0].kind == "document" and state.quoted_chain:
        return state.quoted_chain
    quotes = '"' in text or "“" in text or "”" in text
    state.quoted_chain = sources if quotes and sources[0].kind != "document" else None
    return sources


_QUOTE_MARK = re.compile(r'[“”"]')


def _opens(text: str, mark: re.Match) -> bool:
    """A curly mark says which it is; a straight one opens after a space or at the start ('said "We')."""
    if mark.group() != '"':
        return mark.group() == "“"
    return mark.start() == 0 or text[mark.start() - 1] in " \n\t(—–-"


def _leaves_quote_open(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open after the sentence: '"Some were children. We found their shoes.'"""
    if '"' not in text and "“" not in text and "”" not in text:
        return was_open  # most sentences hold no mark
    last = None
    for last in _QUOTE_MARK.finditer(text):  # noqa: B007 (the last one decides)
        pass
    return was_open if last is None else _opens(text, last)


def _next_quote_closes(text: str, start: int) -> bool:
    """Whether the next quotation mark from ``start`` closes one: the sentence is inside a quotation (in
    text whose paragraphs were run together, a quotation left open at a paragraph's end is not)."""
    mark = _QUOTE_MARK.search(text, start)
    return mark is not None and not _opens(text, mark)


def _when(text: str, sentence: Span, dates: list[DateMention], lexicon: Lexicon) -> DateRange | None:
    """The span of the claim's own dates: those that set the scene left out."""
    mentions = [d for d in dates if d.resolved is not None and not _background(text, sentence, d, lexicon)]
    if len(mentions) > 1:  # "killed 20 over the weekend, police said on Friday": the killing's date
        stated = [d for d in mentions if not _statement_date(text, sentence, d, lexicon)]
        mentions = stated or mentions
    if len(mentions) > 1:  # "stormed it on Friday, after the arrest of five activists on Wednesday": Friday
        mentions = [d for d in mentions if not _in_an_event_clause(text, sentence, d)] or mentions
    own = [d.resolved for d in mentions]
    if len(own) < 2:
        return own[0] if own else None
    precision = max((r.precision for r in own), key=PRECISIONS.index)
    return DateRange(min(r.earliest for r in own), max(r.latest for r in own), precision)


_BE = frozenset({"is", "are", "was", "were", "been", "be"})
# Whom a source told, between its verb and the day it spoke: "told reporters", "told Congress", "told the BBC"
_STATEMENT_AUDIENCE = re.compile(r"(?:|reporters|journalists|(?:the\s+)?(?:[A-Z][\w’'.-]*\s*){1,3})(?:\s*\bon)?")


def _statement_date(text: str, sentence: Span, mention: DateMention, lexicon: Lexicon) -> bool:
    """ "police said on Friday", "told reporters on Monday": the day the source spoke, right after its verb
    (not "cases were reported in 2004": a passive verb says when things happened)."""
    if mention.resolved.precision != "day":
        return False
    before = text[max(sentence.start, mention.start - 30) : mention.start]
    verbs = list(lexicon.reporting_verbs.finditer(before))
    verb = verbs[-1] if verbs else None
    if verb is None or not _STATEMENT_AUDIENCE.fullmatch(before[verb.end() :].strip()):
        return False
    return not _BE.intersection(before[: verb.start()].lower().split()[-1:])


def _background(text: str, sentence: Span, mention: DateMention, lexicon: Lexicon) -> bool:
    """ "since the war began in April 2023", "which erupted in 2017", "the worst since 1971",
    "last month's attack", "the heaviest loss this year"."""
    if _POSSESSIVE_DATE.match(text, mention.end):
        return True  # "last month's attack at X": the date of a thing named, not of the claim
    before = text[max(sentence.start, mention.start - 60) : mention.start]
    words = [w.lower() for w in before.split()[-8:]] + mention.phrase.lower().split()[:1]
    if words[-1] == "this" and any(lexicon.background_superlatives.fullmatch(w) for w in words[-6:-1]):
        return True  # "the junta's heaviest loss in the state this year": the scope of a comparison
    relative = (
        None if _RELATIVE_PRONOUNS.isdisjoint(words) else max(i for i, w in enumerate(words) if w in _RELATIVE_PRONOUNS)
    )
    if relative is not None and lexicon.background_after.match(" ".join(words[relative + 1 :])):
        return True  # "unrest that erupted on 4 June 2021", "the group, which was founded in 2012"
    opener = max((i for i, w in enumerate(words) if w in _SCENE_OPENERS), default=None)
    if opener is None and _SCENE_WORD.search(text, max(sentence.start, mention.start - 100), mention.start):
        words, opener = _scene_clause(text, sentence, mention)
    if opener is not None:
        # "since the war began in April 2023": a clause setting the scene, opened by "since", "after"…
        if lexicon.background_after.search(" ".join(words[opener + 1 :])):
            return True
        # "the worst since 1971", "the heaviest fighting since 2021": a comparison, not the claim's time
        # ("most of the north since 2019" is a share)
        compared = words[max(0, opener - 4) : opener]
        following = words[max(0, opener - 3) : opener + 1]
        if words[opener] == "since" and any(
            lexicon.background_superlatives.fullmatch(w) and (w, after) != ("most", "of")
            for w, after in zip(compared, following, strict=False)
        ):
            return True
    if _named_by_a_participle(before, lexicon):
        return True  # "a peace agreement signed on March 2 would be enforced": the agreement's date
    local = mention.start - sentence.start
    if _in_an_appositive_clause(sentence.text, local, lexicon):
        return True  # "…in the forest, a remote area that troops entered only in 2023"
    if "which" not in sentence.text and "who" not in sentence.text and "where" not in sentence.text:
        return False
    return any(m.start() < local < m.end() for m in _RELATIVE_CLAUSE.finditer(sentence.text))


SCENE_REACH_WORDS = 14  # "since the war between the army and the RSF erupted in April 2023": a long subject
# an opener further back than the first look: few sentences hold one, so the wider look is rarely taken
_SCENE_WORD = re.compile(r"\b(?:since|after|when|before|until)\b", re.IGNORECASE)


def _scene_clause(text: str, sentence: Span, mention: DateMention) -> tuple[list[str], int | None]:
    """The words of a clause opened by "since", "after"… further back than the first look, with no comma
    or stop between it and the date (the clause runs on to it)."""
    before = text[max(sentence.start, mention.start - 100) : mention.start]
    words = [w.lower() for w in before.split()[-SCENE_REACH_WORDS:]] + mention.phrase.lower().split()[:1]
    opener = max((i for i, w in enumerate(words) if w in _SCENE_OPENERS), default=None)
    if opener is None or any(w[-1] in ",.;:" for w in words[opener:-1]):
        return words, None
    return words, opener


_EVENT_OPENERS = frozenset({"after", "before", "since", "until", "following"})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their"})


def _in_an_event_clause(text: str, sentence: Span, mention: DateMention) -> bool:
    """ "after the arrest of five activists on Wednesday": the date of an event the claim is placed
    against, not of what it states ("since Sunday" and "until the end of the month" are its own)."""
    words = text[max(sentence.start, mention.start - 120) : mention.start].lower().split()[-14:]
    opener = max((i for i, w in enumerate(words) if w in _EVENT_OPENERS), default=None)
    return opener is not None and len(words) - opener > 2 and words[opener + 1] in _DETERMINERS


_DATE_PREPOSITIONS = frozenset({"on", "in", "at"})
_AUXILIARIES = _BE | {"has", "have", "had", "being"}


def _named_by_a_participle(before: str, lexicon: Lexicon) -> bool:
    """ "an agreement signed on March 2": a participle right before the date, after a noun (not "was
    signed on March 2", which states when)."""
    written = before[-40:].split()[-4:]  # the few words right before the date
    words = before[-40:].lower().split()[-4:]
    while words and words[-1] in _DATE_PREPOSITIONS:
        words.pop()
    return (
        len(words) >= 2
        and words[-1] in lexicon.background_participles
        and words[-2] not in _AUXILIARIES
        and words[-2].rstrip(",").isalpha()  # "mayors, elected in April, took office": set off by a comma
        and not (words[-1] in lexicon.party_acts and _a_party(written[len(words) - 2], lexicon))
    )


def _a_party(word: str, lexicon: Lexicon) -> bool:
    """Whether a word right before "signed", "agreed" names who did it ("factions", "Sweida", "rebels"),
    not the thing it made ("deal", "the Doha Agreement")."""
    lowered = word.lower()
    if lowered in lexicon.dated_things:
        return False
    if word[0].isupper():
        return True
    single = lowered[:-1] if lowered.endswith("s") else lowered
    return any(w in lexicon.organisation_nouns or w in lexicon.described_heads for w in (lowered, single))


# ", a remote area that troops entered in 2023": a noun set off by a comma, described by a relative clause
# (", an oil town in the western Mangistau region where police shot dead 14 workers in December 2011": its
# place named too).
_APPOSITIVE_RELATIVE = re.compile(
    r",\s+(?:an?|the)\s+(?:[\w’'-]+\s+){0,7}?(?P<noun>[\w’'-]+)\s+(?:that|which|where|when)\s+[^,;]*"
)


def _in_an_appositive_clause(sentence: str, local: int, lexicon: Lexicon) -> bool:
    if ", a" not in sentence and ", the" not in sentence:
        return False
    return any(
        m.start() < local < m.end() and not lexicon.reporting_verbs.search(m.group(), 0, m.end("noun"))
        for m in _APPOSITIVE_RELATIVE.finditer(sentence)
    )  # ", the ministry told reporters that…" is a source speaking, not a noun described


def _asserts(sentence: Span) -> bool:
    """Questions and fragments (headings, bylines) assert nothing."""
    if sentence.text.rstrip("”\"' ").endswith("?"):
        return False
    return has_words(sentence.text, MIN_CLAIM_WORDS)


def _attributive(sentence: str, cue_start: int) -> bool:
    """A cue word used as a noun or adjective: "denied the claim", "two suspected agents",
    "Suspected insurgents detonated…" (a participle opening the sentence, before a noun)."""
    window = sentence[max(0, cue_start - 20) : cue_start]
    before = _WORDS.findall(window)
    if not before:
        return _opening_participle(sentence, cue_start)
    if not before or "," in window[window.rfind(before[-1]) :]:
        return False  # "since April 2023, accused": a clause ends before the cue
    if sentence.startswith(_DESCRIBING_PARTICIPLES, cue_start) and (
        before[-1].endswith(("ed", "ing")) or before[-1] in _IRREGULAR_VERBS
    ):
        return before[-1].islower()  # "shelled suspected militant positions": the object, described
    if before[-1].lower() == "that":
        return _NOUN_CUE.match(sentence, cue_start) is not None
    return before[-1].lower() in NOUN_MARKERS or before[-1].replace(",", "").isdigit()


# Cues that count only where the words before them let them: "cited" where a relative clause relays a
# source ("according to X, which cited Y"; not "was cited for speeding", "cited concerns"), "told" where
# no form of "be" makes it passive ("Doctors were told not to speak" is what someone was told).
_CUES_BY_PLACE = {
    "cited": re.compile(r"\b(?:which|who)\s+$", re.IGNORECASE),
    "told": re.compile(r"(?<!\bwas)(?<!\bwere)(?<!\bbeen)(?<!\bbeing)(?<!\bbe)(?<!\bis)(?<!\bare)\s+$", re.IGNORECASE),
}


def _cue_in_its_place(cue: str, sentence: str, start: int, end: int) -> bool:
    """Whether one of ``_CUES_BY_PLACE`` is a cue where it stands ("was told by her surgeon" still is: the
    surgeon told her)."""
    if cue == "told" and sentence.startswith(" by ", end):
        return True
    return _CUES_BY_PLACE[cue].search(sentence, 0, start) is not None


# Verbs of acts on a target whose past is not "-ed": "struck suspected PKK positions", "hit suspected hideouts".
_IRREGULAR_VERBS = frozenset({"struck", "strike", "strikes", "hit", "hits", "shot", "caught", "held", "found", "took",
                              "sent", "drove", "threw"})  # fmt: skip
# Cue words that, right after a verb, describe its object: "arrested suspected smugglers".
_DESCRIBING_PARTICIPLES = ("suspected ", "alleged ", "presumed ", "purported ")
_PARTICIPLE_BEFORE_NOUN = re.compile(r"[A-Za-z]+ed\s+(?!(?:that|to|by|in|on|at)\b)[a-z]")


def _opening_participle(sentence: str, cue_start: int) -> bool:
    """ "Suspected insurgents…", "Alleged collaborators…": nothing before the cue to be its subject."""
    return not sentence[:cue_start].strip(" \"“‘'") and bool(_PARTICIPLE_BEFORE_NOUN.match(sentence, cue_start))


def certainty(
    sentence: str, lexicon: Lexicon, words: set[str] | None = None, lowered: str | None = None
) -> tuple[str, tuple[str, ...]]:
    """The weakest certainty level among the cue words present, and those cues (``lowered``: the
    sentence as ``needle_text`` gives it, where the cues are searched).

    A claim of a suggestion is a suggestion: "the minister claimed that intelligence
    suggests…" is "suggested". With no cue, the source reports it.
    """
    found: list[tuple[int, str, str]] = []  # (position, level, cue)
    taken: list[tuple[int, int]] = []
    # the words every not_cue holds ("think tank", "could not verify", "claimed by both")
    if lexicon.not_cues is not None and ("think" in sentence or "could not" in sentence or "by both" in sentence):
        taken = [m.span() for m in lexicon.not_cues.finditer(sentence)]
    about_the_subject = [m.span() for m in _SUBJECT_CLAUSE.finditer(sentence)] if ", wh" in sentence else []
    # Longer cue phrases first across levels, so "it is believed" is not also "is".
    patterns = lexicon.certainty_cues
    levels = lexicon.cue_levels(sentence, words, plain=lowered is not None)
    matches = [(m, level) for level in levels for m in finditer_lowered(patterns[level], sentence, lowered)]
    for match, level in sorted(matches, key=lambda item: -(item[0].end() - item[0].start())):
        if overlaps(match.span(), taken) or (level == "claimed" and overlaps(match.span(), about_the_subject)):
            continue
        cue = match.group()
        if cue[0].isupper() and match.start() > 0:
            continue  # "May" the month, not the modal
        if lexicon.negated(sentence, match.start()) or _attributive(sentence, match.start()):
            continue
        if cue in _CUES_BY_PLACE and not _cue_in_its_place(cue, sentence, match.start(), match.end()):
            continue  # "which cited Y" (not "was cited for speeding"); "Doctors were told" is no cue
        taken.append(match.span())
        found.append((match.start(), level, cue))
    if not found:
        return "reported", ()
    weakest = max(found, key=lambda f: lexicon.rank(f[1]))[1]
    return weakest, tuple(cue for _, _, cue in sorted(found))
