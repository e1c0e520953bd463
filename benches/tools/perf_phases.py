#!/usr/bin/env python3
"""Where `analyze` spends its time, from a `perf record --call-graph dwarf`
profile of the analysis bench (see docs/performance.md).

    perf record -e cpu-clock -F 499 --call-graph dwarf,16384 -o perf.data \
        target/release/deps/analysis-* --bench 'analyze/100KB$' --profile-time 20
    perf script -i perf.data -F ip,sym | python3 benches/tools/perf_phases.py

Each sample whose stack contains `bientap::analysis::analyze` is filed under
the chain of known phase functions on its stack (root to leaf), so a tree of
inclusive percentages comes out: analyze > recognize > block_candidates >
posts::recognize, and so on. Time in a phase outside any known child is
shown as "(self and helpers)". A second table lists hot helpers (leaf
functions) wherever they are called from.
"""

import re
import sys
from collections import Counter, defaultdict

# (pattern on a frame's symbol, label). Order does not matter: a frame gets
# the first label whose pattern matches; inlined frames have short names.
PHASES = [
    (r"^bientap::analysis::analyze$", "analyze"),
    (r"^bientap::syntax::parse$", "syntax::parse"),
    (r"^bientap::syntax::front_matter::parse$", "front_matter::parse"),
    (r"^bientap::syntax::blocks::split$", "blocks::split"),
    (r"^bientap::syntax::annotations::parse$", "annotations::parse"),
    (r"^bientap::syntax::PlainText::new$", "PlainText::new"),
    (r"^bientap::recognize::recognize$", "recognize"),
    (r"^bientap::recognize::debris::find$", "debris::find"),
    (r"^bientap::recognize::metadata::detect$", "metadata::detect"),
    (r"^bientap::recognize::metadata::Metadata::article_year$", "metadata::article_year"),
    (r"^bientap::recognize::places::context_units$", "places::context_units"),
    (r"^bientap::recognize::abbreviations::inline_definitions$", "abbreviations::inline_definitions"),
    (r"^bientap::recognize::block_candidates$", "block_candidates"),
    (r"^bientap::recognize::documents::recognize$", "documents::recognize"),
    (r"^bientap::recognize::dates::recognize$", "dates::recognize"),
    (r"^bientap::recognize::numbers::recognize_ordinals$", "numbers::recognize_ordinals"),
    (r"^bientap::recognize::numbers::recognize_quantities$", "numbers::recognize_quantities"),
    (r"^bientap::recognize::posts::recognize$", "posts::recognize"),
    (r"^bientap::recognize::people::recognize$", "people::recognize"),
    (r"^bientap::recognize::places::recognize$", "places::recognize"),
    (r"^bientap::recognize::abbreviations::recognize$", "abbreviations::recognize"),
    (r"^bientap::recognize::annotated_entities$", "annotated_entities"),
    (r"^(bientap::recognize::)?resolve$", "resolve (overlaps)"),
    (r"^bientap::recognize::linking::link$", "linking::link"),
    (r"^bientap::text::tokens::tokenize$", "tokenize"),
    (r"^bientap::rules::run$|^run$", "rules::run"),
    (r"^bientap::rules::debris::check$", "rules::debris::check"),
    (r"^bientap::rules::orthography::check$", "orthography::check"),
    (r"^(bientap::rules::orthography::)?mixed_tone_style$", "mixed_tone_style"),
    (r"^(bientap::rules::orthography::)?not_nfc$", "not_nfc"),
    (r"^(bientap::rules::orthography::)?invisible$", "invisible"),
]

HELPERS = [
    (r"syllable_key", "vietnamese::syllable_key"),
    (r"split_tone", "vietnamese::split_tone"),
    (r"tone_style", "vietnamese::tone_style"),
    (r"ascii_fold", "vietnamese::ascii_fold"),
    (r"phrase_key", "vietnamese::phrase_key"),
    (r"PhraseTable<.*>::longest|PhraseTable<T>::longest", "PhraseTable::longest"),
    (r"unicode_normalization", "unicode_normalization (NFC/NFD)"),
    (r"malloc|free|realloc|memmove|memcpy|RawVec|finish_grow|do_reserve", "allocation / copying"),
    (r"hash_one|sip::Hasher|BuildHasher", "hashing (SipHash)"),
    (r"alphabetic|to_lower|to_upper|conversions", "char classes / case"),
]

compiled = [(re.compile(p), l) for p, l in PHASES]
helpers = [(re.compile(p), l) for p, l in HELPERS]


def clean(sym):
    sym = sym.replace(" (inlined)", "").strip()
    sym = re.sub(r"::h[0-9a-f]{16}$", "", sym)
    # Drop generic arguments: foo<bar<baz>> -> foo
    out, depth = [], 0
    for ch in sym:
        if ch == "<":
            depth += 1
        elif ch == ">" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def label(sym):
    for r, l in compiled:
        if r.search(sym):
            return l
    return None


def leaf_first(raw):
    """perf prints stack entries leaf first, but for one address it prints
    the real (outer) function first and then its inlined frames, innermost
    first. Reorder each address group to innermost ... outer function."""
    out, i = [], 0
    while i < len(raw):
        j = i
        while j < len(raw) and raw[j][0] == raw[i][0]:
            j += 1
        group = [sym for _, sym in raw[i:j]]
        out.extend(group[1:] + group[:1])
        i = j
    return out


def samples(stream):
    raw = []
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if raw:
                yield leaf_first(raw)
            raw = []
            continue
        parts = line.strip().split(None, 1)
        if len(parts) == 2 and re.fullmatch(r"[0-9a-f]+", parts[0]):
            raw.append((parts[0], clean(parts[1])))
    if raw:
        yield leaf_first(raw)


def main():
    tree = Counter()
    leaf_helpers = Counter()
    total = 0
    for frames in samples(sys.stdin):
        # perf prints leaf first.
        root_first = list(reversed(frames))
        if not any(f == "bientap::analysis::analyze" for f in root_first):
            continue
        total += 1
        chain = []
        for f in root_first:
            l = label(f)
            if l and (not chain or chain[-1] != l):
                chain.append(l)
        if chain and chain[0] != "analyze":
            chain = chain[chain.index("analyze"):] if "analyze" in chain else ["analyze"] + chain
        for depth in range(1, len(chain) + 1):
            tree[tuple(chain[:depth])] += 1
        for f in frames:  # innermost helper on the stack
            hit = next((l for r, l in helpers if r.search(f)), None)
            if hit:
                leaf_helpers[hit] += 1
                break
    if not total:
        print("no samples inside bientap::analysis::analyze", file=sys.stderr)
        sys.exit(1)
    children = defaultdict(list)
    for path, n in tree.items():
        children[path[:-1]].append((path, n))

    def show(path, depth):
        kids = sorted(children.get(path, []), key=lambda x: -x[1])
        for p, n in kids:
            print(f"{'  ' * depth}{p[-1]:<{44 - 2 * depth}} {100.0 * n / total:6.1f}%")
            show(p, depth + 1)
        if kids and path:
            own = tree[path] - sum(n for _, n in kids)
            if own * 1000 >= total:
                print(f"{'  ' * depth}{'(self and helpers)':<{44 - 2 * depth}} {100.0 * own / total:6.1f}%")

    print(f"samples in analyze: {total}")
    print("inclusive share of analyze, by phase:")
    show((), 0)
    print()
    print("innermost hot helper on the stack (share of analyze):")
    for l, n in leaf_helpers.most_common():
        print(f"  {l:<42} {100.0 * n / total:6.1f}%")


if __name__ == "__main__":
    main()
