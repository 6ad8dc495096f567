"""`.eml` parsing and extraction under arbitrary and mutated bytes: a result, never a crash."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailbrake.extract import extract_message
from mailbrake.models import Verdict
from mailbrake.pipeline.analyse import Analyser, policy_analyser
from mailbrake.pipeline.scan import ScanResult, scan_bytes
from mailbrake.policy import load_policy
from tests.fixtures.corpus import corpus_dir

BOUNDED = settings(max_examples=120, deadline=None)
SAMPLES = 40  # real messages to mutate: spread over the corpus, small enough to load fast


@functools.cache
def analyser() -> Analyser:
    return policy_analyser(load_policy(None), ("example.org",))


@functools.cache
def real_messages() -> tuple[bytes, ...]:
    files = sorted((corpus_dir() / "dev").glob("*.eml"))
    step = max(1, len(files) // SAMPLES)
    return tuple(path.read_bytes()[:20_000] for path in files[::step][:SAMPLES])


def scan(raw: bytes) -> ScanResult:
    return scan_bytes("fuzz.eml", raw, analyser())


def assert_scanned(raw: bytes) -> None:
    extraction = extract_message(raw)
    result = scan(raw)
    assert result.verdict in set(Verdict)
    # What could not be read is a finding, so the default policy holds it (fail closed).
    if extraction.unscannable:
        assert result.verdict in (Verdict.HOLD, Verdict.BLOCK), result


@BOUNDED
@given(raw=st.binary(max_size=2_000))
def test_arbitrary_bytes_give_a_result(raw: bytes) -> None:
    assert_scanned(raw)


@BOUNDED
@given(
    index=st.integers(min_value=0),
    edits=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1), st.sampled_from(["flip", "cut", "dup", "junk"])
        ),
        min_size=1,
        max_size=6,
    ),
    junk=st.sampled_from(
        [
            b"\r\n\r\n",
            b"--",
            b"Content-Type: multipart/mixed; boundary=x\r\n",
            b"=?utf-8?b?",
            b"\x00\xff",
            b"Content-Transfer-Encoding: base64\r\n",
            b"\r\n--x--\r\n",
            b"begin 644",
        ]
    ),
)
def test_mutated_real_messages_give_a_result(
    index: int, edits: list[tuple[float, str]], junk: bytes
) -> None:
    messages = real_messages()
    raw = bytearray(messages[index % len(messages)])
    for where, how in edits:
        at = int(where * len(raw))
        if how == "flip" and at < len(raw):
            raw[at] ^= 0xFF
        elif how == "cut":
            del raw[at : at + 200]
        elif how == "dup":
            raw[at:at] = raw[max(0, at - 300) : at]
        else:
            raw[at:at] = junk
    assert_scanned(bytes(raw))


@pytest.mark.parametrize("raw", [b"", b"\r\n", b"Subject: x", b"\x00" * 100, b"MIME-Version"])
def test_degenerate_messages_give_a_result(raw: bytes) -> None:
    assert_scanned(raw)


def test_the_mutation_source_is_the_real_corpus() -> None:
    assert len(real_messages()) >= 10
    assert all(b"\n\n" in m or b"\r\n\r\n" in m for m in real_messages())
    assert Path(corpus_dir() / "dev").is_dir()
