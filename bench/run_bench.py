#!/usr/bin/env python3
"""Dateline speed benchmark: indexing, in-process search and HTTP search, each side by side
with the engine limit (minimal raw-Xapian programs in bench/baseline/), in one run.

usage: bench/run_bench.py [--corpus news[,news8,news40]] [--runs N] [--http-seconds S]
                          [--concurrency 1,8,32] [--build DIR] [--skip-http] [--no-omindex]
                          [--stream-only]

Corpora are built from ../shared/corpora (BBC + Reuters-21578 JSONL = "news"; "news8"/"news40"
repeat it with distinct ids). Every figure is the median of --runs runs. Indexing is also
measured for Xapian's omindex when it is installed (one .txt file per article, title first).
HTTP search runs every query class at each concurrency as users get it (facets, snippets and
collapsed copies on), again with collapse off, and the phrase queries alone at 8 clients; each
server's first query after its start and its peak memory after the load are recorded.
The stream mode (always run; --stream-only runs it alone over HTTP) replays a realistic query
stream at 8 clients: STREAM_LENGTH draws, Zipf-distributed (s = 1), from STREAM_DISTINCT distinct
queries made of the archive's titles (their first words, and quoted two-word phrases from them),
with a fixed seed; Dateline serves it with its response cache on, as users get it, and the
table gives its cache hit rate; raw Xapian and Dateline without the cache serve the same stream.
Prints a table with ratios (Dateline / baseline) and writes DIR/bench/results.json. Needs wrk
and xapian-compact (`sh .ci/setup wrk xapian-tools xapian-omega` installs them).
"""
import argparse
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
QUERIES = os.path.join(SHARED, "bench", "peers", "queries", "queries.tsv")
STREAM_DISTINCT = 10000
STREAM_LENGTH = 100000
STREAM_SEED = 16


def die(message):
    sys.exit(f"run_bench: {message}")


def build_corpus(out_dir, name):
    copies = {"news": 1, "news8": 8, "news40": 40}[name]
    path = os.path.join(out_dir, f"{name}.jsonl")
    if os.path.exists(path):
        return path
    sources = [os.path.join(SHARED, "corpora", "bbc", "articles.jsonl"),
               os.path.join(SHARED, "corpora", "reuters21578", "articles.jsonl")]
    for source in sources:
        if not os.path.exists(source):
            die(f"{source} is missing: the benchmark needs ../shared/corpora")
    keep = ("title", "body", "date", "section", "source", "dateline")
    records = []
    for source in sources:
        with open(source, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                records.append({"id": str(record["id"]), **{k: record.get(k) for k in keep}})
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        for copy in range(copies):
            suffix = "" if copy == 0 else f"-r{copy}"
            for record in records:
                out.write(json.dumps({**record, "id": record["id"] + suffix}, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


def write_omindex_tree(out_dir, name, jsonl):
    """One .txt file per article (title, blank line, body) in folders of 1,000, for omindex."""
    root = os.path.join(out_dir, f"{name}-txt")
    if os.path.isdir(root):
        return root
    tmp = root + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    with open(jsonl, encoding="utf-8") as f:
        for n, line in enumerate(f):
            record = json.loads(line)
            folder = os.path.join(tmp, f"{n // 1000:05d}")
            if n % 1000 == 0:
                os.makedirs(folder)
            with open(os.path.join(folder, f"{n}.txt"), "w", encoding="utf-8") as out:
                out.write((record.get("title") or "") + "\n\n" + (record.get("body") or "") + "\n")
    os.replace(tmp, root)
    return root


def first_query_ms(port, route, text):
    """Round trip of one query on a fresh connection (the server's first after its start)."""
    import http.client
    from urllib.parse import quote
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", route + quote(text, safe=""))
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        die(f"first query answered {response.status}")
    return (time.perf_counter() - start) * 1000


def cache_counts(port):
    """Dateline's response-cache hits and misses from /metrics."""
    import urllib.request
    counts = {}
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
        for line in response.read().decode().splitlines():
            for name in ("hits", "misses"):
                if line.startswith(f"dateline_search_cache_{name}_total "):
                    counts[name] = int(line.split()[1])
    return counts


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def text_bytes(path):
    total = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            total += len((record.get("title") or "").encode()) + len((record.get("body") or "").encode())
    return total


def timed_run(argv):
    """Wall seconds and peak RSS (MB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    err = process.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        die(f"{' '.join(argv)} exited {code}: {err[-500:]}")
    return wall, usage.ru_maxrss / 1024


def dir_mb(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(dirpath, name))
    return total / 1e6


def compact(db):
    target = db + ".compact"
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(["xapian-compact", db, target], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    size = dir_mb(target)
    shutil.rmtree(target)
    return seconds, size


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def search_latencies(argv):
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    by_class = {}
    for line in out.splitlines():
        cls, ms = line.split("\t")
        by_class.setdefault(cls, []).append(float(ms))
        by_class.setdefault("all", []).append(float(ms))
    return {cls: {"p50": statistics.median(v), "p95": percentile(v, 95), "p99": percentile(v, 99)}
            for cls, v in by_class.items()}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    die(f"no server on port {port}")


def title_queries(jsonl):
    """Distinct queries from the archive's titles, in file order: each title's first three
    words, and each quoted pair of adjacent words of it (letters only, at least 3 letters)."""
    import re
    seen, queries = set(), []
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            words = [w for w in re.findall(r"[A-Za-z]+", json.loads(line).get("title", "")) if len(w) >= 3]
            candidates = [" ".join(words[:3]).lower()] if words else []
            candidates += [f'"{a.lower()} {b.lower()}"' for a, b in zip(words, words[1:])]
            for query in candidates:
                if query not in seen:
                    seen.add(query)
                    queries.append(query)
    return queries


def zipf_stream(jsonl):
    """STREAM_LENGTH queries drawn with a fixed seed, Zipf-distributed over STREAM_DISTINCT
    distinct title queries (rank r drawn with weight 1/r); and how many distinct ones it holds."""
    import random
    rng = random.Random(STREAM_SEED)
    pool = title_queries(jsonl)
    rng.shuffle(pool)
    pool = pool[:STREAM_DISTINCT]
    weights = [1.0 / rank for rank in range(1, len(pool) + 1)]
    stream = rng.choices(pool, weights=weights, k=STREAM_LENGTH)
    return stream, len(set(stream))


def write_wrk_script(path, route, queries):
    from urllib.parse import quote
    with open(path, "w", encoding="utf-8") as f:
        f.write("local paths = {\n")
        for text in queries:
            f.write('  "' + route + quote(text, safe="") + '",\n')
        f.write("}\n")
        f.write("local i = 0\n")
        f.write("function setup(thread) thread:set('offset', math.random(#paths)) end\n")
        f.write("function init(args) i = offset or 0 end\n")
        f.write("function request() i = i % #paths + 1; return wrk.format('GET', paths[i]) end\n")
        f.write("function done(summary, latency, requests)\n"
                "  local e = summary.errors\n"
                "  io.write(string.format('WRKJSON {\"requests\":%d,\"duration_us\":%d,\"errors\":%d,"
                "\"non2xx\":%d,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d}\\n', summary.requests, "
                "summary.duration, e.connect + e.read + e.write + e.timeout, e.status, "
                "latency:percentile(50), latency:percentile(90), latency:percentile(99)))\n"
                "end\n")


def run_wrk(port, script, concurrency, seconds):
    threads = 1 if concurrency < 2 else 2
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "10s",
                          "-s", script, f"http://127.0.0.1:{port}"], check=True, capture_output=True,
                         text=True).stdout
    line = next((l for l in out.splitlines() if l.startswith("WRKJSON ")), None)
    if line is None:
        die(f"wrk printed no result: {out[-500:]}")
    result = json.loads(line[len("WRKJSON "):])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def median_of(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="news")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--http-seconds", type=int, default=10)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--no-omindex", action="store_true", help="leave out the omindex column (slow on news8)")
    parser.add_argument("--stream-only", action="store_true", help="over HTTP, run only the query stream mode")
    args = parser.parse_args()

    binaries = {name: os.path.join(args.build, sub, name) for sub, name in [
        ("indexer", "dateline-indexer"), ("server", "dateline-server"), ("bench", "bench-raw-indexer"),
        ("bench", "bench-raw-search"), ("bench", "bench-raw-server"), ("bench", "bench-dateline-search")]}
    for path in binaries.values():
        if not os.path.exists(path):
            die(f"{path} is missing: run `make build` first")
    for tool in ["xapian-compact"] + ([] if args.skip_http else ["wrk"]):
        if shutil.which(tool) is None:
            die(f"{tool} is not installed: run `sh .ci/setup wrk xapian-tools`")
    if not os.path.exists(QUERIES):
        die(f"{QUERIES} is missing")
    with open(QUERIES, encoding="utf-8") as f:
        classified = [line.rstrip("\n").split("\t")[1:3] for line in f if line.count("\t") >= 2]
    queries = [text for _, text in classified]
    phrases = [text for cls, text in classified if cls == "phrase"]

    out_dir = os.path.join(args.build, "bench")
    os.makedirs(out_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="dateline-bench-", dir=out_dir)
    results = {"machine": {"cores": os.cpu_count(), "loadavg": os.getloadavg()}, "corpora": {}}
    try:
        for corpus in args.corpus.split(","):
            jsonl = build_corpus(out_dir, corpus)
            mb = text_bytes(jsonl) / 1e6
            with open(jsonl, encoding="utf-8") as f:
                articles = sum(1 for _ in f)
            print(f"== {corpus}: {articles} articles, {mb:.1f} MB of title+body text", flush=True)
            entry = {"articles": articles, "text_mb": mb, "indexing": {}, "search": {}, "http": {}}
            dbs = {}
            sides = [
                ("raw", lambda db: [binaries["bench-raw-indexer"], jsonl, db]),
                ("dateline", lambda db: [binaries["dateline-indexer"], "--quiet", "--db", db, jsonl]),
            ]
            if args.no_omindex:
                pass
            elif shutil.which("omindex"):
                tree = write_omindex_tree(out_dir, corpus, jsonl)
                sides.append(("omindex", lambda db: ["omindex", "--db", db, "--url", "/", tree]))
            else:
                print("   omindex is not installed (sh .ci/setup xapian-omega): no omindex column", flush=True)
            for side, argv_for in sides:
                runs = []
                for run in range(args.runs):
                    db = os.path.join(work, f"{corpus}-{side}")
                    shutil.rmtree(db, ignore_errors=True)
                    wall, rss = timed_run(argv_for(db))
                    runs.append({"seconds": wall, "rss_mb": rss})
                    print(f"   index {side:8} run {run + 1}: {wall:6.1f} s, {articles / wall:7.0f} articles/s, "
                          f"peak {rss:.0f} MB", flush=True)
                size = dir_mb(db)
                compact_s, compact_mb = compact(db)
                seconds = median_of(runs, "seconds")
                entry["indexing"][side] = {
                    "seconds": seconds, "articles_per_s": articles / seconds, "mb_per_s": mb / seconds,
                    "peak_rss_mb": median_of(runs, "rss_mb"), "index_mb": size, "index_over_text": size / mb,
                    "compact_seconds": compact_s, "compacted_mb": compact_mb, "runs": runs}
                dbs[side] = db

            for side, tool in [("raw", "bench-raw-search"), ("dateline", "bench-dateline-search")]:
                entry["search"][side] = search_latencies([binaries[tool], dbs[side], QUERIES, str(args.runs)])

            if not args.skip_http:
                # (name, server side, route, query list, concurrencies, extra server flags). The
                # load repeats the 200 queries, so Dateline's response cache answers most of
                # them: each Dateline figure is measured with the cache off as well.
                levels = [int(c) for c in args.concurrency.split(",")]
                no_cache = ["--cache-entries", "0"]
                stream, distinct = zipf_stream(jsonl)
                entry["stream"] = {"requests_listed": len(stream), "distinct": distinct, "seed": STREAM_SEED}
                stream_plans = [("raw-stream", "raw", "/search?q=", stream, [8], []),
                                ("dateline-stream", "dateline", "/api/search?q=", stream, [8], []),
                                ("dateline-stream-no-cache", "dateline", "/api/search?q=", stream, [8], no_cache)]
                plans = stream_plans if args.stream_only else stream_plans + [("raw", "raw", "/search?q=", queries, levels, []),
                         ("dateline", "dateline", "/api/search?q=", queries, levels, []),
                         ("dateline-no-cache", "dateline", "/api/search?q=", queries, levels, no_cache),
                         ("dateline-collapse-off", "dateline", "/api/search?collapse=false&q=", queries, levels, []),
                         ("dateline-collapse-off-no-cache", "dateline", "/api/search?collapse=false&q=", queries,
                          levels, no_cache),
                         ("raw-phrase", "raw", "/search?q=", phrases, [8], []),
                         ("dateline-phrase", "dateline", "/api/search?q=", phrases, [8], []),
                         ("dateline-phrase-no-cache", "dateline", "/api/search?q=", phrases, [8], no_cache)]
                for name, side, route, texts, concurrencies, extra in plans:
                    port = free_port()
                    if side == "raw":
                        argv = [binaries["bench-raw-server"], dbs[side], str(port), "8"]
                    else:
                        argv = [binaries["dateline-server"], "--db", dbs[side], "--port", str(port), "--threads", "8",
                                *extra]
                    script = os.path.join(work, f"{name}.lua")
                    write_wrk_script(script, route, texts)
                    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    try:
                        wait_for_port(port)
                        entry["http"][name] = {"first_query_ms": first_query_ms(port, route, texts[0])}
                        before = cache_counts(port) if side == "dateline" else {}
                        for concurrency in concurrencies:
                            runs = [run_wrk(port, script, concurrency, args.http_seconds) for _ in range(args.runs)]
                            entry["http"][name][concurrency] = {
                                "rps": median_of(runs, "rps"), "p50_ms": median_of(runs, "p50_us") / 1000,
                                "p99_ms": median_of(runs, "p99_us") / 1000,
                                "errors": sum(r["errors"] + r["non2xx"] for r in runs)}
                            print(f"   http {name:22} c={concurrency:<3} "
                                  f"{entry['http'][name][concurrency]['rps']:8.0f} req/s, "
                                  f"p99 {entry['http'][name][concurrency]['p99_ms']:.2f} ms", flush=True)
                        entry["http"][name]["peak_rss_mb"] = peak_rss_mb(server.pid)
                        if side == "dateline":
                            after = cache_counts(port)
                            entry["http"][name]["cache"] = {k: after.get(k, 0) - before.get(k, 0) for k in after}
                    finally:
                        server.send_signal(signal.SIGTERM)
                        server.wait(timeout=30)
            results["corpora"][corpus] = entry
    finally:
        shutil.rmtree(work, ignore_errors=True)

    with open(os.path.join(out_dir, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    print_table(results)
    print(f"\nwrote {os.path.join(out_dir, 'results.json')}")


def print_table(results):
    for corpus, entry in results["corpora"].items():
        indexing = entry["indexing"]
        raw, ours = indexing["raw"], indexing["dateline"]
        omindex = indexing.get("omindex")
        print(f"\n## {corpus}: {entry['articles']} articles, {entry['text_mb']:.1f} MB text (medians)\n")
        print("| indexing | raw Xapian | Dateline | ratio | omindex | Dateline / omindex |")
        print("|---|---|---|---|---|---|")
        for key, label, fmt in [("articles_per_s", "articles/s", "{:.0f}"), ("mb_per_s", "MB/s", "{:.2f}"),
                                ("peak_rss_mb", "peak RSS MB", "{:.0f}"), ("index_mb", "index MB", "{:.1f}"),
                                ("index_over_text", "index / text", "{:.2f}"),
                                ("compacted_mb", "compacted MB", "{:.1f}")]:
            om = (f"{fmt.format(omindex[key])} | {ours[key] / omindex[key]:.2f}" if omindex else "- | -")
            print(f"| {label} | {fmt.format(raw[key])} | {fmt.format(ours[key])} | {ours[key] / raw[key]:.2f} | {om} |")
        print("\n| in-process search ms | raw p50/p95/p99 | Dateline p50/p95/p99 | p50 ratio |")
        print("|---|---|---|---|")
        for cls in ("all", "keyword", "phrase", "boolean"):
            r, d = entry["search"]["raw"].get(cls), entry["search"]["dateline"].get(cls)
            if r and d:
                print(f"| {cls} | {r['p50']:.2f} / {r['p95']:.2f} / {r['p99']:.2f} | "
                      f"{d['p50']:.2f} / {d['p95']:.2f} / {d['p99']:.2f} | {d['p50'] / r['p50']:.1f} |")
        http = entry["http"]
        if "dateline-stream" in http:
            print_stream(entry)
        if "dateline" in http:
            print("\n| HTTP | clients | raw req/s (p50/p99 ms) | Dateline req/s (p50/p99 ms) | req/s ratio | errors |")
            print("|---|---|---|---|---|---|")
            for name, base in [("dateline", "raw"), ("dateline-no-cache", "raw"), ("dateline-collapse-off", "raw"),
                               ("dateline-collapse-off-no-cache", "raw"), ("dateline-phrase", "raw-phrase"),
                               ("dateline-phrase-no-cache", "raw-phrase")]:
                for concurrency, d in http[name].items():
                    if not isinstance(concurrency, int):
                        continue  # first_query_ms, peak_rss_mb, cache
                    r = http[base][concurrency]
                    print(f"| {name} | {concurrency} | {r['rps']:.0f} ({r['p50_ms']:.2f}/{r['p99_ms']:.2f}) | "
                          f"{d['rps']:.0f} ({d['p50_ms']:.2f}/{d['p99_ms']:.2f}) | {d['rps'] / r['rps']:.2f} | "
                          f"{d['errors']} |")
            print("\n| server | first query after start ms | peak RSS MB after the load | cache hits / misses |")
            print("|---|---|---|---|")
            for name in ("raw", "dateline", "dateline-no-cache"):
                cache = http[name].get("cache")
                hits = f"{cache.get('hits', 0):,} / {cache.get('misses', 0):,}" if cache else "-"
                print(f"| {name} | {http[name]['first_query_ms']:.1f} | {http[name]['peak_rss_mb']:.0f} | {hits} |")

def print_stream(entry):
    http, stream = entry["http"], entry["stream"]
    print(f"\n| query stream ({stream['requests_listed']:,} Zipf draws over {stream['distinct']:,} distinct "
          f"queries, seed {stream['seed']}) | clients | req/s (p50/p99 ms) | ratio to raw | cache hit rate | errors |")
    print("|---|---|---|---|---|---|")
    raw = http["raw-stream"][8]
    for name in ("raw-stream", "dateline-stream", "dateline-stream-no-cache"):
        d = http[name][8]
        cache = http[name].get("cache") or {}
        served = cache.get("hits", 0) + cache.get("misses", 0)
        rate = f"{cache.get('hits', 0) / served:.1%}" if served and name == "dateline-stream" else "-"
        print(f"| {name} | 8 | {d['rps']:.0f} ({d['p50_ms']:.2f}/{d['p99_ms']:.2f}) | {d['rps'] / raw['rps']:.2f} | "
              f"{rate} | {d['errors']} |")


if __name__ == "__main__":
    main()
