#!/usr/bin/env python3
# Scores `dateline-indexer extract` on the invented HTML test pages (tests/quality/html_pages/
# pages/*.html, written by make_pages.py, each with its .expected.json): body by word-shingle
# precision, recall and F1 (multisets of 3-word shingles of the lower-cased words), and the
# fields a page states (title, date, authors, section) by exact match. Prints every page
# below target and the totals; exits 1 when the mean body F1 is under 0.97 or a field's
# accuracy under 0.95, else 0.
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys

BODY_F1_TARGET = 0.97
FIELD_TARGET = 0.95
SHINGLE = 3
WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text):
    words = WORD.findall((text or "").lower())
    if len(words) < SHINGLE:
        return collections.Counter([tuple(words)] if words else [])
    return collections.Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def prf(predicted, expected):
    p, g = shingles(predicted), shingles(expected)
    common = sum((p & g).values())
    precision = common / max(1, sum(p.values()))
    recall = common / max(1, sum(g.values()))
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def norm(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return [norm(v) for v in value]
    return re.sub(r"\s+", " ", str(value)).strip().casefold()


def field_ok(name, got, want):
    if name == "date":
        return norm(got)[:10] == norm(want)[:10]
    if name == "authors":
        return sorted(norm(got or [])) == sorted(norm(want))
    return norm(got) == norm(want)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--indexer", required=True, help="the dateline-indexer binary")
    parser.add_argument("--pages", required=True, help="the directory of test pages and .expected.json files")
    args = parser.parse_args()

    run = subprocess.run([args.indexer, "extract", args.pages], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"dateline-indexer extract failed with exit status {run.returncode}:\n{run.stderr}")
        return 1
    predicted = {}
    for line in run.stdout.splitlines():
        if line.strip():
            record = json.loads(line)
            predicted[os.path.basename(record.get("path", ""))] = record

    scores = collections.defaultdict(list)
    fields = collections.defaultdict(list)
    false_fills = collections.defaultdict(list)
    for expected_path in sorted(glob.glob(os.path.join(args.pages, "*.expected.json"))):
        name = os.path.basename(expected_path).replace(".expected.json", ".html")
        with open(expected_path, encoding="utf-8") as f:
            expected = json.load(f)
        got = predicted.get(name, {})
        p, r, f1 = prf(got.get("body") or "", "\n\n".join(expected["body"]))
        for key, value in (("p", p), ("r", r), ("f1", f1)):
            scores[key].append(value)
        wrong = []
        for field in ("title", "date", "authors", "section"):
            if expected.get(field):
                ok = field_ok(field, got.get(field), expected[field])
                fields[field].append(ok)
                if not ok:
                    wrong.append(f"{field}={got.get(field)!r} (want {expected[field]!r})")
            else:
                false_fills[field].append(bool(got.get(field)))
        if f1 < BODY_F1_TARGET or wrong:
            print(f"{name}: body P={p:.3f} R={r:.3f} F1={f1:.3f} {' '.join(wrong)}")

    if not scores["f1"]:
        print(f"no .expected.json pages in {args.pages}")
        return 1
    mean = {key: sum(values) / len(values) for key, values in scores.items()}
    print(f"pages: {len(scores['f1'])}  body precision={mean['p']:.3f} recall={mean['r']:.3f} F1={mean['f1']:.3f} "
          f"(target >= {BODY_F1_TARGET})")
    failures = []
    if mean["f1"] < BODY_F1_TARGET:
        failures.append(f"body F1 {mean['f1']:.3f} < {BODY_F1_TARGET}")
    for field, results in sorted(fields.items()):
        accuracy = sum(results) / len(results)
        print(f"{field}: {accuracy:.3f} over {len(results)} pages that state it (target >= {FIELD_TARGET})")
        if accuracy < FIELD_TARGET:
            failures.append(f"{field} {accuracy:.3f} < {FIELD_TARGET}")
    for field, results in sorted(false_fills.items()):
        print(f"{field} filled on {sum(results)} of {len(results)} pages whose expected file leaves it out")
    if failures:
        print("missed targets: " + "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
