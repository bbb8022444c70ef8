#!/usr/bin/env python3
"""Python rapidfuzz brute force on the screening benchmark's export: every query is scored against every
listed name with rapidfuzz.process.extract (one thread), the best names folded to their identities, the
top 10 identities kept. "Build" is reading the names and pre-processing them (utils.default_process:
lower case, non-alphanumerics to spaces, trimmed); there is no index. Scores are 0-100.

Usage: rapidfuzz_bench.py --dir EXPORT_DIR [--scorer WRatio] [--sample 200] [--alerts 85,90]
"""

import argparse
import json
import time

import rapidfuzz
from rapidfuzz import fuzz, process, utils

from peers_common import load_names, load_queries, report, sample


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--scorer", default="WRatio", help="a function of rapidfuzz.fuzz: WRatio, token_sort_ratio, token_set_ratio, ...")
    ap.add_argument("--alerts", default="85,90,95", help="scores (0-100) at which a top hit alerts")
    ap.add_argument("--sample", type=int, default=200, help="variant (and innocent) queries to run; 0 = all")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    scorer = getattr(fuzz, args.scorer)
    alerts = [float(a) for a in args.alerts.split(",")]

    identities, rows = load_names(args.dir)
    queries = load_queries(args.dir)
    variants, innocents = sample(queries, args.sample)
    print(
        f"rapidfuzz {rapidfuzz.__version__} {args.scorer}: {identities} identities, {len(rows)} names; "
        f"{len(variants)} variant and {len(innocents)} innocent queries"
    )

    started = time.perf_counter()
    keys = [k for k, _ in rows]
    choices = [utils.default_process(n) for _, n in rows]
    build = time.perf_counter() - started
    print(f"pre-process {len(choices)} names: {build:.1f} s")

    def search(name):
        started = time.perf_counter()
        # An identity has at most three names, so the best 30 names hold the best 10 identities.
        best = process.extract(utils.default_process(name), choices, scorer=scorer, processor=None, limit=30)
        hits, seen = [], set()
        for _, score, i in best:
            if keys[i] not in seen:
                seen.add(keys[i])
                hits.append((keys[i], score))
                if len(hits) == 10:
                    break
        return hits, time.perf_counter() - started

    for q in variants[: args.warmup]:
        search(q["name"])
    outcomes = {}
    started = time.perf_counter()
    for q in variants + innocents:
        outcomes[q["id"]] = search(q["name"])
    print(f"queries run in {time.perf_counter() - started:.1f} s")

    settings = {
        "rapidfuzz": rapidfuzz.__version__,
        "scorer": args.scorer,
        "processor": "utils.default_process",
        "names": len(rows),
        "identities": identities,
        "sampled": args.sample,
        "threads": 1,
    }
    result = report(f"rapidfuzz {args.scorer} (brute force)", settings, build, variants, innocents, outcomes, alerts, alerts[0])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
