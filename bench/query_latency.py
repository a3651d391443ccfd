#!/usr/bin/env python3
"""Single-client, warm, keep-alive latency of a running dateline-server.

usage: bench/query_latency.py PORT QUERIES.tsv [ROUNDS] [PATH]

QUERIES.tsv lines are `id<TAB>class<TAB>query text` (the peers' query set in
shared/bench/peers/queries/queries.tsv has this form). One warm-up pass, then ROUNDS
timed passes (default 5); prints p50/p90/p99 of the client-side round trip and of the
server's own took_ms, overall and per query class. PATH is /api/search (default) or the web
page /search, whose round trip is the whole server render (search, HTML and HTTP); its took_ms
is read from the page's summary.
"""
import http.client
import json
import re
import statistics
import sys
import time
import urllib.parse


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def took_ms(body):
    """The server's search time: took_ms of the JSON, or the "(N ms)" of the page's summary."""
    if body.startswith(b"{"):
        return json.loads(body)["took_ms"]
    match = re.search(rb'class="took">\(([0-9.]+) ms\)', body)
    if not match:
        sys.exit("no took_ms in the response: is PATH /api/search or /search?")
    return float(match.group(1))


def main():
    port = int(sys.argv[1])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    path = sys.argv[4] if len(sys.argv) > 4 else "/api/search"
    queries = []
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                queries.append((parts[1], parts[2]))
    conn = http.client.HTTPConnection("127.0.0.1", port)
    by_class = {}
    for round_number in range(rounds + 1):
        for cls, text in queries:
            target = path + "?size=10&q=" + urllib.parse.quote(text)
            start = time.perf_counter()
            conn.request("GET", target)
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - start) * 1000
            if response.status != 200:
                sys.exit(f"query {text!r}: HTTP {response.status}: {body[:200]!r}")
            if round_number == 0:
                continue  # warm-up
            took = took_ms(body)
            for key in (cls, "all"):
                by_class.setdefault(key, ([], []))
                by_class[key][0].append(elapsed)
                by_class[key][1].append(took)
    print(f"{len(queries)} queries x {rounds} rounds, one keep-alive client")
    print(f"{'class':10} {'n':>6} {'rtt p50':>9} {'p90':>8} {'p99':>8} {'server p50':>11} {'p99':>8}  (ms)")
    for key in sorted(by_class, key=lambda k: (k != "all", k)):
        rtt, took = by_class[key]
        print(f"{key:10} {len(rtt):6d} {statistics.median(rtt):9.3f} {percentile(rtt, 90):8.3f} "
              f"{percentile(rtt, 99):8.3f} {statistics.median(took):11.3f} {percentile(took, 99):8.3f}")


if __name__ == "__main__":
    main()
