#!/usr/bin/env python3
"""Sharded serving benchmark (issue 18): the same archive served by dateline-server as one local
database, as 3 local shards (a stub file of "auto" lines) and as 3 remote shards (each served by
xapian-tcpsrv on loopback, a stub of "remote" lines), in one run.

usage: bench/shard_bench.py [--build DIR] [--corpus news] [--articles N] [--rounds R]
                            [--seconds S] [--concurrency C]

The archive is the "news" corpus of bench/run_bench.py (BBC + Reuters-21578 from
../shared/corpora), or its first N articles with --articles (quick runs). Its articles are dealt
round-robin to the 3 shards. Queries are the 200 of the peers' set (../shared/bench/peers/queries)
when present, else 200 title queries of the archive. Each server runs alone, with the response
cache off (--cache-entries 0) so every request searches, answering as users get it (facets,
snippets, collapsed copies). Latency: one keep-alive client, a warm-up pass and R timed passes
(median and p99 of the round trip, and of the server's took_ms). Throughput: wrk at C clients
for S seconds over the same queries. Prints a Markdown table and writes DIR/bench/shards.json.
Needs xapian-tcpsrv (xapian-tools) and wrk.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_bench import (QUERIES, build_corpus, die, free_port, percentile, run_wrk,  # noqa: E402
                       title_queries, wait_for_port, write_wrk_script)

SHARDS = 3


def split_corpus(jsonl, work, articles):
    """The archive (its first `articles` when not 0) whole, and dealt round-robin into SHARDS files."""
    whole = os.path.join(work, "whole.jsonl")
    parts = [os.path.join(work, f"shard{i}.jsonl") for i in range(SHARDS)]
    outs = [open(p, "w", encoding="utf-8") for p in parts]
    with open(jsonl, encoding="utf-8") as f, open(whole, "w", encoding="utf-8") as all_out:
        for n, line in enumerate(f):
            if articles and n >= articles:
                break
            all_out.write(line)
            outs[n % SHARDS].write(line)
    for out in outs:
        out.close()
    return whole, parts


def index(indexer, db, source):
    subprocess.run([indexer, "--db", db, source], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def load_queries(whole):
    if os.path.exists(QUERIES):
        with open(QUERIES, encoding="utf-8") as f:
            return [parts[2] for parts in (line.rstrip("\n").split("\t") for line in f) if len(parts) >= 3]
    return title_queries(whole)[:200]


def start_server(server, db, port):
    process = subprocess.Popen([server, "--db", db, "--port", str(port), "--cache-entries", "0",
                                "--access-log", "off"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, 60)
    return process


def measure_latency(port, queries, rounds):
    """Round trip and took_ms of every query over one keep-alive connection, after a warm-up pass."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    trips, took = [], []
    for round_number in range(rounds + 1):
        for text in queries:
            start = time.perf_counter()
            conn.request("GET", "/api/search?q=" + urllib.parse.quote(text))
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - start) * 1000
            if response.status != 200:
                die(f"query {text!r}: HTTP {response.status}: {body[:200]!r}")
            answer = json.loads(body)
            if answer.get("partial") and answer.get("missing_shards"):
                die(f"query {text!r}: shards missing {answer['missing_shards']}")
            if round_number > 0:
                trips.append(elapsed)
                took.append(answer["took_ms"])
    conn.close()
    return {"p50_ms": statistics.median(trips), "p99_ms": percentile(trips, 99),
            "took_p50_ms": statistics.median(took), "took_p99_ms": percentile(took, 99)}


def measure(server, db, queries, args, work, label):
    port = free_port()
    process = start_server(server, db, port)
    try:
        result = measure_latency(port, queries, args.rounds)
        script = os.path.join(work, "queries.lua")
        write_wrk_script(script, "/api/search?q=", queries)
        load = run_wrk(port, script, args.concurrency, args.seconds)
        result.update({"rps": load["rps"], "wrk_p50_ms": load["p50_us"] / 1000, "wrk_p99_ms": load["p99_us"] / 1000,
                       "errors": load["errors"] + load["non2xx"]})
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait()
    print(f"  {label}: {result['p50_ms']:.2f} / {result['p99_ms']:.2f} ms, {result['rps']:.0f} req/s", flush=True)
    return result


def write_stub(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--corpus", default="news")
    parser.add_argument("--articles", type=int, default=0, help="only the first N articles (0: all)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    for tool in ("xapian-tcpsrv", "wrk"):
        if shutil.which(tool) is None:
            die(f"{tool} is not installed: run `sh .ci/setup wrk xapian-tools`")
    indexer = os.path.join(args.build, "indexer", "dateline-indexer")
    server = os.path.join(args.build, "server", "dateline-server")
    out_dir = os.path.join(args.build, "bench")
    os.makedirs(out_dir, exist_ok=True)
    jsonl = build_corpus(out_dir, args.corpus)
    work = tempfile.mkdtemp(prefix="dateline-shard-bench-")
    tcpsrvs = []
    try:
        whole_jsonl, parts = split_corpus(jsonl, work, args.articles)
        whole_db = os.path.join(work, "whole")
        index(indexer, whole_db, whole_jsonl)
        shard_dbs = []
        for i, part in enumerate(parts):
            shard_dbs.append(os.path.join(work, f"shard{i}"))
            index(indexer, shard_dbs[-1], part)
        ports = []
        for db in shard_dbs:
            ports.append(free_port())
            tcpsrvs.append(subprocess.Popen(["xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port",
                                             str(ports[-1]), db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            wait_for_port(ports[-1])
        local_stub = write_stub(os.path.join(work, "local.stub"), [f"auto {db}" for db in shard_dbs])
        remote_stub = write_stub(os.path.join(work, "remote.stub"), [f"remote 127.0.0.1:{p}" for p in ports])
        queries = load_queries(whole_jsonl)
        articles = sum(1 for _ in open(whole_jsonl, encoding="utf-8"))
        print(f"shard_bench: {articles} articles, {len(queries)} queries, {args.rounds} rounds, "
              f"wrk {args.concurrency} clients x {args.seconds} s", flush=True)
        setups = [("1 local database", whole_db), ("3 local shards (stub)", local_stub),
                  ("3 remote shards (xapian-tcpsrv, loopback)", remote_stub)]
        results = {label: measure(server, db, queries, args, work, label) for label, db in setups}
    finally:
        for process in tcpsrvs:
            process.send_signal(signal.SIGTERM)
            process.wait()
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"| {articles} articles, cache off | latency p50 / p99 ms | took_ms p50 / p99 | "
          f"req/s at {args.concurrency} clients | / 1 database |")
    print("|---|---|---|---|---|")
    base = results[setups[0][0]]["rps"]
    for label, _ in setups:
        r = results[label]
        print(f"| {label} | {r['p50_ms']:.2f} / {r['p99_ms']:.2f} | {r['took_p50_ms']:.2f} / {r['took_p99_ms']:.2f} "
              f"| {r['rps']:.0f} | {r['rps'] / base:.2f} |")
    with open(os.path.join(out_dir, "shards.json"), "w", encoding="utf-8") as f:
        json.dump({"articles": articles, "queries": len(queries), "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
