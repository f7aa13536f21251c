"""The whole path for one document: text → claims → places → geometry → layers.

``Pipeline`` holds the configuration every stage needs (gazetteer, boundaries,
taxonomy, lexicon, geocoder), built once and passed in; ``extract`` is a pure
function of a document.
"""

from __future__ import annotations

import bisect
import gc
import logging
from dataclasses import dataclass, field

from geo.addresses import with_addresses
from geo.claims import claims_and_words
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geocoding import PointGeocoder, build_point_geocoder, relocate
from geo.geometry import Boundaries
from geo.layers import Taxonomy, load_taxonomy
from geo.lexicon import Lexicon, load_lexicon
from geo.models import Claim, Document, ExtractedClaim, Extraction, ResolvedPlace
from geo.place_shapes import place_shapes
from geo.places import find_place_mentions
from geo.resolve import resolve_mentions
from geo.settings import Settings
from geo.stories import document_signatures
from geo.text import ClaimWords

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pipeline:
    gazetteer: Gazetteer
    boundaries: Boundaries
    taxonomy: Taxonomy
    lexicon: Lexicon
    geocoder: PointGeocoder | None = None  # an online geocoder to place points; None: the gazetteer's
    # geometry cache, by place (``from_settings``: backed by the stored shapes of the gazetteer's areas)
    shapes: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        gazetteer = load_gazetteer(settings.boundaries_dir, settings.cache_dir, settings.min_city_population)
        boundaries = Boundaries(settings.boundaries_dir, settings.cache_dir)
        pipeline = cls(
            gazetteer=gazetteer,
            boundaries=boundaries,
            taxonomy=load_taxonomy(settings.taxonomy_path),
            lexicon=load_lexicon(),
            geocoder=build_point_geocoder(settings),
            shapes=place_shapes(gazetteer, boundaries, settings.cache_dir),
        )
        _keep_out_of_collections()
        return pipeline

    def extract(self, document: Document) -> Extraction:
        claims = claims_and_words(document, self.lexicon)
        places = sorted(self.places(document.text), key=lambda p: p.start)
        starts = [p.start for p in places]
        placed = [self._with_places(claim, places, starts, words) for claim, words in claims]
        signed = zip(placed, document_signatures(placed, document, [words for _, words in claims]), strict=True)
        return Extraction(document, tuple(ExtractedClaim(item.claim, item.places, found) for item, found in signed))

    def places(self, text: str) -> list[ResolvedPlace]:
        mentions = find_place_mentions(text, self.gazetteer)
        resolved = resolve_mentions(text, mentions, self.gazetteer, self.boundaries, self.shapes)
        if self.geocoder:
            resolved = [relocate(place, self.geocoder) for place in resolved]
        return [with_addresses(place, self.gazetteer) for place in resolved]

    def _with_places(
        self, claim: Claim, places: list[ResolvedPlace], starts: list[int], words: ClaimWords | None = None
    ) -> ExtractedClaim:
        """``words``: the claim's, as the claim stage read them (the layers' test looks up the same words)."""
        # places are in text order: the claim's are among those starting within it
        within = places[bisect.bisect_left(starts, claim.start) : bisect.bisect_left(starts, claim.end)]
        inside = [p for p in within if p.end <= claim.end]
        placed = self.taxonomy.assign(claim, inside, words)
        return ExtractedClaim(claim, placed)


# Allocations (less deallocations) of containers between two young collections. Extraction makes tens
# of thousands of short-lived tuples, lists and dicts a document, nearly all freed by their reference
# counts: at the default 700 a young collection ran every few sentences and, with the older ones they
# set off, took 5 % of the time of extraction (measured on the benchmark's corpus); at this, about 1 %.
YOUNG_COLLECTION_THRESHOLD = 10_000


def _keep_out_of_collections() -> None:
    """The gazetteer and lexicon are millions of objects that live as long as the process: moved out
    of the collector's reach, a full collection no longer walks them all (it did every few documents,
    in whichever stage happened to allocate then). The young collections run less often."""
    gc.collect()
    gc.freeze()
    collect_young_less_often()


def collect_young_less_often() -> None:
    """Young collections every ``YOUNG_COLLECTION_THRESHOLD`` containers, not 700: for extraction and
    for the dashboard's callbacks alike (a figure and the JSON around it are thousands of short-lived
    lists and dicts that reference counting frees). Cycles are still collected, a little later."""
    young, *older = gc.get_threshold()
    if 0 < young < YOUNG_COLLECTION_THRESHOLD:  # 0: collection disabled by the caller, left so
        gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *older)
