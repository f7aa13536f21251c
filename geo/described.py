"""Places the gazetteer does not know, found by how the text describes them.

"the village of Kampungu in Kasai", "Mabvuku, a suburb east of Harare", "the Adhamiyah district of
Baghdad", "Abu Shok refugee camp in Al-Fashir", "Lujhu is a rural township in northwestern Taiwan": the
text names a place, says what kind of place it is, and which known place holds it or lies next to it.
Such a place is a mention of its own, drawn as that known place's area (a town's surroundings, a region's
polygon, a part of a country): the text says no more of where it is, so nothing finer is drawn.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from geo.gazetteer import Gazetteer
from geo.models import PlaceMention
from geo.text import FUNCTION_WORDS, fold

# What the text calls a small place it describes.
_KINDS = (
    r"village|town|hamlet|settlement|township|suburb|district|sub-district|neighbou?rhood|quarter|locality"
    r"|commune|camp|refugee camp|displacement camp|slum|ward"
)
_KIND = rf"(?i:{_KINDS})"
_KIND_LOWER = rf"(?:{_KINDS})"
# How the described place stands to the known one that follows: "in", "near", "east of", "outside".
_BEARING = r"(?P<bearing>(?:north|south)(?:-?(?:east|west))?|east|west)"
_LINK = rf"(?:in|near|outside|of|close to|just outside|{_BEARING}(?:ern)?(?: part)? of)"
_COMPASS_OF = rf"{_BEARING}\s+of"  # "south of Cox's Bazar"
_DISTANCE = r"(?:(?:about|some|around|roughly|nearly)\s+)?(?:\d+(?:[.,]\d+)?\s*(?:km|kilometres|kilometers|miles)\s+)?"
# "a desert town of about 4,000 people"
_PEOPLE = (
    r"(?:of\s+(?:about\s+|some\s+|around\s+|nearly\s+)?[\d,.]+(?:\s+million)?\s+(?:people|residents|inhabitants)\s+)?"
)
# A name the gazetteer lacks: up to four capitalised words, with the particles of names between them.
_NAME = r"(?P<name>[A-Z][\w'’-]*(?:\s+(?:(?:al|el|kwa|de|da|du|la|le)\s+)?[A-Z][\w'’-]*){0,3})"
# A few adjectives before the kind ("a farming town", "a rural township"), never function words.
_ADJECTIVES = r"(?P<adjectives>(?:[a-z][a-z-]*\s+){0,3})"
_BEFORE_KNOWN = r"\s+(?:the\s+)?$"

_DESCRIBED = [
    # "the village of Kampungu in ", "the town of Turalei, near "
    re.compile(rf"\b[Tt]he\s+{_KIND}\s+of\s+{_NAME},?\s+{_LINK}{_BEFORE_KNOWN}"),
    # "Mabvuku, a suburb located east of ", "Dogu Beyazit, a farming town in ", "Tinzaouaten, a desert town of
    # about 4,000 people on "
    re.compile(
        rf"(?<![\w’'-]){_NAME},\s+an?\s+{_ADJECTIVES}{_KIND}\s+{_PEOPLE}(?:located\s+|situated\s+|just\s+)?"
        rf"(?:{_LINK}|on){_BEFORE_KNOWN}"
    ),
    # "Turalei, the main town of "
    re.compile(rf"(?<![\w’'-]){_NAME},\s+the\s+{_ADJECTIVES}{_KIND}\s+(?:of|in){_BEFORE_KNOWN}"),
    # "Lujhu is a rural township in "
    re.compile(rf"(?<![\w’'-]){_NAME}\s+(?:is|was)\s+an?\s+{_ADJECTIVES}{_KIND}\s+{_LINK}{_BEFORE_KNOWN}"),
    # "Abu Shok refugee camp in ": the kind in lower case, as a proper name's own word is not ("the SOS
    # Children's Village Malakal")
    re.compile(rf"(?<![\w’'-]){_NAME}\s+{_KIND_LOWER}\s+(?:in|near|outside){_BEFORE_KNOWN}"),
    # "Kutupalong, south of ", "Agok, about 40 km north of "
    re.compile(rf"(?<![\w’'-]){_NAME},\s+{_DISTANCE}{_COMPASS_OF}{_BEFORE_KNOWN}"),
]
# "the Adhamiyah district of Baghdad": a part of a city or a region. Only so: "the Tajik town of Isfara"
# and "the Rift Valley town of Shashemene" are the town after "of".
_PART_OF = re.compile(
    rf"\b[Tt]he\s+{_NAME}\s+(?:district|sub-district|zone|neighbou?rhood|quarter|suburb|slum)\s+of{_BEFORE_KNOWN}"
)
PART_HOLDER_POPULATION = 100_000  # a city this big has districts of its own; a small town's "district" is itself
WINDOW = 120  # characters read before a known place for a description that ends at it


def with_described_places(text: str, mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """The mentions, and a mention (form "within") for each place the text describes as lying in or by a
    place it names, where the gazetteer lacks it: its name is unknown, or known only for places in other
    countries than the one the text puts it in ("the town of Nasir in South Sudan's Upper Nile state" is no
    Turkish town of that old name). A place described as lying in one described before it is in that one's
    holder ("the village of Daleti in the Metekel zone of Ethiopia"); the described name's other mentions in
    the document are it too ("residents of Metekel had fled")."""
    by_span = {(m.start, m.end): m for m in mentions}
    found: list[PlaceMention] = []
    replaced: set[tuple[int, int]] = set()
    holders = list(mentions)
    for known in holders:  # grows with what is found: a described place may hold another
        if known.form not in ("name", "area", "part", "within") or len(known.names) != 1:
            continue
        described = _described_before(text, known, gazetteer.demonyms)
        if described is None:
            continue
        start, end, bearing = described
        name = text[start:end]
        if fold(name) in gazetteer.index and not _known_only_elsewhere(
            _candidates_of(by_span.get((start, end)), fold(name), gazetteer), known
        ):
            continue
        if any(s < end and start < e for s, e in by_span if (s, e) != (start, end)):
            continue
        replaced.add((start, end))
        # "Kutupalong, south of Cox's Bazar": the southern part of the area around the town
        place = PlaceMention(name, start, end, "within", known.names, known.direction or bearing)
        by_span[(start, end)] = place
        found.append(place)
        holders.append(place)
    again = _named_again(text, found, by_span, replaced)
    return [m for m in mentions if (m.start, m.end) not in replaced] + found + again


def _candidates_of(mention: PlaceMention | None, folded: str, gazetteer: Gazetteer) -> tuple:
    """The places a described name was found as, or all of its name where the place finder found none
    (it leaves out small towns named by another of their names in a country the text does not name)."""
    if mention is None:
        return gazetteer.lookup(folded)
    if mention.form != "name" or len(mention.names) != 1:
        return ()
    return mention.names[0].candidates


def _known_only_elsewhere(candidates: tuple, holder: PlaceMention) -> bool:
    """Whether a name is known only for places in other countries than its holder's."""
    holders = {c.country for c in holder.names[0].candidates if c.country}
    return bool(candidates) and bool(holders) and not any(c.country in holders for c in candidates)


def _named_again(
    text: str, found: list[PlaceMention], by_span: dict[tuple[int, int], PlaceMention], replaced: set
) -> list[PlaceMention]:
    """The other mentions of each described place's name, word for word: where nothing else was found,
    or where the name was found as a place known only elsewhere ("Nasir" again)."""
    again = []
    for place in {p.text: p for p in found}.values():
        for match in re.finditer(rf"(?<![\w’'-]){re.escape(place.text)}(?![\w-])", text):
            span = match.span()
            existing = by_span.get(span)
            if existing is not None and existing.form != "name":
                continue  # the described place itself, or an area built on the name
            if existing is None and any(s < span[1] and span[0] < e for s, e in by_span):
                continue
            if existing is not None:
                replaced.add(span)
            by_span[span] = PlaceMention(place.text, *span, "within", place.names, place.direction)
            again.append(by_span[span])
    return again


def _holds_parts(known: PlaceMention) -> bool:
    """Whether the place could be a city or a region with districts of its own."""
    return any(c.feature != "city" or c.population >= PART_HOLDER_POPULATION for c in known.names[0].candidates)


# What every description holds: a cheap test that passes over most places, which none describes.
_A_LINK_BEFORE = re.compile(r"\b(?:in|near|outside|of|to|on)\s+(?:the\s+)?$")
_A_KIND_OR_BEARING = re.compile(rf"{_KIND}|north|south|east|west", re.IGNORECASE)


def _described_before(text: str, known: PlaceMention, demonyms: dict) -> tuple[int, int, str | None] | None:
    """The span of a place's name described in the words that end where ``known`` starts, if any, and
    the bearing the words give it from the known place ("east of Harare": "east")."""
    at = known.start
    window_start = max(0, at - WINDOW)
    if not _A_LINK_BEFORE.search(text, max(0, at - 16), at) or not _A_KIND_OR_BEARING.search(text, window_start, at):
        return None
    for pattern in _DESCRIBED + ([_PART_OF] if _holds_parts(known) else []):
        match = pattern.search(text, window_start, at)
        if match is None or not _a_name(match, demonyms):
            continue
        bearing = match.groupdict().get("bearing")
        return match.start("name"), match.end("name"), bearing and bearing.lower().replace("-", "")
    return None


EVERYDAY_ZIPF = 4.0  # "army" 5.0, "saturday" 4.9, "green" 5.1; "kibera" 1.6, "shok" 1.0


def _a_name(match: re.Match, demonyms: dict) -> bool:
    """Not a sentence's opening words ("The", "In"), a people ("the Ukrainian army camp"), everyday words
    ("the Army camp in"), nor after adjectives that are function words ("a local from the village in…"
    describes a person, not a village)."""
    words = match["name"].split()
    if words[0].lower() in FUNCTION_WORDS or fold(match["name"]) in demonyms:
        return False
    if all(zipf_frequency(word, "en") >= EVERYDAY_ZIPF for word in words):
        return False
    adjectives = (match.groupdict().get("adjectives") or "").split()
    return not any(word in FUNCTION_WORDS for word in adjectives)
