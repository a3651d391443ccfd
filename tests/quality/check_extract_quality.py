#!/usr/bin/env python3
# Scores `dateline-indexer extract` on the scraped pages of ../shared/corpora/scrapes with the
# shared scorer (../shared/tools/score_extract.py) and checks issue 3's targets over the whole
# set and on every layout, for the fields that layout shows. Exits 77 (skipped) with a message
# when the shared data is not there, 1 when a target is missed, 0 when all are met.
import argparse
import os
import re
import subprocess
import sys

SKIP = 77

# metric -> (kind, bound): "min" targets for the fields a layout shows, "max" for false fills.
TARGETS = {
    "body_f1": ("min", 0.97),
    "title": ("min", 0.98),
    "date": ("min", 0.95),
    "date_kind": ("min", 0.95),
    "dateline": ("min", 0.90),
    "source": ("min", 0.90),
    "author": ("min", 0.90),
}
MAX_FALSE_FILL = 0.02


def parse_scores(text):
    """{"all": {"body_f1": 0.99, ...}, "dev-print": {...}} from the scorer's --by-template output."""
    groups = {}
    for line in text.splitlines():
        match = re.match(r"\[([^\]]+)\]\s+(.*)", line)
        if match:
            groups[match.group(1)] = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", match.group(2))}
    return groups


def check(groups):
    failures = []
    for group, metrics in sorted(groups.items(), key=lambda item: (item[0] != "all", item[0])):
        parts = []
        for metric, value in sorted(metrics.items()):
            if metric.endswith("_falsefill"):
                ok = value <= MAX_FALSE_FILL
                bound = f"<= {MAX_FALSE_FILL}"
            elif metric in TARGETS:
                ok = value >= TARGETS[metric][1]
                bound = f">= {TARGETS[metric][1]}"
            else:
                continue  # reported by the scorer, no target (body_p, body_r, subtitle, section)
            parts.append(f"{metric}={value:.3f}{'' if ok else ' FAIL'}")
            if not ok:
                failures.append(f"[{group}] {metric} = {value:.3f}, want {bound}")
        print(f"[{group}] " + "  ".join(parts))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--indexer", required=True, help="the dateline-indexer binary")
    parser.add_argument("--shared", required=True, help="the shared data directory (../shared)")
    parser.add_argument("--work", required=True, help="a directory for the extract output")
    args = parser.parse_args()

    scrapes = os.path.join(args.shared, "corpora", "scrapes")
    truth = os.path.join(scrapes, "truth.jsonl")
    scorer = os.path.join(args.shared, "tools", "score_extract.py")
    for needed in (truth, scorer):
        if not os.path.exists(needed):
            print(f"SKIPPED: {needed} is not there (the shared data sits next to the repository)")
            return SKIP

    layouts = sorted(os.path.join(scrapes, name) for name in os.listdir(scrapes)
                     if os.path.isdir(os.path.join(scrapes, name)))
    os.makedirs(args.work, exist_ok=True)
    predictions = os.path.join(args.work, "scrapes-extract.jsonl")
    with open(predictions, "w", encoding="utf-8") as out:
        run = subprocess.run([args.indexer, "extract", *layouts], stdout=out, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        print(f"dateline-indexer extract failed with exit status {run.returncode}:\n{run.stderr}")
        return 1

    scored = subprocess.run([sys.executable, scorer, "--truth", truth, "--pred", predictions, "--by-template"],
                            capture_output=True, text=True)
    if scored.returncode != 0:
        print(f"{scorer} failed with exit status {scored.returncode}:\n{scored.stderr}")
        return 1
    print(scored.stdout.splitlines()[0])
    groups = parse_scores(scored.stdout)
    if "all" not in groups or len(groups) < 2:
        print(f"could not read the scores of {scorer}:\n{scored.stdout}")
        return 1
    failures = check(groups)
    if failures:
        print("missed targets:\n  " + "\n  ".join(failures))
        print(f"(predictions kept in {predictions})")
        return 1
    print(f"all targets met over {len(groups) - 1} layouts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
