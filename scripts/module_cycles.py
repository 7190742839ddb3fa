#!/usr/bin/env python3
"""Fail when modules of a crate depend on each other in a cycle.

Usage: python3 scripts/module_cycles.py [-v]   (from anywhere in the repo)

For each library crate of the workspace (src/, emulator/src/, facts/src/,
testkit/src/) every .rs file is a module (`a/b.rs` and `a/b/mod.rs` are
`a::b`). A reference is a `use` path or an inline path starting with
`crate::`, `super::` or `self::`, or a `use` of a child module by its bare
name. It is resolved to the module that defines the named item, following
`use`/`pub use` re-exports (also `*`), so `super::Thing` re-exported by the
parent from a sibling counts as a use of that sibling.

Dependencies are compared between siblings only: a reference from
`config::validate::values` to `config::decode::X` is the edge
`config::validate -> config::decode` (siblings under `config`), one from
`cli::plan` to `engine::x` is `cli -> engine` (top-level modules). References
between a module and its own ancestors or descendants are not edges (a parent
declares and re-exports its children; children use the parent's items).

Test-only code is skipped: `#[cfg(test)]` modules and items, and files named
`tests.rs` or under a `tests/` folder. Comments and string literals are
ignored.

Exit status 1 lists every cycle (a strongly connected group of siblings)
with one reference per edge as evidence. Cycles within a KNOWN_CYCLES entry
are printed but tolerated; an entry that no longer holds a cycle fails the
run, so the list only shrinks. `-v` also prints every sibling dependency.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (crate name as printed, source folder relative to ROOT)
CRATES = [
    ("backupctl", "src"),
    ("backup_emulator", "emulator/src"),
    ("backup_facts", "facts/src"),
    ("testkit", "testkit/src"),
]

# Cycles tolerated for now (issue 13's refactor is removing them): a cycle is
# tolerated when all its modules are in one entry. An entry that no longer
# holds a cycle fails the run, so the list only shrinks: delete it then.
KNOWN_CYCLES: list[frozenset[str]] = [
    # Deliberate: sum types over the kinds. `changeset` (Address/Content
    # variants, Unmanaged lists) and `model` (Live/Desired fields) hold one
    # variant or field per kind, and each kind's folder uses them (its diff
    # builds Changes, its desired/observe fill Desired/Live). Enum dispatch
    # over kinds, as issue 13 allows; the kinds' machinery (apply's
    # executor, aws's observe, import's writer, diff's Differ, config's
    # decoding in `yaml`, the Config aggregate in `resources`) is below or
    # beside them, so nothing else is in the cycle.
    frozenset({"backupctl::changeset", "backupctl::model",
               "backupctl::resources"}),
]

IDENT = r"(?:r#)?[A-Za-z_][A-Za-z0-9_]*"
ITEM_RE = re.compile(
    r"\b(?:fn|struct|enum|const|static|type|trait|union|mod)\s+(?:r#)?([A-Za-z_][A-Za-z0-9_]*)"
)
MACRO_RE = re.compile(r"\bmacro_rules!\s*([A-Za-z_][A-Za-z0-9_]*)")
USE_RE = re.compile(r"(?<![A-Za-z0-9_])((?:pub(?:\s*\([^)]*\))?\s+)?)use\s+([^;]+);")
PATH_RE = re.compile(
    r"(?<![A-Za-z0-9_:])((?:crate|super|self)(?:\s*::\s*" + IDENT + r")+)"
)
CFG_TEST_RE = re.compile(r"#\s*\[\s*cfg\s*\(\s*test\s*\)\s*\]")
CHAR_RE = re.compile(r"'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|.)|[^\\'\n])'")


def strip_code(src: str) -> str:
    """Blank out comments, string and char literals, keeping line breaks."""
    out: list[str] = []
    i, n = 0, len(src)

    def blank(text: str) -> str:
        return "\n" * text.count("\n")

    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(blank(src[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', src[i:i + 260]) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_") or src[i - 1] == "b"):
            hashes = re.match(r'r(#*)"', src[i:]).group(1)
            start = i + 2 + len(hashes)
            j = src.find('"' + hashes, start)
            j = n if j < 0 else j + 1 + len(hashes)
            out.append('""' + blank(src[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            j += 1
            out.append('""' + blank(src[i:j]))
            i = j
        elif c == "'":
            m = CHAR_RE.match(src, i)
            if m:
                out.append("' '")
                i = m.end()
            else:  # a lifetime
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def matching_brace(text: str, open_at: int) -> int:
    depth = 0
    for j in range(open_at, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(text) - 1


def drop_cfg_test(text: str) -> str:
    """Blank out each item that follows `#[cfg(test)]`, keeping line breaks."""
    while True:
        m = CFG_TEST_RE.search(text)
        if not m:
            return text
        j = m.end()
        # The item ends at its first `;` or its outermost `{ ... }`.
        semi = text.find(";", j)
        brace = text.find("{", j)
        if brace >= 0 and (semi < 0 or brace < semi):
            end = matching_brace(text, brace) + 1
        else:
            end = (semi + 1) if semi >= 0 else len(text)
        cut = text[m.start():end]
        text = text[: m.start()] + "\n" * cut.count("\n") + text[end:]


def expand_use(tree: str) -> list[tuple[list[str], str | None]]:
    """`a::{b, c::{self, d as e}, f::*}` -> [(path, alias)], `*` as a segment."""
    tree = re.sub(r"\s+", " ", tree).strip()
    results: list[tuple[list[str], str | None]] = []

    def split_top(s: str) -> list[str]:
        parts, depth, cur = [], 0, ""
        for ch in s:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
            else:
                cur += ch
        parts.append(cur)
        return [p.strip() for p in parts if p.strip()]

    def walk(prefix: list[str], s: str) -> None:
        s = s.strip().lstrip(":").strip()
        if not s:
            return
        brace = s.find("{")
        if brace >= 0 and (s.find(" as ") < 0 or s.find(" as ") > brace):
            head = [x.strip() for x in s[:brace].split("::") if x.strip()]
            inner = s[brace + 1: s.rfind("}")]
            for part in split_top(inner):
                walk(prefix + head, part)
            return
        alias = None
        m = re.match(r"(.*?)\s+as\s+(\S+)$", s)
        if m:
            s, alias = m.group(1), m.group(2)
        segs = [x.strip() for x in s.split("::") if x.strip()]
        if segs == ["self"]:
            segs = []
            alias = alias or (prefix[-1] if prefix else None)
        elif segs and segs[-1] == "self":
            segs = segs[:-1]
        results.append((prefix + segs, alias))

    walk([], tree)
    return results


class Crate:
    def __init__(self, name: str, folder: Path):
        self.name = name
        self.folder = folder
        self.modules: dict[tuple[str, ...], Path] = {}
        self.text: dict[tuple[str, ...], str] = {}
        self.items: dict[tuple[str, ...], set[str]] = defaultdict(set)
        # module -> imported name -> absolute path (crate-relative segments)
        self.bindings: dict[tuple[str, ...], dict[str, list[str]]] = defaultdict(dict)
        self.globs: dict[tuple[str, ...], list[list[str]]] = defaultdict(list)

    def load(self) -> None:
        for path in sorted(self.folder.rglob("*.rs")):
            rel = path.relative_to(self.folder)
            parts = list(rel.parts)
            if parts == ["main.rs"] or parts[0] == "bin":
                continue
            if "tests" in parts[:-1] or parts[-1] == "tests.rs":
                continue
            if parts[-1] in ("mod.rs", "lib.rs"):
                parts = parts[:-1]
            else:
                parts[-1] = parts[-1][:-3]
            mod = tuple(parts)
            self.modules[mod] = path
            text = drop_cfg_test(strip_code(path.read_text(encoding="utf-8")))
            self.text[mod] = text
            self.items[mod].update(ITEM_RE.findall(text))
            self.items[mod].update(MACRO_RE.findall(text))

    def absolute(self, mod: tuple[str, ...], segs: list[str]) -> list[str] | None:
        """Crate-relative path of `segs` written in `mod`, None if outside."""
        if not segs:
            return None
        if segs[0] == "crate":
            return segs[1:]
        if segs[0] in ("super", "self"):
            cur = list(mod)
            i = 0
            while i < len(segs) and segs[i] in ("super", "self"):
                if segs[i] == "super":
                    if not cur:
                        return None
                    cur.pop()
                i += 1
            return cur + segs[i:]
        if mod + (segs[0],) in self.modules:  # a child module by bare name
            return list(mod) + segs
        if segs[0] in self.bindings[mod]:  # a name brought in by `use`
            return self.bindings[mod][segs[0]] + segs[1:]
        return None

    def collect_bindings(self) -> None:
        for mod, text in self.text.items():
            for m in USE_RE.finditer(text):
                for segs, alias in expand_use(m.group(2)):
                    if not segs:
                        continue
                    if segs[-1] == "*":
                        target = self.absolute(mod, segs[:-1]) if segs[:-1] else None
                        if target is not None:
                            self.globs[mod].append(target)
                        continue
                    name = alias or segs[-1]
                    if name == "_":
                        continue
                    target = self.absolute(mod, segs)
                    if target is not None:
                        self.bindings[mod][name] = target

    def canonical(self, path: list[str], depth: int = 0) -> tuple[str, ...]:
        """The module that defines what `path` names."""
        k = len(path)
        while k > 0 and tuple(path[:k]) not in self.modules:
            k -= 1
        mod = tuple(path[:k])
        rest = path[k:]
        if not rest or depth > 12 or rest[0] in self.items[mod]:
            return mod
        if rest[0] in self.bindings[mod]:
            return self.canonical(self.bindings[mod][rest[0]] + rest[1:], depth + 1)
        for g in self.globs[mod]:
            gm = self.canonical(g, depth + 1)
            if rest[0] in self.items[gm] or rest[0] in self.bindings[gm]:
                return self.canonical(list(gm) + rest, depth + 1)
        return mod

    def references(self):
        """Yield (from module, to module, line, text) for each reference."""
        for mod, text in self.text.items():
            spans: list[tuple[int, list[str], str]] = []
            for m in USE_RE.finditer(text):
                for segs, _ in expand_use(m.group(2)):
                    if segs and segs[-1] == "*":
                        segs = segs[:-1]
                    spans.append((m.start(), segs, "use " + re.sub(r"\s+", " ", m.group(2))))
            no_use = USE_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
            for m in PATH_RE.finditer(no_use):
                segs = [s.strip() for s in m.group(1).split("::")]
                spans.append((m.start(), segs, m.group(1)))
            for pos, segs, shown in spans:
                target = self.absolute(mod, segs)
                if target is None:
                    continue
                yield mod, self.canonical(target), text.count("\n", 0, pos) + 1, shown


def sccs(nodes, edges):
    """Tarjan's strongly connected components (iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out


def shortest_cycle(comp, edges):
    """One cycle through the component's first node (breadth-first)."""
    comp_set = set(comp)
    start = min(comp)
    prev = {start: None}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges.get(v, ())):
            if w not in comp_set:
                continue
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if w not in prev:
                prev[w] = v
                queue.append(w)
    return [start, start]


def main() -> int:
    verbose = "-v" in sys.argv[1:]
    found: list[tuple[frozenset[str], list[str]]] = []
    edge_count = 0
    for name, folder in CRATES:
        crate = Crate(name, ROOT / folder)
        if not crate.folder.is_dir():
            continue
        crate.load()
        crate.collect_bindings()
        edges: dict[str, set[str]] = defaultdict(set)
        evidence: dict[tuple[str, str], list[str]] = defaultdict(list)
        for src, dst, line, shown in crate.references():
            k = 0
            while k < min(len(src), len(dst)) and src[k] == dst[k]:
                k += 1
            if k == len(src) or k == len(dst):
                continue  # ancestor or descendant, or the module itself
            a = "::".join((name,) + src[: k + 1])
            b = "::".join((name,) + dst[: k + 1])
            edges[a].add(b)
            rel = crate.modules[src].relative_to(ROOT)
            evidence[(a, b)].append(f"{rel}:{line}: {shown}")
        edge_count += sum(len(v) for v in edges.values())
        if verbose:
            for a in sorted(edges):
                print(f"{a} -> {', '.join(sorted(edges[a]))}")
        nodes = sorted(set(edges) | {b for v in edges.values() for b in v})
        for comp in sccs(nodes, edges):
            if len(comp) < 2:
                continue
            cyc = shortest_cycle(comp, edges)
            lines = [f"cycle: {' -> '.join(cyc)}"]
            if len(comp) > len(cyc) - 1:
                lines.append(f"  (all of: {', '.join(sorted(comp))})")
            for a, b in zip(cyc, cyc[1:]):
                ev = evidence[(a, b)]
                more = f" (+{len(ev) - 1} more)" if len(ev) > 1 else ""
                lines.append(f"  {a} -> {b}: {ev[0]}{more}")
            found.append((frozenset(comp), lines))

    failed = False
    for comp, lines in found:
        if any(comp <= k for k in KNOWN_CYCLES):
            print("known, tolerated (KNOWN_CYCLES) " + lines[0])
            print("\n".join(lines[1:]))
        else:
            failed = True
            print("\n".join(lines))
    for k in KNOWN_CYCLES:
        if not any(len(comp & k) >= 2 for comp, _ in found):
            failed = True
            print(f"KNOWN_CYCLES lists a cycle that is gone: {sorted(k)}; "
                  "delete that entry from scripts/module_cycles.py")
    if failed:
        return 1
    note = f", {len(found)} known and tolerated" if found else ""
    print(f"module cycles: no new cycle ({edge_count} sibling dependencies checked{note})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
