#!/usr/bin/env python3
"""Checks the include boundaries of Dateline's source tree (docs/architecture.md).

Fails (exit 1), naming the file and the include chain, when:
  - a file under server/ or common/web/ compiles <xapian.h>, directly or through any header it
    includes;
  - a folder of common/ includes a folder it must not (the table below, taken from each
    folder's CMakeLists.txt): e.g. search/ or web/ including the index writers, cleaning/
    including index/;
  - the read side (common/search/, common/web/) reaches a write-side header, even indirectly;
  - the schema (common/index/schema.*) reaches the cleaner's folder, even indirectly;
  - the response cache reaches the search service (no back-arrows).

`--self-test` copies the tree to a temporary folder, adds one forbidden include per rule and
checks that each is caught (so the check itself cannot silently pass).
"""
import argparse
import os
import re
import shutil
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)

# Folders of common/ and the folders each may include directly ("." is the top level:
# article.h, errors.h, options.h, version.h). Anything else is a boundary violation.
ALLOWED = {
    "text": {".", "text"},
    "cleaning": {".", "text", "cleaning"},
    "ingest": {".", "text", "cleaning", "ingest"},
    "index": {".", "text", "cleaning", "ingest", "index"},
    "search": {".", "text", "index", "search"},
    "web": {".", "text", "search", "web"},
    "cli": {".", "text", "cleaning", "ingest", "index", "search", "cli", "web"},
    ".": {".", "text"},
}

# Single headers a folder may include although their folder is not allowed: the top level's
# --version line names the schema version, which lives alone in a Xapian-free header, and the
# options parser checks --shard-by with the shard rule's pure parser (no Xapian, no I/O).
ALLOWED_HEADERS = {
    ".": {"common/index/schema_version.h", "common/index/shard_layout.h"},
}

# Headers of the write side: what only the indexer may reach.
WRITE_SIDE = {
    "common/index/article_indexer.h",
    "common/index/parallel_indexer.h",
    "common/index/maintenance.h",
    "common/index/copy_cluster_assignment.h",
}
READ_SIDE_FOLDERS = ("common/search/", "common/web/")
# Folders that never compile <xapian.h>: the server and the views work on plain types.
XAPIAN_FREE_FOLDERS = ("server", "common/web")


def read_includes(root, path, cache):
    """(quoted includes resolved to repo-relative paths, system includes) of one file."""
    if path not in cache:
        quoted, system = [], []
        try:
            with open(os.path.join(root, path), encoding="utf-8") as f:
                text = f.read()
        except OSError:
            text = ""
        for kind, name in INCLUDE.findall(text):
            if kind == "<":
                system.append(name)
            elif os.path.exists(os.path.join(root, name)):
                quoted.append(name)
        cache[path] = (quoted, system)
    return cache[path]


def reach(root, start, cache):
    """Every file `start` includes, directly or not, with the chain that reaches it."""
    chains = {start: [start]}
    todo = [start]
    while todo:
        current = todo.pop()
        for name in read_includes(root, current, cache)[0]:
            if name not in chains:
                chains[name] = chains[current] + [name]
                todo.append(name)
    return chains


def source_files(root, folder):
    out = []
    for dirpath, _, files in os.walk(os.path.join(root, folder)):
        for name in files:
            if name.endswith((".h", ".cpp", ".in")):
                out.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(out)


def folder_of(path):
    """The concept folder of a common/ path ("." for the top level), else None."""
    parts = path.split("/")
    if parts[0] != "common":
        return None
    return parts[1] if len(parts) > 2 else "."


def check(root):
    cache = {}
    problems = []
    for top in XAPIAN_FREE_FOLDERS:
        for path in source_files(root, top):
            for name, chain in reach(root, path, cache).items():
                if "xapian.h" in read_includes(root, name, cache)[1]:
                    problems.append(f"{path}: compiles <xapian.h> through {' -> '.join(chain)}; "
                                    f"{top}/ must use Xapian-free headers")
                    break
    for path in source_files(root, "common"):
        folder = folder_of(path)
        if folder not in ALLOWED:
            continue
        for name in read_includes(root, path, cache)[0]:
            target = folder_of(name)
            if target is not None and target not in ALLOWED[folder] and name not in ALLOWED_HEADERS.get(folder, ()):
                problems.append(f"{path}: includes {name}; common/{folder}/ must not include "
                                f"common/{target}/ (see common/{folder}/CMakeLists.txt)")
        chains = None
        if path.startswith(READ_SIDE_FOLDERS):
            chains = reach(root, path, cache)
            for name, chain in chains.items():
                if name in WRITE_SIDE:
                    problems.append(f"{path}: reaches the write side {name} through "
                                    f"{' -> '.join(chain)}; the read side must not")
        if os.path.basename(path).startswith("schema."):
            chains = chains or reach(root, path, cache)
            for name, chain in chains.items():
                if name.startswith("common/cleaning/"):
                    problems.append(f"{path}: reaches the cleaner's folder through {' -> '.join(chain)}; "
                                    "the schema must not")
        if os.path.basename(path).startswith("search_cache."):
            chains = chains or reach(root, path, cache)
            if "common/search/search_service.h" in chains:
                problems.append(f"{path}: reaches common/search/search_service.h through "
                                f"{' -> '.join(chains['common/search/search_service.h'])}; "
                                "the cache must not depend on the service")
    return problems


def self_test(root):
    """Each rule catches one injected violation in a scratch copy of the tree."""
    cases = [
        ("server/routes.h", '#include "common/index/schema.h"\n', "compiles <xapian.h>"),
        ("common/web/search_view.h", '#include "common/search/snippet.h"\n', "compiles <xapian.h>"),
        ("common/search/snippet.h", '#include "common/index/article_indexer.h"\n', "write side"),
        ("common/web/api_json.h", '#include "common/index/maintenance.h"\n', "write side"),
        ("common/cleaning/cleaner.h", '#include "common/index/schema.h"\n', "must not include common/index/"),
        ("common/version.cpp", '#include "common/index/schema.h"\n', "must not include common/index/"),
        ("common/index/schema.h", '#include "common/cleaning/cleaner.h"\n', "the schema must not"),
        ("common/search/search_cache.h", '#include "common/search/search_service.h"\n', "the cache must not"),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        for folder in ("common", "server", "indexer"):
            shutil.copytree(os.path.join(root, folder), os.path.join(scratch, folder))
        baseline = check(scratch)
        if baseline:
            print("self-test: the tree has violations before any injection:", *baseline, sep="\n  ")
            return 1
        for path, line, expected in cases:
            target = os.path.join(scratch, path)
            with open(target, encoding="utf-8") as f:
                original = f.read()
            with open(target, "w", encoding="utf-8") as f:
                f.write(line + original)
            found = [p for p in check(scratch) if expected in p]
            print(f"self-test: {line.strip()} in {path}: {'caught' if found else 'NOT CAUGHT'}")
            failures += 0 if found else 1
            with open(target, "w", encoding="utf-8") as f:
                f.write(original)
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    if args.self_test:
        return self_test(root)
    problems = check(root)
    for problem in problems:
        print(problem)
    print(f"check_boundaries: {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
