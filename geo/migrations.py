"""Changes a store made by an earlier version goes through once, in order, on SQLite and PostgreSQL.

``store_state.schema_version`` says how far a store has come (NULL: made before there were any). A
new store is made as the schema module says, which is where every step ends, so it starts at the
latest. Each step runs in one transaction that also records it, with the state row locked (SQLite:
the database's one writer), so two processes opening an old store at once run it once, and a crash
in the middle leaves the store as it was before the step.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.schema import CreateTable

from geo.schema import (
    claim_places,
    claim_sources,
    claim_stories,
    claims,
    documents,
    places,
    store_state,
    story_index,
)
from geo.stories import (
    _GENERIC_PLACE_WORDS,
    DESCRIBED_PEOPLE,
    NOTHING,
    STORED_FORM,
    WIDE_FEATURES,
    ClaimFacts,
    Signature,
    _as_word,
    _place_token,
    as_words,
    hidden_words,
    in_context,
    named_in,
    origin_keyed_again,
    origin_of,
    regions_of,
    signature,
    story_origin,
    with_names,
    with_origin,
    with_regions,
)
from geo.text import fold
from geo.word_index import fill

log = logging.getLogger(__name__)


def claim_ids_never_given_twice(conn: sa.Connection) -> None:
    """Claim ids that no later claim takes once its claim is removed, so a process may keep what it
    read of a claim by its id (geo.store's candidates). PostgreSQL's sequence never gives an id
    twice; SQLite gives the highest removed one again unless the table is AUTOINCREMENT, which an
    existing table cannot become: it is copied into one that is, ids and all."""
    if conn.dialect.name != "sqlite":
        return
    made = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'claims'").scalar()
    if "AUTOINCREMENT" in made.upper():
        return
    log.info("store: claims copied into a table whose ids are never given twice (once)")
    create = str(CreateTable(claims).compile(dialect=conn.dialect)).strip()
    conn.exec_driver_sql(create.replace("CREATE TABLE claims ", "CREATE TABLE claims_autoincrement ", 1))
    columns = ", ".join(f'"{column.name}"' for column in claims.columns)
    conn.exec_driver_sql(f"INSERT INTO claims_autoincrement ({columns}) SELECT {columns} FROM claims")
    conn.exec_driver_sql("DROP TABLE claims")  # its text index's triggers with it (the store makes them again)
    conn.exec_driver_sql("ALTER TABLE claims_autoincrement RENAME TO claims")
    for index in claims.indexes:
        index.create(conn)


def index_rows_of_removed_claims_dropped(conn: sa.Connection) -> None:
    """Index rows whose claim was removed before the store removed them with it: they found no
    candidate, but took the newest slots of their key (``PER_KEY``) from claims that are there."""
    stored = sa.select(claim_stories.c.claim_id).where(claim_stories.c.claim_id == story_index.c.claim_id)
    gone = conn.execute(story_index.delete().where(~stored.exists())).rowcount
    if gone:
        log.info("store: %d index rows of removed claims dropped", gone)


def claims_words_indexed(conn: sa.Connection) -> None:
    """The words of every claim's sentence, for text filters (``geo.word_index``): a store made
    before them had none. A million claims take a minute or two, once."""
    indexed = fill(conn)
    if indexed:
        log.info("store: the words of %d claims indexed", indexed)


def story_index_keyed_again(conn: sa.Connection) -> None:
    """Every claim's index rows made again from its stored signature, as ``geo.stories`` keys it now: a
    claim that names a place no longer by a stem that is no word ("restor" of "restored"), which found
    every claim repeating the word; one that names none by the places of the claim before it that names
    some, which its stored signature gains (``Signature.context``). Documents a batch at a time, each
    batch's query read whole before its writes. A million claims take a minute or two, once."""
    from geo.store import index_stories  # geo.store runs these steps

    conn.execute(story_index.delete())
    after, keyed = "", 0
    while True:
        batch = sa.select(documents.c.id).where(documents.c.id > after).order_by(documents.c.id).limit(STEP_BATCH)
        chosen = list(conn.execute(batch).scalars())
        if not chosen:
            break
        query = (sa.select(claims.c.document_id, claim_stories.c.claim_id, claim_stories.c.signature)
                 .join(claim_stories, claim_stories.c.claim_id == claims.c.id)
                 .where(claims.c.document_id.in_(chosen)).order_by(claims.c.document_id, claims.c.seq))  # fmt: skip
        signed, changed, document, before = [], [], None, NOTHING
        for document_id, claim_id, text in conn.execute(query).all():
            if document_id != document:
                document, before = document_id, NOTHING
            stored = Signature.loads(text)
            placed = in_context(stored, before)
            if placed.places:
                before = placed.places
            elif placed != stored:
                changed.append({"changed_id": claim_id, "changed_signature": placed.dumps()})
            signed.append((claim_id, placed))
        if changed:
            where = claim_stories.c.claim_id == sa.bindparam("changed_id")
            update = claim_stories.update().where(where).values(signature=sa.bindparam("changed_signature"))
            conn.execute(update, changed)
        index_stories(conn, signed)
        after, keyed = chosen[-1], keyed + len(signed)
    if keyed:
        log.info("store: the index keys of %d claims made again", keyed)


def story_places_weighed_by_kind(conn: sa.Connection) -> None:
    """Every stored signature says which of its places are regions (a province, a sea: ``Signature.
    regions``), which weigh less than a town or district, and keeps a one-word place's name as it is
    a word of a claim ("sittwe" as "sittw", ``geo.stories.as_words``), so that a copy whose geoparser
    left it a word meets it. A store made before held no regions (every place weighed as a town) and
    whole names; a claim whose signature changes is keyed again. Claims a batch at a time, each
    batch's queries read whole before its writes."""

    named = sa.select(claim_places.c.claim_id, places.c.name, places.c.feature)
    named = named.join(places, places.c.id == claim_places.c.place_id)
    stored = sa.select(claim_stories.c.claim_id, claim_stories.c.signature).order_by(claim_stories.c.claim_id)
    weighed = 0
    for batch in _claim_batches(conn, stored):
        first, after = batch[0][0], batch[-1][0]
        found: dict[int, list[tuple[str, str]]] = {}
        between = claim_places.c.claim_id.between(first, after)
        regional = named.where(between, places.c.feature.in_(sorted(WIDE_FEATURES)))
        wide = sorted({row[0] for row in conn.execute(regional)})  # most claims name no region
        for claim_id, name, feature in conn.execute(named.where(claim_places.c.claim_id.in_(wide))) if wide else ():
            found.setdefault(claim_id, []).append((name, feature))
        rewritten = []
        for claim_id, text in batch:
            signature = Signature.loads(text)
            now = with_regions(as_words(signature), regions_of(found.get(claim_id, ())))
            rewritten.append((claim_id, signature, now))
        weighed += _store_rewritten(conn, rewritten)
    if weighed:
        log.info("store: the places of %d claims' signatures weighed by their kind", weighed)


def _claim_batches(conn: sa.Connection, stored: sa.Select) -> Iterator[list]:
    """The rows of ``stored`` (a select of claim_stories, claim id first, in its order) STEP_CLAIMS at a
    time, each batch read whole before the caller writes."""
    after = -1
    while batch := conn.execute(stored.where(claim_stories.c.claim_id > after).limit(STEP_CLAIMS)).all():
        after = batch[-1][0]
        yield batch


def story_names_weighed_as_actors(conn: sa.Connection) -> None:
    """Every stored signature records the names of two or more capitalised words its claim holds
    (``geo.stories.with_names``): a body that acted ("the Arakan Army") as its actor, no longer as
    content words, and another name as an alias that meets a place of that name in a copy whose
    geoparser took it. A store made before held them as words. The words of a claim's places and
    sources are none of its names, as ingest works them out; a claim whose signature changes is keyed
    again. Claims a batch at a time; only those whose text holds such a run are looked at further."""

    stored = sa.select(claim_stories.c.claim_id, claim_stories.c.signature, claims.c.text)
    stored = stored.join(claims, claims.c.id == claim_stories.c.claim_id).order_by(claim_stories.c.claim_id)
    place_names = sa.select(claim_places.c.claim_id, claim_places.c.mention, places.c.name)
    place_names = place_names.join(places, places.c.id == claim_places.c.place_id)
    source_names = sa.select(claim_sources.c.claim_id, claim_sources.c.mention)
    named = 0
    for batch in _claim_batches(conn, stored):
        runs = [(claim_id, signature, text) for claim_id, signature, text in batch if named_in(text)]
        if not runs:
            continue
        wanted = [claim_id for claim_id, _, _ in runs]
        names: dict[int, list[str]] = {}
        for claim_id, *written in conn.execute(place_names.where(claim_places.c.claim_id.in_(wanted))):
            names.setdefault(claim_id, []).extend(written)
        for claim_id, mention in conn.execute(source_names.where(claim_sources.c.claim_id.in_(wanted))):
            names.setdefault(claim_id, []).append(mention or "")
        rewritten = []
        for claim_id, text, claim_text in runs:
            signature = Signature.loads(text)
            now = with_names(signature, claim_text, hidden_words(names.get(claim_id, ())))
            rewritten.append((claim_id, signature, now))
        named += _store_rewritten(conn, rewritten)
    if named:
        log.info("store: the names of %d claims' signatures weighed as actors or aliases", named)


# The words the seventh session's rules read anew (geo.stories): a group's armed men and prisoners as
# one kind each, an arrest as something that happened, "not confirmed" as no denial, a holder's control.
_READ_ANEW = re.compile(
    r"fighter|combatant|assailant|attacker|insurgent|jihadist|gunm[ae]n|rebel|prisoner|inmate|detainee|convict|"
    r"arrest|confirm|control",
    re.I,
)


def story_kinds_read_anew(conn: sa.Connection) -> None:
    """Every stored signature of a claim whose text holds a word the rules now read otherwise
    (``_READ_ANEW``: "80 assailants" and "80 militants" are one kind, "fighters" no longer troops, "a
    figure the government has not confirmed" no denial, "remained under police control" held) is
    worked out again from its claim as stored (text, places, figures, sources, outlet), with the days
    and context it has; a claim whose keys change is keyed again. Claims a batch at a time."""
    _signatures_read_anew(conn, _READ_ANEW)


# Words the fourth round reads otherwise: a toll put at a figure, members of an army, a town occupied,
# hostages, weapons or supplies taken (no place), looting, passengers as people, "dozens of" a kind, and
# a name after an attack's verb.
_READ_ANEW_FOURTH = re.compile(
    r"(?i:toll|members? of|occupied|hostage|prisoner|captive|weapon|arms|ammunition|vehicle|equipment|food|suppl|"
    r"loot|plunder|stole|pillag|passenger|dozens of|scores of|hundreds of|thousands of)|"
    # a body's name an attack's verb names (its target, no actor: geo.stories._TARGETED)
    r"\b(?i:attack|struck|strike|hit|storm|target|shell|bomb|raid|burn|loot|on|against)\w*\s+(?:the\s+)?[A-Z]\S*\s+[A-Z]"
)


def story_figures_and_takings_read_anew(conn: sa.Connection) -> None:
    """As ``story_kinds_read_anew``, for the claims whose text holds a word of ``_READ_ANEW_FOURTH``."""
    _signatures_read_anew(conn, _READ_ANEW_FOURTH)


# The words by which a figure is read otherwise now (geo.stories): a verb of killing or wounding, a
# figure's own (``_own_outcome``), and a contrast that sets another's figure against the sentence's own
# (``_CONTRAST``).
_READ_ANEW_FIGURES = re.compile(r"kill|wound|injur|,\s*(?:while|whereas|but)\b|\bagainst\b", re.I)


def story_own_figures_read_anew(conn: sa.Connection) -> None:
    """As ``story_kinds_read_anew``, for the claims whose text holds a word of ``_READ_ANEW_FIGURES``:
    "freeing 346 hostages and killing all 33 militants" no longer contests "21 hostages had been
    killed", and "40 people had been killed, while the regional government's toll stood at 80" states
    40 alone."""
    _signatures_read_anew(conn, _READ_ANEW_FIGURES)


# Civilians named by where they were or what they did when struck, people now (geo.stories.CONCEPTS)
_READ_ANEW_CIVILIANS = re.compile(
    r"worshi(?:pp|p)er|villager|pilgrim|mourner|churchgoer|congregant|shopper|commuter|bystander|farmer|student|"
    r"pupil|tourist|visitor|holidaymaker|hiker|schoolchild|child|wom[ae]n|herder|fisherm[ae]n|miner|spectator|"
    r"refugee|migrant",
    re.I,
)


def story_civilians_read_anew(conn: sa.Connection) -> None:
    """As ``story_kinds_read_anew``, for the claims whose text names civilians by where they were or
    what they did ("44 worshippers"), which are people now, as "44 civilians" are."""
    _signatures_read_anew(conn, _READ_ANEW_CIVILIANS)


# Read otherwise in the seventeenth pass (geo.stories): martyrs killed, police a state's armed men, a town
# liberated taken, a spelled figure's own verb ("ten policemen were killed") as a figure in digits', and a
# count of the dead or wounded ("12 dead") people killed or wounded.
_READ_ANEW_MARTYRS = re.compile(
    r"martyr|police|liberat|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)\b|"
    r"\b(?:dead|deaths?|fatalit\w*|injured|wounded|hurt)\b",
    re.I,
)


def story_martyrs_police_and_spelled_figures_read_anew(conn: sa.Connection) -> None:
    """As ``story_kinds_read_anew``, for the claims whose text holds a word of ``_READ_ANEW_MARTYRS``:
    "Ten police personnel were martyred" and "killing 10 policemen" count one kind now."""
    _signatures_read_anew(conn, _READ_ANEW_MARTYRS)


def story_places_named_within_keyed_again(conn: sa.Connection) -> None:
    """A place named within another ("Fambita (Niger)": geo.resolve's name for "the village of Fambita
    in Niger") is its own name alone in a signature now (``geo.stories._place_token``), as a copy that
    names it otherwise holds it. The signatures of every claim of the documents that name one (their
    places and regions, and the context the claims after them took) hold it so, keyed again; nothing
    else of them changes."""
    named_within = places.c.name.like("% (%)")
    renamed = {}
    for (name,) in conn.execute(sa.select(places.c.name).where(named_within)):
        before, now = _place_token_before_within(name), _place_token(name)
        if before != now:
            renamed[before] = now
    if not renamed:
        return
    naming = (
        sa.select(claims.c.document_id)
        .join(claim_places, claim_places.c.claim_id == claims.c.id)
        .join(places, places.c.id == claim_places.c.place_id)
        .where(named_within)
    )
    stored = sa.select(claim_stories.c.claim_id, claim_stories.c.signature)
    stored = stored.join(claims, claims.c.id == claim_stories.c.claim_id).where(claims.c.document_id.in_(naming))
    changed = 0
    for batch in _claim_batches(conn, stored.order_by(claim_stories.c.claim_id)):
        rewritten = [(claim_id, old, _places_renamed(old, renamed)) for claim_id, text in batch
                     for old in (Signature.loads(text),)]  # fmt: skip
        changed += _store_rewritten(conn, rewritten)
    if changed:
        log.info("store: the places named within others of %d claims' signatures keyed by their own names", changed)


def _place_token_before_within(name: str) -> str:
    """``geo.stories._place_token`` as it was before ``story_places_named_within_keyed_again``: the
    name of the area a place is named within among its words."""
    folded = fold(name)
    return _as_word(" ".join(w for w in folded.split() if w not in _GENERIC_PLACE_WORDS) or folded)


def _places_renamed(found: Signature, renamed: dict[str, str]) -> Signature:
    """The signature with these place tokens renamed, in its places, regions and context."""

    def rename(tokens: frozenset[str]) -> frozenset[str]:
        return frozenset(sorted(renamed.get(token, token) for token in tokens)) if tokens else NOTHING

    places_now, regions, context = rename(found.places), rename(found.regions), rename(found.context)
    if (places_now, regions, context) == (found.places, found.regions, found.context):
        return found
    return Signature._unchecked(places_now, found.countries, found.first_day, found.last_day, found.dated,
                                found.numbers, found.words, found.denial, found.state, found.origin, found.denied,
                                context, regions, found.actors, found.aliases)  # fmt: skip


def story_origins_of_armies_keyed_again(conn: sa.Connection) -> None:
    """An army under another name ("a statement from the Malian armed forces", "Mali's military") is
    the origin "army" of its country, as "the Malian army" is: the origin of each claim whose signature
    names one so is keyed again (``origin_keyed_again``), and the origins each story of theirs counts
    worked out again in the order its claims were stored (``story_origin``: the first that names the
    same body), so that one army counts once. Signatures' keys do not change."""
    stored = sa.select(claim_stories.c.claim_id, claim_stories.c.story_id, claim_stories.c.signature)
    stored = stored.where(sa.or_(*[claim_stories.c.signature.like(f"%{word}%") for word in _ARMY_WORDS]))
    stories, counted = _origins_keyed_again(conn, stored, lambda old: origin_keyed_again(old.origin))
    if stories:
        log.info("store: armies' origins keyed again in %d stories (%d origins changed)", stories, counted)


def _origins_keyed_again(conn: sa.Connection, stored: sa.Select, keyed: Callable, from_signatures: bool = False):
    """Each claim ``stored`` selects (claim id, story id, signature, then what ``keyed`` reads of it) with
    the origin ``keyed(old signature, *the rest of its row)`` gives it, and the origins each story of
    theirs counts worked out again (``_stories_counted_again``): how many stories, how many origins."""
    stories: set[int] = set()
    for batch in _claim_batches(conn, stored.order_by(claim_stories.c.claim_id)):
        changed = []
        for claim_id, story_id, text, *rest in batch:
            old = Signature.loads(text)
            origin = keyed(old, *rest)
            if origin != old.origin:
                changed.append({"changed_id": claim_id, "changed_signature": with_origin(old, origin).dumps()})
                stories.add(story_id)
        if changed:
            where = claim_stories.c.claim_id == sa.bindparam("changed_id")
            conn.execute(claim_stories.update().where(where).values(signature=sa.bindparam("changed_signature")),
                         changed)  # fmt: skip
    return len(stories), _stories_counted_again(conn, sorted(stories), from_signatures)


# Words of a stored origin keyed otherwise now: an army's other names, a statement's words
_ARMY_WORDS = ("armed", "forces", "military", "defence", "defense", "statement", "communique", "from", "by")


def _stories_counted_again(conn: sa.Connection, stories: list[int], from_signatures: bool = False) -> int:
    """The origins these stories count, each claim's keyed again (or, ``from_signatures``, as its stored
    signature now keys it) and matched with its story's earlier ones in the order they were stored; how
    many changed."""
    changed = []
    for start in range(0, len(stories), STEP_BATCH):
        part = stories[start : start + STEP_BATCH]
        members = sa.select(claim_stories.c.story_id, claim_stories.c.claim_id, claim_stories.c.origin,
                            claim_stories.c.signature)  # fmt: skip
        members = members.where(claim_stories.c.story_id.in_(part)).order_by(claim_stories.c.claim_id)
        known: dict[int, list[str]] = {}
        for story_id, claim_id, origin, text in conn.execute(members):
            counted = known.setdefault(story_id, [])
            own = Signature.loads(text).origin if from_signatures else origin_keyed_again(origin)
            new = story_origin(own, counted)
            if new and new not in counted:
                counted.append(new)
            if new != origin:
                changed.append({"changed_id": claim_id, "changed_origin": new})
    if changed:
        where = claim_stories.c.claim_id == sa.bindparam("changed_id")
        conn.execute(claim_stories.update().where(where).values(origin=sa.bindparam("changed_origin")), changed)
    return len(changed)


def story_people_described_and_spokesmen_counted(conn: sa.Connection) -> None:
    """People a chain describes rather than names ("residents", "a local official", "two military
    sources") are a source of their own, each description once in a story (``geo.stories._described_key``),
    where a store made before counted them as no source beside a named one; a spokesman and the body he
    speaks for are one ("army spokesman Nabil Abdallah", "the Sudanese army"). The origin of each claim
    whose chain holds such a kind or a spokesman is keyed again from its stored chain and outlet, and the
    origins its story counts worked out again in the order its claims were stored. Signatures' keys do not
    change."""
    stored = sa.select(claim_stories.c.claim_id, claim_stories.c.story_id, claim_stories.c.signature,
                       claims.c.sources, documents.c.outlet)  # fmt: skip
    stored = stored.join(claims, claims.c.id == claim_stories.c.claim_id)
    stored = stored.join(documents, documents.c.id == claims.c.document_id)
    words = [*sorted(DESCRIBED_PEOPLE), "spokes"]
    stored = stored.where(sa.or_(*[claims.c.sources.like(f"%{word}%") for word in words]))
    stories, counted = _origins_keyed_again(
        conn, stored, lambda old, sources, outlet: origin_of(_stored_chain(sources), outlet), from_signatures=True
    )
    if stories:
        log.info("store: people described and spokesmen counted again in %d stories (%d origins changed)",
                 stories, counted)  # fmt: skip


def _stored_chain(sources: str | None) -> tuple[tuple[str, str, str], ...]:
    """A stored claim's source chain (its ``sources`` column) as linking reads it: (name, kind, mention)."""
    return tuple((s["name"], s["kind"], s["mention"]) for s in json.loads(sources or "[]"))


def _signatures_read_anew(conn: sa.Connection, words: re.Pattern) -> None:
    """The signatures of the claims whose text ``words`` finds in, worked out again (see
    ``story_kinds_read_anew``)."""
    stored = sa.select(claim_stories.c.claim_id, claim_stories.c.signature, claims.c.text, claims.c.numbers,
                       claims.c.sources, documents.c.outlet)  # fmt: skip
    stored = stored.join(claims, claims.c.id == claim_stories.c.claim_id)
    stored = stored.join(documents, documents.c.id == claims.c.document_id).order_by(claim_stories.c.claim_id)
    named = sa.select(claim_places.c.claim_id, places.c.name, places.c.feature, claim_places.c.mention)
    named = named.join(places, places.c.id == claim_places.c.place_id).order_by(claim_places.c.start)
    signed = 0
    for batch in _claim_batches(conn, stored):
        anew = [row for row in batch if words.search(row[2])]
        if not anew:
            continue
        found: dict[int, list[tuple[str, str, str]]] = {}
        for claim_id, *place in conn.execute(named.where(claim_places.c.claim_id.in_([row[0] for row in anew]))):
            found.setdefault(claim_id, []).append(tuple(place))
        rewritten = []
        for claim_id, text, claim_text, numbers, sources, outlet in anew:
            old = Signature.loads(text)
            rewritten.append((claim_id, old, _signed_again(old, claim_text, numbers, sources, outlet,
                                                           found.get(claim_id, []))))  # fmt: skip
        signed += _store_rewritten(conn, rewritten)
    if signed:
        log.info("store: the signatures of %d claims worked out again from their claims", signed)


def story_signatures_stored_weighed(conn: sa.Connection) -> None:
    """Every stored signature in the form that holds its words' weights (``geo.stories.STORED_FORM``):
    reading one back then looks nothing up, where weighing the words of the few hundred stored claims a
    new document meets was most of what linking added to ingest at 1M claims. The signatures are the
    same (their keys too); claims a batch at a time."""
    stored = sa.select(claim_stories.c.claim_id, claim_stories.c.signature).order_by(claim_stories.c.claim_id)
    prefix = f"[{STORED_FORM},"
    weighed = 0
    for batch in _claim_batches(conn, stored):
        changed = [{"changed_id": claim_id, "changed_signature": Signature.loads(text).dumps()}
                   for claim_id, text in batch if not text.startswith(prefix)]  # fmt: skip
        if changed:
            where = claim_stories.c.claim_id == sa.bindparam("changed_id")
            update = claim_stories.update().where(where).values(signature=sa.bindparam("changed_signature"))
            conn.execute(update, changed)
            weighed += len(changed)
    if weighed:
        log.info("store: the signatures of %d claims stored with their weights", weighed)


def _signed_again(old: Signature, text: str, numbers: str, sources: str, outlet: str | None, named: list) -> Signature:
    """A stored claim's signature as ingest works it out now (geo.stories.claim_facts), from the claim's
    stored columns; its days and the context its document gave it as the old one holds them."""
    facts = ClaimFacts(
        text=text,
        places=tuple((name, feature) for name, feature, _ in named),
        mentions=tuple(mention for _, _, mention in named),
        first_day=old.first_day,
        last_day=old.last_day,
        dated=old.dated,
        numbers=tuple((n["value"], n["approximate"], n["counts"]) for n in json.loads(numbers or "[]")),
        sources=_stored_chain(sources),
        outlet=outlet,
    )
    return signature(facts, old.context)


def _store_rewritten(conn: sa.Connection, rewritten: list) -> int:
    """Store the signatures a step rewrote, (claim id, old, new) each, where they changed, and key again
    the claims whose index keys changed; how many changed."""
    from geo.store import index_stories  # geo.store runs these steps

    changed = [{"changed_id": claim, "changed_signature": new.dumps()} for claim, old, new in rewritten if new != old]
    keyed = [(claim, new) for claim, old, new in rewritten if new != old and new.index_keys_ != old.index_keys_]
    if changed:
        where = claim_stories.c.claim_id == sa.bindparam("changed_id")
        update = claim_stories.update().where(where).values(signature=sa.bindparam("changed_signature"))
        conn.execute(update, changed)
    if keyed:
        # Each old row by its key and claim, the index's own order: by claim alone, a delete read the
        # whole index (millions of rows at 1M claims) once a batch.
        old_rows = [{"old_key": key, "old_claim": claim} for claim, old, new in rewritten
                    if new != old and new.index_keys_ != old.index_keys_ for key in old.index_keys_]  # fmt: skip
        if old_rows:
            row = (story_index.c.key == sa.bindparam("old_key"), story_index.c.claim_id == sa.bindparam("old_claim"))
            conn.execute(story_index.delete().where(*row), old_rows)
        index_stories(conn, keyed)
    return len(changed)


STEP_BATCH = 500  # documents a step reads at once
STEP_CLAIMS = 2_000  # claims a step reads at once

STEPS: tuple[Callable[[sa.Connection], None], ...] = (
    claim_ids_never_given_twice,
    index_rows_of_removed_claims_dropped,
    claims_words_indexed,
    story_index_keyed_again,
    story_places_weighed_by_kind,
    story_names_weighed_as_actors,
    story_kinds_read_anew,
    story_signatures_stored_weighed,
    story_figures_and_takings_read_anew,
    story_own_figures_read_anew,
    story_origins_of_armies_keyed_again,
    story_civilians_read_anew,
    story_places_named_within_keyed_again,
    story_people_described_and_spokesmen_counted,
    story_martyrs_police_and_spelled_figures_read_anew,
)
LATEST = len(STEPS)


def migrate(engine: sa.Engine) -> None:
    """Run the steps this store has not been through yet."""
    with engine.connect() as conn:
        if (conn.execute(sa.select(store_state.c.schema_version)).scalar() or 0) >= LATEST:
            return  # the common case, without taking a lock
    for number, step in enumerate(STEPS, start=1):
        with _step_connection(engine) as conn:
            if _lock_state(conn) >= number:
                conn.rollback()
                continue
            step(conn)
            if conn.dialect.name == "sqlite":
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"store migration {step.__name__} broke a foreign key: {tuple(broken)}")
            conn.execute(store_state.update().values(schema_version=number))
            conn.commit()


class _step_connection:
    """A connection for one step. SQLite's foreign keys are off while it runs (they can only be
    switched outside a transaction): copying a table drops the old one, which would otherwise
    delete every row that refers to it; ``PRAGMA foreign_key_check`` stands in before the commit."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def __enter__(self) -> sa.Connection:
        self.conn = self.engine.connect()
        if self.conn.dialect.name == "sqlite":
            self.conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        return self.conn

    def __exit__(self, *exc) -> None:
        try:
            self.conn.rollback()  # a step that failed; after a commit, nothing
            if self.conn.dialect.name == "sqlite":
                self.conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                self.conn.commit()
        finally:
            self.conn.close()


def _lock_state(conn: sa.Connection) -> int:
    """This store's schema version, the state row held until the step commits: SQLite's write lock
    taken by a write first (a read first would make a later write fail if another wrote meanwhile),
    PostgreSQL's row lock."""
    if conn.dialect.name == "sqlite":
        conn.execute(store_state.update().values(version=store_state.c.version))
        return conn.execute(sa.select(store_state.c.schema_version)).scalar() or 0
    return conn.execute(sa.select(store_state.c.schema_version).with_for_update()).scalar() or 0
