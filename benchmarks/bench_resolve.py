"""The resolver at scale: N distinct names, blocked resolution vs the all-pairs rapidfuzz loop.

Makes N distinct entity names (seeded): names built from syllables, words of the packaged
lexicon and version suffixes (``Vatrel-7B``, ``masked Lorvin pruning``, ``Kinetics-710``),
some spelled twice (case, hyphen, plural, a typo) so that there is something to merge.
Then times:

- ``resolver``: `graphbuild.resolve.resolve_groups` on the names' summary, for several N
  (the growth shows whether the cost is near linear);
- ``all-pairs``: the loop a naive resolver runs, ``rapidfuzz.process.extract`` of every
  key against every later key (``fuzz.ratio``, the same cutoff), on a sample of
  ``--sample`` names; its time at N is extrapolated as quadratic.

It also reports how many of the all-pairs loop's merges on the sample the blocked
resolver makes too::

    python benchmarks/bench_resolve.py --names 100000 --sample 10000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter

from rapidfuzz import fuzz, process

from graphbuild.lexicon import load_lexicon
from graphbuild.model import EntityType
from graphbuild.normalize import name_key
from graphbuild.resolve import DEFAULT_FUZZY_THRESHOLD, MentionGroup, resolve_groups

_SYLLABLES = (
    "ka ri to mo ve la sen dor pix ul tra gen neo vit lor bra qu zen fal mir cor ast "
    "hel ion nur pha sol tek vox wyn xel yar zor ben cal dun eph fir gor hal"
).split()
_SUFFIXES = ("", "", "", "-7B", "-13B", "-XL", "-Base", "-2", "-3.5", "-v2", "-Large", "-70B")
_HEADS = ("", "", "Net", "Former", "GAN", "BERT", "LM", "Bench", "QA", "-Instruct")


def make_names(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct names; about one in ten is a second spelling of another."""
    rng = random.Random(seed)
    words = sorted({w for e in load_lexicon().entries for w in e.name.split() if w.isalpha()})
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        if names and rng.random() < 0.1:
            base = rng.choice(names)
            variant = rng.choice(
                [
                    base.lower(),
                    base.replace("-", " "),
                    base + "s",
                    base[:-1] + rng.choice("aeiou") if len(base) > 6 else base + "x",
                ]
            )
            name = variant
        else:
            stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
            if rng.random() < 0.3:
                name = f"{rng.choice(words)} {stem} {rng.choice(words)}".lower()
            else:
                name = stem + rng.choice(_HEADS) + rng.choice(_SUFFIXES)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def summary_of(names: list[str]) -> dict[str, MentionGroup]:
    """The mention summary resolution starts from: one group per name key."""
    groups: dict[str, MentionGroup] = {}
    for i, name in enumerate(names):
        group = groups.setdefault(name_key(name), MentionGroup())
        group.surfaces[name] += 1 + i % 3
        group.types[EntityType.METHOD if " " in name else EntityType.MODEL] += 1
    return groups


def all_pairs(keys: list[str], threshold: float) -> set[tuple[str, str]]:
    """Every pair of keys at or above ``threshold``: the quadratic loop."""
    pairs = set()
    for i, key in enumerate(keys):
        for other, _, _ in process.extract(
            key, keys[i + 1 :], scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        ):
            pairs.add((key, other))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    names = make_names(args.names)
    figures: dict[str, object] = {"names": len(names)}
    timings = {}
    for size in sorted({args.sample, args.names // 4, args.names // 2, args.names}):
        groups = summary_of(names[:size])
        started = time.perf_counter()
        resolution = resolve_groups(groups)
        timings[size] = round(time.perf_counter() - started, 3)
        if size == args.sample:
            sample_resolution = resolution
            sample_keys = sorted(groups)
        print(f"resolver  {size:>7} names  {timings[size]:8.2f} s", file=sys.stderr)
    figures["resolver_seconds"] = timings
    started = time.perf_counter()
    pairs = all_pairs(sample_keys, DEFAULT_FUZZY_THRESHOLD)
    quadratic = time.perf_counter() - started
    print(f"all-pairs {args.sample:>7} names  {quadratic:8.2f} s", file=sys.stderr)
    entity = sample_resolution.entity_id_of_key
    found = sum(1 for a, b in pairs if entity(a) == entity(b))
    scale = (args.names / args.sample) ** 2
    figures.update(
        {
            "all_pairs_seconds_on_sample": round(quadratic, 3),
            "all_pairs_seconds_extrapolated": round(quadratic * scale, 1),
            "speedup_on_sample": round(quadratic / timings[args.sample], 1),
            "speedup_at_names": round(quadratic * scale / timings[args.names], 1),
            "all_pairs_merges_on_sample": len(pairs),
            "of_which_resolver_also_joins": found,
            "entities_on_sample": len(sample_resolution.entities),
        }
    )
    counts = Counter(len(k) >= 6 for k in sample_keys)
    figures["keys_long_enough_for_fuzzy"] = counts[True]
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:32s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
