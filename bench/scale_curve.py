#!/usr/bin/env python3
"""Dateline scale curve: indexing time, index size and search latency at x1, x8 and x40 copies
of the "news" corpus (21,268 / 170,144 / 850,720 articles), one run each.

usage: bench/scale_curve.py [--copies 1,8,40] [--build DIR] [--png FILE] [--keep FILE]

Writes DIR/bench/scale.json, a Markdown table on standard output (for docs/benchmarks.md) and a PNG plot
(gnuplot from Debian: `sh .ci/setup gnuplot-nox`). `--keep FILE` takes the rows of the sizes
not measured now from an earlier scale.json (to re-measure x1 and x8 after a change without
spending an hour on x40 again; the table says which rows are older). Not part of `make test`; x40 takes about
ten minutes of indexing and 4 GB of disk.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402  (same folder)


def measure(binaries, copies, out_dir, work):
    name = "news" if copies == 1 else f"news{copies}"
    jsonl = run_bench.build_corpus(out_dir, name)
    with open(jsonl, encoding="utf-8") as f:
        articles = sum(1 for _ in f)
    mb = run_bench.text_bytes(jsonl) / 1e6
    db = os.path.join(work, name)
    shutil.rmtree(db, ignore_errors=True)
    wall, rss = run_bench.timed_run([binaries["dateline-indexer"], "--quiet", "--db", db, jsonl])
    size = run_bench.dir_mb(db)
    search = run_bench.search_latencies([binaries["bench-dateline-search"], db, run_bench.QUERIES, "1"])
    shutil.rmtree(db, ignore_errors=True)
    row = {"copies": copies, "articles": articles, "text_mb": mb, "index_seconds": wall,
           "articles_per_s": articles / wall, "peak_rss_mb": rss, "index_mb": size,
           "index_over_text": size / mb, "search_p50_ms": search["all"]["p50"],
           "search_p99_ms": search["all"]["p99"], "loadavg": os.getloadavg()[0]}
    print(f"   x{copies}: {articles} articles in {wall:.1f} s ({articles / wall:.0f}/s), {size:.0f} MB, "
          f"search p50 {row['search_p50_ms']:.2f} ms, p99 {row['search_p99_ms']:.2f} ms", flush=True)
    return row


def plot(rows, png):
    if shutil.which("gnuplot") is None:
        print("gnuplot is not installed (sh .ci/setup gnuplot-nox): no plot", file=sys.stderr)
        return False
    data = png + ".dat"
    with open(data, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(f"{r['articles']} {r['index_seconds']:.2f} {r['index_mb']:.1f} {r['search_p50_ms']:.3f} "
                    f"{r['search_p99_ms']:.3f}\n")
    script = f"""
set terminal pngcairo size 1100,420 font ',10' noenhanced
set output '{png}'
set multiplot layout 1,3 title 'Dateline at {', '.join('x' + str(r['copies']) for r in rows)} of the news corpus (articles on a log scale)'
set logscale x
set logscale y
set grid
set key top left
set xlabel 'articles'
set title 'indexing time (s)'
plot '{data}' using 1:2 with linespoints lw 2 pt 7 title 'dateline-indexer'
set title 'index size (MB)'
plot '{data}' using 1:3 with linespoints lw 2 pt 7 title 'on disk'
set title 'search latency (ms, 200 queries)'
plot '{data}' using 1:4 with linespoints lw 2 pt 7 title 'p50', '{data}' using 1:5 with linespoints lw 2 pt 5 title 'p99'
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.remove(data)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,8,40")
    parser.add_argument("--build", default=os.path.join(run_bench.ROOT, "build"))
    parser.add_argument("--png", default=os.path.join(run_bench.ROOT, "docs", "scale_curve.png"))
    parser.add_argument("--keep", help="scale.json of an earlier run: its rows for sizes not measured now")
    args = parser.parse_args()
    kept = []
    if args.keep:
        with open(args.keep, encoding="utf-8") as f:
            measured_now = {int(c) for c in args.copies.split(",")}
            kept = [dict(r, kept=True) for r in json.load(f) if r["copies"] not in measured_now]
    binaries = {"dateline-indexer": os.path.join(args.build, "indexer", "dateline-indexer"),
                "bench-dateline-search": os.path.join(args.build, "bench", "bench-dateline-search")}
    for path in binaries.values():
        if not os.path.exists(path):
            run_bench.die(f"{path} is missing: run `make build` first")
    out_dir = os.path.join(args.build, "bench")
    os.makedirs(out_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="dateline-scale-", dir=out_dir)
    try:
        rows = [measure(binaries, int(c), out_dir, work) for c in args.copies.split(",")]
        rows = sorted(rows + kept, key=lambda r: r["copies"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(out_dir, "scale.json"), "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=1)
    print("\n| copies | articles | index s | articles/s | peak RSS MB | index MB | index / text | "
          "search p50 / p99 ms | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| x{r['copies']}{' (earlier run)' if r.get('kept') else ''} | {r['articles']:,} | {r['index_seconds']:.1f} | {r['articles_per_s']:,.0f} | "
              f"{r['peak_rss_mb']:.0f} | {r['index_mb']:.0f} | {r['index_over_text']:.2f} | "
              f"{r['search_p50_ms']:.2f} / {r['search_p99_ms']:.2f} | {r['loadavg']:.1f} |")
    if plot(rows, args.png):
        print(f"\nwrote {args.png}")


if __name__ == "__main__":
    main()
