#!/usr/bin/env python3
# Lists the functions in common/**/*.cpp longer than --max-lines lines (header to closing brace)
# or taking more than --max-parameters parameters (issue 14). A function may stay long when a
# comment above it says why, starting "Long because" (or "N parameters because"). With --fail it
# exits 1 when a listed function has no such comment, naming each, so that ctest catches a new one.
#
# The house style makes functions easy to find without a C++ parser: a definition's header starts
# at column 0 (or at 4 for a member defined inside a class in a .cpp file), its body opens with
# "{" or "try {" alone on the next line, and it closes with "}" at the header's indentation.
import argparse
import pathlib
import re
import sys

WHY = re.compile(r"\b(long|parameters) because\b", re.IGNORECASE)
CONTROL = re.compile(r"^(if|for|while|switch|else|do|catch|try|namespace|struct|class|enum|union|extern)\b")


def indentation(line):
    return len(line) - len(line.lstrip(" "))


def count_parameters(header):
    """The number of parameters between the first "(" of `header` and its ")"."""
    start = header.find("(")
    if start < 0:
        return 0
    depth = 0
    commas = 0
    inside = ""
    for ch in header[start:]:
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
            if depth == 0:
                break
        elif ch == "," and depth == 1:
            commas += 1
        inside += ch
    inside = inside[1:].strip()
    return 0 if inside in ("", "void") else commas + 1


def comment_above(lines, first):
    """The comment lines (and a template line) right above line `first`."""
    above = []
    i = first - 1
    while i >= 0 and lines[i].lstrip().startswith(("//", "template")):
        above.append(lines[i])
        i -= 1
    return "\n".join(reversed(above))


def header_start(lines, brace, indent):
    """The first line of the header above the body's opening line `brace`."""
    first = brace
    while first > 0:
        above = lines[first - 1]
        stripped = above.strip()
        if not stripped or stripped.startswith(("//", "#", "template")) or stripped.endswith((";", "}", "{")):
            break
        if indentation(above) < indent:
            break
        first -= 1
    return first


def find_functions(path, root):
    lines = path.read_text(encoding="utf-8").splitlines()
    functions = []
    inside_until = -1  # members of a class are looked for, lambdas and blocks inside a function are not
    for i, line in enumerate(lines):
        indent = indentation(line)
        stripped = line.strip()
        if indent not in (0, 4) or i <= inside_until:
            continue
        same_line = (indent == 0 and stripped.endswith("{") and "(" in stripped and "=" not in stripped and
                     not CONTROL.match(stripped))
        if stripped not in ("{", "try {") and not same_line:
            continue
        first = i if same_line else header_start(lines, i, indent)
        header = stripped if same_line else " ".join(l.strip() for l in lines[first:i])
        if (first == i and not same_line) or "(" not in header:
            continue
        end = i + 1
        closing = " " * indent + "}"
        while end < len(lines) and not (lines[end] == closing or lines[end].startswith(closing + " //")):
            end += 1
        if indent == 0:
            inside_until = end
        name = re.search(r"(~?[\w:]*operator\s*\(\)|~?[\w:]*operator\S+?|~?[\w:]+)\s*\(", header)
        named = name.group(1) if name else header[:40]
        functions.append({
            "where": f"{path.relative_to(root)}:{first + 1}",
            "name": named,
            "lines": end - first + 1,
            "parameters": count_parameters(header[header.find(named):] if name else header),
            "why": bool(WHY.search(comment_above(lines, first))),
        })
    return functions


def main():
    parser = argparse.ArgumentParser(description="Lists long and many-parameter functions in common/.")
    parser.add_argument("root", nargs="?", default=".", help="the source tree (default: .)")
    parser.add_argument("--max-lines", type=int, default=60)
    parser.add_argument("--max-parameters", type=int, default=5)
    parser.add_argument("--fail", action="store_true",
                        help="exit 1 when a listed function has no comment saying why")
    args = parser.parse_args()
    root = pathlib.Path(args.root)
    functions = []
    for path in sorted((root / "common").rglob("*.cpp")):
        functions += find_functions(path, root)
    unexplained = []
    for key, limit in (("lines", args.max_lines), ("parameters", args.max_parameters)):
        listed = sorted((f for f in functions if f[key] > limit), key=lambda f: -f[key])
        print(f"functions over {limit} {key}: {len(listed)}")
        for f in listed:
            print(f"  {f[key]:4d}  {f['where']}  {f['name']}" + ("  (says why)" if f["why"] else ""))
            if not f["why"]:
                unexplained.append((f, key, limit))
    if args.fail and unexplained:
        advice = {
            "lines": "split it into well-named helpers, or say why above it (\"// Long because ...\")",
            "parameters": "pass a struct of them, or say why above it (\"// 6 parameters because ...\")",
        }
        for f, key, limit in unexplained:
            print(f"error: {f['where']}: {f['name']} has {f[key]} {key} (more than {limit}): {advice[key]}",
                  file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
