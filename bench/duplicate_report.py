#!/usr/bin/env python3
"""Report on the syndicated-copy clusters of a Dateline database, for checking them by hand.

usage: dateline-indexer duplicates --db DB > clusters.jsonl
       bench/duplicate_report.py clusters.jsonl ARTICLES.jsonl... [--sample N] [--seed S]

Prints how many clusters of each size there are; every cluster whose articles are dated more
than three days apart (recurring bulletins are the likely false copies); every cluster of
formulaic reports (bodies that start "Shr", "Net", "Qtly div", … as Reuters earnings and
dividend reports do); then a seeded random sample of N clusters (default 25). Each article is
shown with its date, title and the start of its body, read from ARTICLES.jsonl (records with
"id", "title", "date", "body").
"""
import collections
import datetime
import json
import random
import re
import sys

FORMULAIC = re.compile(r"^\s*(shr|net|qtly div|qtrly div|qtly|oper shr|revs|period ended|qtr ends?)\b", re.I)


def show(cluster, articles):
    print(f"- cluster {cluster['cluster']}")
    for member in cluster["articles"]:
        article = articles.get(member["id"], {})
        body = " ".join(str(article.get("body", "")).split())
        date = str(article.get("date") or "")[:16]
        print(f"    {member['id']:16s} {date:16s} | {str(article.get('title', ''))[:60]:60s} | {body[:140]}")


def day(text):
    try:
        return datetime.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def main():
    args = sys.argv[1:]
    sample_size, seed = 25, 42
    for flag in ("--sample", "--seed"):
        if flag in args:
            i = args.index(flag)
            value = int(args[i + 1])
            del args[i : i + 2]
            sample_size, seed = (value, seed) if flag == "--sample" else (sample_size, value)
    clusters = [json.loads(line) for line in open(args[0], encoding="utf-8")]
    articles = {}
    for path in args[1:]:
        with open(path, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                articles[str(record.get("id"))] = record
    sizes = collections.Counter(len(c["articles"]) for c in clusters)
    members = sum(len(c["articles"]) for c in clusters)
    print(f"{len(clusters)} clusters of size > 1 holding {members} articles; by size: {dict(sorted(sizes.items()))}")

    far = []
    for cluster in clusters:
        days = [d for d in (day(articles.get(m["id"], {}).get("date")) for m in cluster["articles"]) if d]
        if days and (max(days) - min(days)).days > 3:
            far.append(cluster)
    print(f"\n## {len(far)} clusters dated more than three days apart")
    for cluster in far:
        show(cluster, articles)

    formulaic = [c for c in clusters if any(FORMULAIC.match(str(articles.get(m["id"], {}).get("body", ""))) for m in c["articles"])]
    print(f"\n## {len(formulaic)} clusters of formulaic reports")
    for cluster in formulaic:
        show(cluster, articles)

    rng = random.Random(seed)
    sample = rng.sample(clusters, min(sample_size, len(clusters)))
    print(f"\n## a random sample of {len(sample)} clusters (seed {seed})")
    for cluster in sample:
        show(cluster, articles)


if __name__ == "__main__":
    main()
