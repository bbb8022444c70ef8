#!/usr/bin/env python3
"""PostgreSQL pg_trgm on the screening benchmark's export: one row per name with its identity key, a GIN
trigram index, and per query

    SELECT key, max(similarity(name, $1)) AS s FROM names WHERE name % $1
    GROUP BY key ORDER BY s DESC, key LIMIT 10

(the statement the brief names, grouped by key so that the top 10 are ten identities, as the engine's
are) on one connection, prepared, with pg_trgm.similarity_threshold set to --threshold. Latency is the
client's wall time for execute and fetch over loopback TCP.

Usage: pg_trgm_bench.py --dir EXPORT_DIR --url postgres://postgres@127.0.0.1:55432/postgres [--sample N]
"""

import argparse
import io
import json
import time

import psycopg

from peers_common import load_names, load_queries, report, sample

QUERY = (
    "SELECT key, max(similarity(name, %(q)s)) AS s FROM names WHERE name %% %(q)s "
    "GROUP BY key ORDER BY s DESC, key LIMIT 10"
)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--url", required=True, help="an admin URL; the database 'peers' is made anew")
    ap.add_argument("--threshold", type=float, default=0.3, help="pg_trgm.similarity_threshold")
    ap.add_argument("--alerts", default="0.3,0.5,0.7", help="similarity levels at which a top hit alerts")
    ap.add_argument("--sample", type=int, default=0, help="variant (and innocent) queries to run; 0 = all")
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    alerts = [float(a) for a in args.alerts.split(",")]

    identities, rows = load_names(args.dir)
    queries = load_queries(args.dir)
    variants, innocents = sample(queries, args.sample)
    print(f"pg_trgm: {identities} identities, {len(rows)} names; {len(variants)} variant and {len(innocents)} innocent queries")

    with psycopg.connect(args.url, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS peers")
        admin.execute("CREATE DATABASE peers")
    url = args.url.rsplit("/", 1)[0] + "/peers"

    with psycopg.connect(url, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        conn.execute("CREATE EXTENSION pg_trgm")
        conn.execute("CREATE TABLE names (key bigint NOT NULL, name text NOT NULL)")
        started = time.perf_counter()
        buf = io.StringIO()
        for key, name in rows:
            buf.write(f"{key}\t{name}\n")
        buf.seek(0)
        with conn.cursor() as cur:
            with cur.copy("COPY names (key, name) FROM STDIN") as copy:
                while chunk := buf.read(1 << 20):
                    copy.write(chunk)
        load = time.perf_counter() - started
        conn.execute("SET maintenance_work_mem = '1GB'")
        started = time.perf_counter()
        conn.execute("CREATE INDEX names_trgm ON names USING gin (name gin_trgm_ops)")
        build = time.perf_counter() - started
        conn.execute("VACUUM ANALYZE names")
        table_mib, index_mib = conn.execute(
            "SELECT pg_relation_size('names') / 1048576.0, pg_relation_size('names_trgm') / 1048576.0"
        ).fetchone()
        print(f"load (COPY) {load:.1f} s; GIN index build {build:.1f} s; table {table_mib:.0f} MiB, index {index_mib:.0f} MiB")

        conn.execute(f"SET pg_trgm.similarity_threshold = {args.threshold}")
        shared_buffers = conn.execute("SHOW shared_buffers").fetchone()[0]
        plan = conn.execute("EXPLAIN " + QUERY.replace("%(q)s", "'Andrei Ivanov'").replace("%%", "%")).fetchall()
        print("plan: " + " / ".join(r[0].strip() for r in plan))

        def search(name):
            started = time.perf_counter()
            hits = conn.execute(QUERY, {"q": name}, prepare=True).fetchall()
            return [(k, float(s)) for k, s in hits], time.perf_counter() - started

        for q in variants[: args.warmup]:
            search(q["name"])
        outcomes = {}
        started = time.perf_counter()
        for q in variants + innocents:
            outcomes[q["id"]] = search(q["name"])
        searching = time.perf_counter() - started
        print(f"queries run in {searching:.1f} s")

    settings = {
        "postgresql": version,
        "similarity_threshold": args.threshold,
        "shared_buffers": shared_buffers,
        "maintenance_work_mem": "1GB",
        "names": len(rows),
        "identities": identities,
        "load_s": round(load, 2),
        "table_mib": round(float(table_mib)),
        "index_mib": round(float(index_mib)),
        "sampled": args.sample,
    }
    result = report("pg_trgm (GIN)", settings, build, variants, innocents, outcomes, alerts, args.threshold)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
