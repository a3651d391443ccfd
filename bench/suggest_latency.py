#!/usr/bin/env python3
"""Latency of /api/suggest (autocomplete) on a running dateline-server.

usage: bench/suggest_latency.py PORT ARTICLES.jsonl... [--count N] [--rounds R]

Builds a fixed, seeded set of N typed prefixes (default 400) from the titles of the given
JSONL files, the way people type into a search box: the first 1 to 4 letters of a title word,
and a whole word followed by the start of the next one. One warm-up pass, then R timed passes
(default 3) over one keep-alive connection; prints p50/p95/p99 of the server's own took_ms and
of the client round trip, overall and per prefix kind.
"""
import http.client
import json
import random
import re
import sys
import time
import urllib.parse


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def make_prefixes(paths, count):
    titles = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                title = json.loads(line).get("title") or ""
                words = re.findall(r"[A-Za-z]+", title.lower())
                if len(words) >= 2:
                    titles.append(words)
    rng = random.Random(20240501)
    prefixes = []
    while len(prefixes) < count:
        words = rng.choice(titles)
        i = rng.randrange(len(words) - 1)
        if rng.random() < 0.6:
            prefixes.append(("word", words[i][: rng.randint(1, 4)]))
        else:
            prefixes.append(("two words", words[i] + " " + words[i + 1][: rng.randint(1, 3)]))
    return prefixes


def main():
    args = sys.argv[1:]
    count, rounds = 400, 3
    if "--count" in args:
        i = args.index("--count")
        count = int(args[i + 1])
        del args[i : i + 2]
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i : i + 2]
    port, paths = int(args[0]), args[1:]
    prefixes = make_prefixes(paths, count)
    conn = http.client.HTTPConnection("127.0.0.1", port)
    results = {}
    for round_number in range(rounds + 1):
        for kind, prefix in prefixes:
            start = time.perf_counter()
            conn.request("GET", "/api/suggest?q=" + urllib.parse.quote(prefix))
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - start) * 1000
            if response.status != 200:
                sys.exit(f"GET /api/suggest?q={prefix} answered {response.status}: {body[:200]!r}")
            if round_number == 0:
                continue  # warm-up
            took = json.loads(body)["took_ms"]
            for key in ("all", kind):
                results.setdefault(key, ([], []))
                results[key][0].append(took)
                results[key][1].append(elapsed)
    print(f"{len(prefixes)} prefixes x {rounds} rounds")
    for key, (took, round_trip) in results.items():
        print(
            f"{key:10s} n={len(took):5d}  server took_ms p50 {percentile(took, 50):.2f} p95 {percentile(took, 95):.2f} "
            f"p99 {percentile(took, 99):.2f}  |  round trip p50 {percentile(round_trip, 50):.2f} "
            f"p95 {percentile(round_trip, 95):.2f} p99 {percentile(round_trip, 99):.2f}"
        )


if __name__ == "__main__":
    main()
