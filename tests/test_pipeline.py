import gc

import pytest

from geo.pipeline import YOUNG_COLLECTION_THRESHOLD, _keep_out_of_collections


@pytest.mark.parametrize(
    ("before", "after"),
    [(700, YOUNG_COLLECTION_THRESHOLD), (0, 0), (10 * YOUNG_COLLECTION_THRESHOLD, 10 * YOUNG_COLLECTION_THRESHOLD)],
)
def test_a_pipeline_runs_young_collections_less_often_never_more_nor_turns_them_on(before, after):
    kept = gc.get_threshold()
    try:
        gc.set_threshold(before, 11, 12)
        _keep_out_of_collections()
        assert gc.get_threshold() == (after, 11, 12)
    finally:
        gc.set_threshold(*kept)
