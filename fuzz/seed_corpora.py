#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets from the project's own data.

Seeds come from tests/vectors/*.jsonl (the conformance vectors) and from the TOML files the
loaders read (model/sites/upstream.toml, model/expected.toml). Each seed is a file named by the
SHA-1 of its bytes in fuzz/corpus/<target>/, libFuzzer's convention, so running this again adds
nothing twice and never removes what the fuzzer found.

Usage: python3 fuzz/seed_corpora.py   (from anywhere)
"""

import hashlib
import json
import re
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"

# The order of FUNCTION_NAMES in src/eval/functions.rs (the eval_call target indexes it).
FUNCTIONS_RS = ROOT / "src" / "eval" / "functions.rs"


def function_names():
    text = FUNCTIONS_RS.read_text(encoding="utf-8")
    block = text[text.index("FUNCTION_NAMES"):]
    block = block[: block.index("];")]
    return re.findall(r'"([A-Za-z]+)"', block)


def strings_in(value, out):
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, list):
        for v in value:
            strings_in(v, out)
    elif isinstance(value, dict):
        for k, v in value.items():
            strings_in(v, out)


def write(target, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def toml_blocks(text, header):
    """The whole file, and each `[[header]]` table (with what follows it) on its own."""
    parts = text.split("\n" + header)
    yield text
    for p in parts[1:]:
        yield header + p


def main():
    names = function_names()
    counts = {}

    def add(target, data):
        write(target, data)
        counts[target] = counts.get(target, 0) + 1

    vector_files = sorted((ROOT / "tests" / "vectors").glob("*.jsonl"))
    for path in vector_files:
        raw = path.read_bytes()
        # eval_stream: the whole file as one stream (first byte: the read size), plain and CRLF.
        add("eval_stream", b"\x07" + raw)
        add("eval_stream", b"\x00" + raw.replace(b"\n", b"\r\n")[:4096])
        for line in raw.splitlines():
            if not line.strip():
                continue
            add("eval_line", line)
            vector = json.loads(line)
            args = vector.get("args", [])
            if vector.get("fn") in names:
                index = names.index(vector["fn"])
                add("eval_call", bytes([index]) + json.dumps(args).encode("utf-8"))
            found = []
            strings_in(args, found)
            for s in found:
                for target in ("session_key", "routing", "event_text"):
                    add(target, s.encode("utf-8"))
            if len(found) >= 2:
                for target in ("session_key", "routing"):
                    add(target, "\x01".join(found[:3]).encode("utf-8"))
    # Lines the vectors do not hold: bad lines of EV5.
    for line in [b"", b"  \t", b"\xff\xfe", b'{"fn":"normalizeAgentId","args":["\\ud800"]}',
                 b"[1]", b"{", b'{"fn":"nope","args":[]}', b'{"fn":"isCronSessionKey"}']:
        add("eval_line", line)
        add("eval_stream", b"\x01" + line + b"\n")

    sites = (ROOT / "model" / "sites" / "upstream.toml").read_text(encoding="utf-8")
    for block in toml_blocks(sites, "[[site]]"):
        add("site_table", block.encode("utf-8"))
    # The scanner's own fixtures (written for its tests; no upstream code).
    for path in sorted((ROOT / "scan" / "tests" / "fixtures").rglob("*")):
        if path.is_file() and path.suffix in (".ts", ".js"):
            add("scan_source", path.read_bytes())
    expected = (ROOT / "model" / "expected.toml").read_text(encoding="utf-8")
    for block in toml_blocks(expected, "[[expect]]"):
        add("expectations", block.encode("utf-8"))

    for target, n in sorted(counts.items()):
        print(f"seeds: {target}: {n} written ({len(list((CORPUS / target).iterdir()))} in corpus)")


if __name__ == "__main__":
    main()
