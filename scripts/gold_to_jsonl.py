"""Write a labelled set from its markup (tests/data/*.txt) as the JSON Lines ``claimsmap eval`` reads.

python scripts/gold_to_jsonl.py tests/data/geoparse_gold.txt tests/data/geoparse_gold.jsonl
"""

import json
import sys
from pathlib import Path

from geo.evaluation import gold_json, load_gold


def main(source: str, target: str) -> None:
    documents = load_gold(Path(source))
    lines = [json.dumps(gold_json(d), ensure_ascii=False) for d in documents]
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(documents)} documents, {sum(len(d.toponyms) for d in documents)} toponyms -> {target}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
