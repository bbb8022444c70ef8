#!/usr/bin/env python3
"""Puts the engine's figures (the `cargo bench -p article3-screen --bench index` output that made the
export) beside the peers' JSON results, with ratios peer / engine.

Usage: summary.py OUT_DIR   (reads OUT_DIR/engine.txt and OUT_DIR/*.json)
"""

import glob
import json
import re
import sys


def engine_figures(path):
    text = open(path, encoding="utf-8").read()
    num = lambda pattern: float(re.search(pattern, text).group(1))
    lat = {}
    for label in ("variant", "innocent"):
        m = re.search(rf"latency, {label} queries \| p50 (\d+) µs · p90 (\d+) µs · p99 (\d+) µs · max (\d+) µs", text)
        lat[label] = dict(zip(("p50", "p90", "p99", "max"), map(float, m.groups())))
    kinds = {}
    table = text.split("| variant kind |", 1)[1].split("\n\n", 1)[0]
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        kinds[cells[0]] = {"queries": int(cells[1]), "at1": float(cells[2].rstrip(" %")) / 100, "at10": float(cells[4].rstrip(" %")) / 100}
    return {
        "identities": int(num(r"screening index: (\d+) generated identities")),
        "queries": int(num(r"identities, (\d+) variant")),
        "build_s": num(r"\| build \| ([\d.]+) s"),
        "rss_mib": num(r"resident memory after build \(VmRSS\) \| (\d+) MiB"),
        "latency_variant_us": lat["variant"],
        "latency_innocent_us": lat["innocent"],
        "recall_at1": num(r"recall@1 / @10, all variants \| ([\d.]+) %") / 100,
        "recall_at10": num(r"recall@1 / @10, all variants \| [\d.]+ % / ([\d.]+) %") / 100,
        "found_alerting": num(r"\| all \| \d+ \| [\d.]+ % \| [\d.]+ % \| [\d.]+ % \| ([\d.]+) %") / 100,
        "false_alerts": num(r"false alerts \(innocent with a hit ≥ [\d.]+\) \| ([\d.]+) %") / 100,
        "by_kind": kinds,
    }


def main():
    out = sys.argv[1]
    e = engine_figures(f"{out}/engine.txt")
    peers = [json.load(open(p)) for p in sorted(glob.glob(f"{out}/*.json"))]
    pct = lambda x: f"{100 * x:.1f} %"
    ms = lambda us: f"{us / 1000:.2f} ms" if us < 100_000 else f"{us / 1000:.0f} ms"
    ratio = lambda a, b: f"×{a / b:.1f}" if b else ""

    print(f"Same export: {e['identities']:,} identities; the engine ran all {e['queries']:,} variant and {e['queries']:,} innocent queries.")
    print()
    header = ["measure", "article3 engine"] + [p["peer"] for p in peers]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))

    def row(label, engine_cell, cells):
        print("| " + " | ".join([label, engine_cell] + cells) + " |")

    row("queries run (variant + innocent)", f"{e['queries']:,} + {e['queries']:,}", [f"{p['variants']:,} + {p['innocents']:,}" for p in peers])
    row("build (index; for rapidfuzz: pre-processing)", f"{e['build_s']:.1f} s",
        [f"{p['build_s']:.1f} s ({ratio(p['build_s'], e['build_s'])})" if "scorer" not in p["settings"] else f"none ({p['build_s']:.2f} s pre-processing)" for p in peers])
    for label, key in (("variant", "latency_variant_us"), ("innocent", "latency_innocent_us")):
        for q in ("p50", "p99"):
            row(f"latency {q}, {label}", ms(e[key][q]), [f"{ms(p[key][q])} ({ratio(p[key][q], e[key][q])})" for p in peers])
    row("recall@1", pct(e["recall_at1"]), [pct(p["recall_at1"]) for p in peers])
    row("recall@10", pct(e["recall_at10"]), [pct(p["recall_at10"]) for p in peers])
    levels = max(len(p["false_alerts"]) for p in peers) if peers else 0
    for i in range(levels):
        cells = []
        for p in peers:
            items = list(p["false_alerts"].items())
            if i < len(items):
                level, fa = items[i]
                cells.append(f"≥ {float(level):g}: {pct(p['found_and_alerting'][level])} / {pct(fa)}")
            else:
                cells.append("")
        row("found and alerting / false alerts" if i == 0 else "", f"≥ 0.70: {pct(e['found_alerting'])} / {pct(e['false_alerts'])}" if i == 0 else "", cells)
    cells = []
    for p in peers:
        # The highest alert level at which the peer finds and alerts at least as many variants as the engine.
        found = sorted((s for s in p["expected_scores"] if s is not None), reverse=True)
        need = e["found_alerting"] * p["variants"]
        if len(found) < need:
            cells.append(f"never: at most {pct(len(found) / p['variants'])} found")
            continue
        level = found[max(int(need + 0.999999) - 1, 0)]
        fa = sum(1 for t in p["innocent_top"] if t is not None and t >= level) / p["innocents"]
        cells.append(f"≥ {level:.3g}: {pct(fa)}")
    row("false alerts where found-and-alerting equals the engine's", pct(e["false_alerts"]), cells)
    print()
    print("recall@10 by variant kind (peers on their sample):")
    print()
    print("| " + " | ".join(["kind", "article3 engine"] + [p["peer"] for p in peers]) + " |")
    print("|" + "---|" * (2 + len(peers)))
    for kind, k in e["by_kind"].items():
        if kind == "all":
            continue
        cells = []
        for p in peers:
            pk = p["by_kind"].get(kind)
            cells.append(f"{pct(pk['at10'] / pk['queries'])} ({pk['queries']})" if pk else "")
        print("| " + " | ".join([kind, f"{pct(k['at10'])} ({k['queries']})"] + cells) + " |")


if __name__ == "__main__":
    main()
