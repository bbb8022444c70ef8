"""Reading the screening benchmark's export and scoring a peer's answers the way the engine's benchmark does.

The export (`ARTICLE3_BENCH_EXPORT=DIR cargo bench -p article3-screen --bench index`) writes
  identities.csv: key, latin_name (a second Latin alias after '|'), native_name, dob, nationality, passport
  queries.csv:    query_id, kind, query_name, dob, nationality, expected_key (empty for innocent travellers)
The peers match names only; the dates of birth and nationalities are not used.
"""

import csv
import json
import sys


def load_names(directory):
    """One (key, name) row per distinct name of each identity: the native name, the Latin name when it
    differs, and the extra Latin alias, as the engine's index receives them."""
    rows = []
    identities = 0
    with open(f"{directory}/identities.csv", newline="", encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            identities += 1
            key = int(rec["key"])
            seen = set()
            for name in [rec["native_name"], *rec["latin_name"].split("|")]:
                name = name.strip()
                if name and name.casefold() not in seen:
                    seen.add(name.casefold())
                    rows.append((key, name))
    return identities, rows


def load_queries(directory):
    with open(f"{directory}/queries.csv", newline="", encoding="utf-8") as f:
        out = []
        for rec in csv.DictReader(f):
            out.append(
                {
                    "id": rec["query_id"],
                    "kind": rec["kind"],
                    "name": rec["query_name"],
                    "expected": int(rec["expected_key"]) if rec["expected_key"] else None,
                }
            )
    return out


def sample(queries, per_group):
    """Every k-th variant and every k-th innocent query, so the kinds keep their proportions; all when
    per_group is 0 or at least the group's size."""
    variants = [q for q in queries if q["expected"] is not None]
    innocents = [q for q in queries if q["expected"] is None]

    def every(group):
        if per_group <= 0 or per_group >= len(group):
            return group
        step = len(group) / per_group
        return [group[int(i * step)] for i in range(per_group)]

    return every(variants), every(innocents)


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) * p // 100, len(s) - 1)]


def report(peer, settings, build, variants, innocents, outcomes, alert_levels, main_alert):
    """outcomes: query id -> (list of (key, score) best first, distinct keys, at most 10; seconds)."""
    def lat(group):
        us = [outcomes[q["id"]][1] * 1e6 for q in group]
        return {"p50": percentile(us, 50), "p90": percentile(us, 90), "p99": percentile(us, 99), "max": max(us)}

    by_kind = {}
    found = 0
    found_alerting = {a: 0 for a in alert_levels}
    for q in variants:
        hits = outcomes[q["id"]][0]
        scores = {k: s for k, s in hits}
        k = by_kind.setdefault(q["kind"], {"queries": 0, "at1": 0, "at10": 0})
        k["queries"] += 1
        if q["expected"] in scores:
            found += 1
            k["at10"] += 1
            for a in alert_levels:
                if scores[q["expected"]] >= a:
                    found_alerting[a] += 1
        if hits and hits[0][0] == q["expected"]:
            k["at1"] += 1
    at1 = sum(k["at1"] for k in by_kind.values())
    false_alerts = {
        a: sum(1 for q in innocents if outcomes[q["id"]][0] and outcomes[q["id"]][0][0][1] >= a) for a in alert_levels
    }
    result = {
        "peer": peer,
        "settings": settings,
        "build_s": build,
        "variants": len(variants),
        "innocents": len(innocents),
        "latency_variant_us": lat(variants),
        "latency_innocent_us": lat(innocents),
        "recall_at1": at1 / len(variants),
        "recall_at10": found / len(variants),
        "found_and_alerting": {str(a): n / len(variants) for a, n in found_alerting.items()},
        "false_alerts": {str(a): n / len(innocents) for a, n in false_alerts.items()},
        "main_alert": main_alert,
        "by_kind": by_kind,
        # Per query, for other alert levels: the expected identity's score (None: not in the top 10), and
        # each innocent's top score (None: no hit).
        "expected_scores": [dict(outcomes[q["id"]][0]).get(q["expected"]) for q in variants],
        "innocent_top": [outcomes[q["id"]][0][0][1] if outcomes[q["id"]][0] else None for q in innocents],
    }
    pct = lambda x: f"{100 * x:.2f} %"
    lv, li = result["latency_variant_us"], result["latency_innocent_us"]
    print(f"## {peer}")
    print(f"settings: {json.dumps(settings)}")
    print(f"queries: {len(variants)} variant, {len(innocents)} innocent")
    print("| measure | value |")
    print("|---|---|")
    print(f"| build | {build:.1f} s |")
    print(f"| latency, variant | p50 {lv['p50']:.0f} µs · p90 {lv['p90']:.0f} · p99 {lv['p99']:.0f} · max {lv['max']:.0f} |")
    print(f"| latency, innocent | p50 {li['p50']:.0f} µs · p90 {li['p90']:.0f} · p99 {li['p99']:.0f} · max {li['max']:.0f} |")
    print(f"| recall@1 / @10 | {pct(result['recall_at1'])} / {pct(result['recall_at10'])} |")
    for a in alert_levels:
        print(
            f"| alert at ≥ {a}: found and alerting / false alerts | "
            f"{pct(result['found_and_alerting'][str(a)])} / {pct(result['false_alerts'][str(a)])} |"
        )
    print()
    print("| variant kind | queries | recall@1 | recall@10 |")
    print("|---|---|---|---|")
    for kind, k in by_kind.items():
        print(f"| {kind} | {k['queries']} | {pct(k['at1'] / k['queries'])} | {pct(k['at10'] / k['queries'])} |")
    print()
    sys.stdout.flush()
    return result
