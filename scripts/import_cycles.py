#!/usr/bin/env python3
"""Lists import circles between the library's files that span two folders.

Each file of src/ is a node; `use crate::...`, `use super::...` and inline
`crate::a::b` paths are edges to the file that defines the module they name
(a `pub use` in a mod.rs is an edge too, so a re-export counts as an import
of the file it re-exports). A circle of files inside one folder is allowed
(a recursive-descent grammar keeps its rules together); one whose files lie
in two or more folders is reported, and the script exits 1.

    scripts/import_cycles.py [SRC_DIR]     # default: src/ of this repository
"""

import pathlib
import re
import sys

SRC = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent / "src")
# The binary's own modules (main.rs, cmd/) are not part of the library.
FILES = sorted(p for p in SRC.rglob("*.rs") if p.name != "main.rs" and "cmd" not in p.relative_to(SRC).parts)


def module_path(path):
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] in ("mod", "lib"):
        parts.pop()
    return parts


MODULES = {tuple(module_path(p)): p for p in FILES}


def without_tests(text):
    """The file up to its `#[cfg(test)] mod ...` block (tests may import anything)."""
    m = re.search(r"^#\[cfg\(test\)\]\s*\n\s*mod \w+\s*(\{|;)", text, flags=re.M)
    return text[: m.start()] if m else text


def strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', text)


def use_paths(tree):
    """Expands a use tree (`a::{b, c::{d}}`) into its paths."""
    tree = tree.strip()
    if not tree:
        return []
    brace = tree.find("{")
    if brace < 0:
        return [tree.split(" as ")[0].strip()]
    prefix = tree[:brace].rstrip(":").strip()
    inner = tree[brace + 1 : tree.rfind("}")]
    items, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(inner[start:i])
            start = i + 1
    items.append(inner[start:])
    out = []
    for item in items:
        for sub in use_paths(item):
            out.append(prefix if sub == "self" else f"{prefix}::{sub}" if prefix else sub)
    return out


def resolve(here, path):
    """The file defining the module that `path` (as written in `here`) names."""
    segs = [s for s in path.split("::") if s and s != "*"]
    if not segs:
        return None
    if segs[0] == "crate":
        base, segs = [], segs[1:]
    elif segs[0] in ("super", "self"):
        # The module the file is, then one level up per `super`.
        base = module_path(here)
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
    elif tuple(module_path(here) + segs[:1]) in MODULES:
        # A child module named without `self::` (`pub use builders::X`).
        base = module_path(here)
    else:
        return None
    # The longest prefix that is a module.
    for n in range(len(segs), -1, -1):
        key = tuple(base + segs[:n])
        if key in MODULES:
            return MODULES[key]
    return None


def edges(path):
    text = strip_comments(without_tests(path.read_text()))
    found = set()
    for m in re.finditer(r"\buse\s+([^;]*);", text, flags=re.S):
        for p in use_paths(m.group(1)):
            target = resolve(path, p)
            if target and target != path:
                found.add(target)
    for m in re.finditer(r"\b((?:crate|super)(?:::\w+)+)", text):
        target = resolve(path, m.group(1))
        if target and target != path:
            found.add(target)
    return found


def cycles(graph):
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def main():
    graph = {p: edges(p) for p in FILES}
    bad = []
    for comp in cycles(graph):
        folders = {p.parent for p in comp}
        if len(folders) > 1:
            bad.append(comp)
    for comp in bad:
        names = ", ".join(str(p.relative_to(SRC)) for p in comp)
        print(f"import circle across folders: {names}")
    if not bad:
        print(f"no import circle spans two folders ({len(FILES)} files)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
