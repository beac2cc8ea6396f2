"""Near-duplicate removal: behaviour on small generated cases, the persistent index, and one CLI run."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import numpy as np
import opencc
import orjson
import pytest
from datasketch import MinHash

from cleaners import ConfigError, Document, Pipeline
from cleaners.dedup import (
    Deduplicator,
    DedupParams,
    LocalIndex,
    Signer,
    Sketches,
    candidates,
    dedupe_rows,
    normalise,
    shingle_hash,
    sketch_rows,
)
from cleaners.dedup.candidates import candidate_pairs, datasketch_pairs
from cleaners.dedup.engine import verify_windows
from cleaners.dedup.sketch import normalise_counted
from tests.conftest import EXPECTED, SEEDS, read_jsonl, zhclean

PARAMS = DedupParams()
PAYWALL = "免费阅读已结束，点击下载阅读编辑剩下 ..."
CHROME_HEAD = ["整理文档很辛苦,赏杯茶钱您下走!", "资源描述"]
CHROME_TAIL = ["阅读已结束，您可以下载文档离线阅读编辑"]


def _sentences() -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(EXPECTED.glob("*.txt")))
    return [s for s in re.findall(r"[^。！？!?\n]+[。！？!?]", text) if len(s) >= 12]


SENTENCES = _sentences()


def report(rng: random.Random, n: int = 40) -> str:
    """A synthetic report: n seed sentences, a few per line."""
    picked = rng.sample(SENTENCES, n)
    return "\n".join("".join(picked[i : i + 4]) for i in range(0, n, 4))


def edit(text: str, rng: random.Random, share: float) -> str:
    """Substitute or delete `share` of the CJK characters (a repost with typos)."""
    chars = list(text)
    cjk = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    for i in rng.sample(cjk, int(len(cjk) * share)):
        chars[i] = "" if rng.random() < 0.5 else rng.choice("的一是在不了有和人这中大为上个国我以要他")
    return "".join(chars)


def clean_rows(docs: dict[str, str]) -> list[dict]:
    """Run the cleaner chain like the flow does: rows of kept documents with `removed_chars`."""
    cleaned = Pipeline().clean_corpus([Document.from_text(i, t) for i, t in docs.items()])
    return [
        {"id": d.id, "text": d.text, "removed_chars": sum(len(r.text) for r in d.removals)}
        for d in cleaned
        if not d.dropped
    ]


def plain_rows(docs: dict[str, str]) -> list[dict]:
    return [{"id": i, "text": t, "removed_chars": 0} for i, t in docs.items()]


def dups(rows: list[dict], params: DedupParams = PARAMS) -> dict[str, dict]:
    return {d["id"]: d for d in dedupe_rows(rows, params).duplicates}


# Sketches ----------------------------------------------------------------------------------------------


def _datasketch_reference(cps: np.ndarray) -> tuple[MinHash, MinHash]:
    """datasketch's own MinHash (affine32, our shingle hash in plain Python) of the whole and of the head."""
    norm = "".join(map(chr, cps))
    shingles = [norm[i : i + 5] for i in range(len(norm) - 4)]
    full, head = (MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=shingle_hash) for _ in range(2))
    full.update_batch(shingles)
    head.update_batch(shingles[: max(1, min(len(shingles) - 1, int(len(shingles) * PARAMS.head_share)))])
    return full, head


SIGNATURE_TEXTS = {
    "seed 002": (EXPECTED / "002_71f7a3fe08d2f94d.txt").read_text(encoding="utf-8"),
    "shortest": "教育局落实上级决策",  # n + 1 characters or more: two shingles, the head is the first
    "astral and mixed scripts": "𝓡𒈔𓃲 IPv6 50%㎡① 𠀀𠀁𠀂 STEAM教育 G60科创走廊 ꦜܫဣ" * 3,
    "long": "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(60_000)),
}


@pytest.mark.parametrize("name", SIGNATURE_TEXTS)
def test_signature_equals_datasketch_minhash_with_the_same_hash(name: str):
    cps = normalise(SIGNATURE_TEXTS[name])
    reference, head_ref = _datasketch_reference(cps)
    signer = Signer(PARAMS)
    full, head = signer.sign(cps)
    assert np.array_equal(full, reference.hashvalues)
    assert np.array_equal(head, head_ref.hashvalues)
    assert signer.lean(full).jaccard(reference) == 1.0


def test_normalise_counts_cjk_ideographs_and_keeps_other_letters():
    cps, ideographs = normalise_counted("校长 IPv6，𠀀㎡①！\n")
    assert "".join(map(chr, cps)) == "校长ipv6𠀀㎡①"
    assert ideographs == 3  # 校, 长 and the astral 𠀀; letters, digits and symbols are kept but not counted


def test_sketch_files_load_into_one_batch_as_concatenated(tmp_path):
    rng = random.Random(5)
    parts = [sketch_rows(plain_rows({f"{k}-{i}" * (i + 1): report(rng, 4) for i in range(k)}), PARAMS) for k in (3, 0, 5)]
    paths = []
    for i, part in enumerate(parts):
        paths.append(tmp_path / f"s{i}.npz")
        part.save(paths[-1])
    loaded, expected = Sketches.load_many(paths, PARAMS.num_perm), Sketches.concat(parts, PARAMS.num_perm)
    assert len(loaded) == 8 and loaded.ids.tolist() == expected.ids.tolist()  # ids of every width kept whole
    for name, values in expected.columns().items():
        assert np.array_equal(getattr(loaded, name), values) and getattr(loaded, name).dtype == values.dtype
    assert len(Sketches.load_many([], PARAMS.num_perm)) == 0


def test_normalisation_ignores_whitespace_punctuation_and_ascii_case():
    a = normalise("教育局，落实\n上级 决策。ABC")
    b = normalise("教育局落实上级决策abc！")
    assert np.array_equal(a, b)


def test_numpy_banding_finds_exactly_the_datasketch_lsh_candidates(monkeypatch):
    rng = random.Random(1)
    base = [report(rng, 24) for _ in range(6)]
    docs = {f"b{i}": t for i, t in enumerate(base)}
    docs.update({f"e{i}": edit(t, rng, 0.03) for i, t in enumerate(base)})
    docs.update({f"t{i}": t[: len(t) // 2] for i, t in enumerate(base)})
    sk = sketch_rows(plain_rows(docs), PARAMS)
    ours = {tuple(p) for p in candidate_pairs(sk.sig, sk.head, np.ones(len(sk), bool), PARAMS).tolist()}
    assert ours == datasketch_pairs(sk.sig, sk.head, PARAMS)
    assert len(ours) >= 12  # each base finds its edited and its truncated copy
    monkeypatch.setattr(candidates, "COMPACT_AT", 1)  # deduplicate after every band: the same pairs
    assert {tuple(p) for p in candidate_pairs(sk.sig, sk.head, np.ones(len(sk), bool), PARAMS).tolist()} == ours


# Behaviour ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("share", [0.4, 0.55, 0.7])
def test_truncated_repost_with_paywall_notice_is_contained(share: float):
    full = report(random.Random(2), 48)
    cut = full[: int(len(full) * share)]
    docs = {"full": full, "cut": "\n".join([*CHROME_HEAD, cut, PAYWALL])}
    found = dups(clean_rows(docs))
    assert list(found) == ["cut"]
    assert found["cut"]["duplicate_of"] == "full"
    assert found["cut"]["relation"] == "contained"
    assert found["cut"]["similarity"] >= PARAMS.containment_threshold


def test_traditional_copy_through_the_cleaner_chain_is_a_duplicate_of_the_original():
    original = report(random.Random(3))
    copy = "\n".join([*CHROME_HEAD, opencc.OpenCC("s2t").convert(original), *CHROME_TAIL])
    assert copy != original
    found = dups(clean_rows({"orig": original, "trad": copy}))
    assert list(found) == ["trad"]
    assert found["trad"]["duplicate_of"] == "orig"
    assert found["trad"]["relation"] == "near-duplicate"


@pytest.mark.parametrize("share", [0.01, 0.02, 0.03])
def test_repost_with_edits_other_line_breaks_and_chrome_is_a_near_duplicate(share: float):
    rng = random.Random(4)
    original = report(rng)
    edited = edit(original, rng, share)
    relined = "\n\n".join(edited[i : i + 37] for i in range(0, len(edited), 37))
    docs = {"orig": original, "repost": "\n".join([*CHROME_HEAD, relined, *CHROME_TAIL])}
    found = dups(clean_rows(docs))
    assert list(found) == ["repost"]
    assert found["repost"] == {**found["repost"], "duplicate_of": "orig", "relation": "near-duplicate"}
    assert found["repost"]["similarity"] >= PARAMS.threshold


@pytest.mark.parametrize("shared", [0.2, 0.3, 0.35])
def test_hard_negatives_sharing_template_sentences_are_both_kept(shared: float):
    rng = random.Random(5)
    n = 40
    template = rng.sample(SENTENCES, int(n * shared))
    rest = [s for s in SENTENCES if s not in template]
    own = rng.sample(rest, 2 * (n - len(template)))
    a = template + own[: n - len(template)]
    b = template + own[n - len(template) :]
    rng.shuffle(a)
    rng.shuffle(b)
    assert dups(plain_rows({"a": "".join(a), "b": "".join(b)})) == {}


def test_short_documents_never_collapse_into_one_cluster():
    short = ["你好", "谢谢", "好的", "再见", "不错", "是的", "对", "哈哈哈", "嗯嗯", "收到"]
    tiny = ["今天天气很好我们去公园", "明天要下雨记得带雨伞", "这本书非常值得一读啊"]
    docs = {f"s{i}": t for i, t in enumerate(short + tiny)}
    result = dedupe_rows(plain_rows(docs), PARAMS)
    assert result.duplicates == []
    assert result.stats["too_short"] == len(docs)


def test_exact_duplicate_after_normalisation_has_similarity_one():
    text = report(random.Random(6))
    found = dups(plain_rows({"a": text, "b": text.replace("\n", "")}))
    assert found == {"b": {"id": "b", "duplicate_of": "a", "similarity": 1.0, "relation": "near-duplicate"}}


def _cluster_corpus() -> dict[str, str]:
    rng = random.Random(7)
    docs: dict[str, str] = {}
    for c in range(5):
        full = report(rng, 44)
        docs[f"c{c}-full"] = full
        docs[f"c{c}-edit"] = edit(full, rng, 0.02)
        docs[f"c{c}-cut"] = full[: int(len(full) * 0.5)]
        docs[f"c{c}-chrome"] = "\n".join([*CHROME_HEAD, full, *CHROME_TAIL])
    for s in range(5):
        docs[f"single{s}"] = report(rng, 30)
    return docs


def test_keep_policy_keeps_the_most_complete_copy_of_each_cluster():
    rows = clean_rows(_cluster_corpus())
    result = dedupe_rows(rows, PARAMS)
    dropped = {d["id"] for d in result.duplicates}
    survivors = sorted({r["id"] for r in rows} - dropped)
    assert survivors == [f"c{c}-full" for c in range(5)] + [f"single{s}" for s in range(5)]
    assert {d["duplicate_of"] for d in result.duplicates} == {f"c{c}-full" for c in range(5)}


def test_result_does_not_depend_on_input_order():
    rows = clean_rows(_cluster_corpus())
    expected = dedupe_rows(rows, PARAMS).duplicates
    for seed in range(3):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert dedupe_rows(shuffled, PARAMS).duplicates == expected


def test_candidates_verified_a_window_at_a_time_give_the_same_result(monkeypatch):
    """The reduce verifies the candidate pairs a window of bands at a time (memory bounded whatever the
    corpus): with a window after every band, the duplicates, their order and the figures but the count of
    pairs verified (a pair found again in a later window is verified again) are those of one window."""
    rows = clean_rows(_cluster_corpus())
    whole = dedupe_rows(rows, PARAMS)
    monkeypatch.setattr(candidates, "COMPACT_AT", 1)
    windowed = dedupe_rows(rows, PARAMS)
    assert windowed.duplicates == whole.duplicates
    assert windowed.survivors.ids.tolist() == whole.survivors.ids.tolist()
    figures = ("near_edges", "contained_edges", "dropped", "exact_duplicates", "better_copy_dropped")
    assert {k: windowed.stats[k] for k in figures} == {k: whole.stats[k] for k in figures}
    assert whole.stats["near_edges"] + whole.stats["contained_edges"] > 0
    assert windowed.stats["candidate_pairs"] > whole.stats["candidate_pairs"]


def test_one_band_with_many_pairs_costs_its_packed_pairs_not_rows_of_them():
    """A band whose buckets hold many pairs (bench_flow's 2 GB corpus: ~760,000 a band) is the reduce's peak:
    its pairs are made packed (8 bytes a pair, then the window's copy), never as (E, 2) int64 rows at each
    step (~60 bytes a pair, +91 MiB on that corpus), and a window is held by its consumer only while it is
    verified (not unpacked whole, not kept by the generator while the next band's pairs are made): ~18 bytes a
    pair at the peak here (the pieces and their window), 65 before."""
    import tracemalloc

    n, size = 24_000, PARAMS.max_bucket  # band 0: buckets of max_bucket rows, each a clique of pairs
    rng = np.random.default_rng(0)
    full = rng.integers(0, 2**32, (n, PARAMS.num_perm), dtype=np.uint64).astype(np.uint32)
    head = rng.integers(0, 2**32, (n, PARAMS.num_perm), dtype=np.uint64).astype(np.uint32)
    full[:, : PARAMS.rows] = (np.arange(n) // size)[:, None]
    chars = np.full(n, 1000, dtype=np.int64)
    is_new = np.ones(n, dtype=bool)
    pairs = n // size * size * (size - 1) // 2
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        windows = candidates.candidate_windows(full, head, is_new, PARAMS)
        verdicts, verified = verify_windows(full, chars, windows, PARAMS, {})
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert verified == pairs and len(verdicts.near) == 0  # the rest of each signature differs: no edge
    assert peak < 24 * pairs, f"{peak / pairs:.1f} bytes a pair"


def test_a_window_is_cut_between_the_pieces_of_one_band_with_many_pairs(monkeypatch):
    """One band whose buckets fill up (max_bucket rows, a clique each) finds many more pairs than COMPACT_AT:
    its pairs are made a piece at a time and a window is cut between two pieces of the band (no window over 2 x
    COMPACT_AT pairs), so memory does not grow with the band's pairs; the windows hold the band's pairs and give
    the edges one window of them gives."""
    import tracemalloc

    n, size = 3000, PARAMS.max_bucket
    rng = np.random.default_rng(3)
    full = rng.integers(0, 2**32, (n, PARAMS.num_perm), dtype=np.uint64).astype(np.uint32)
    twin = np.arange(0, n, 2)  # each even row's successor is its near-duplicate (J ~ 0.9) or contained in it
    full[twin + 1, : PARAMS.num_perm * 9 // 10] = full[twin, : PARAMS.num_perm * 9 // 10]
    full[:, : PARAMS.rows] = (np.arange(n) // size)[:, None]  # band 0: buckets of max_bucket rows
    head = rng.integers(0, 2**32, (n, PARAMS.num_perm), dtype=np.uint64).astype(np.uint32)
    chars = np.where(np.arange(n) % 4 == 1, 400, 1000).astype(np.int64)
    is_new = np.ones(n, dtype=bool)
    pairs = n // size * size * (size - 1) // 2 + (n % size) * (n % size - 1) // 2
    band = range(1)

    whole = list(candidates.candidate_windows(full, head, is_new, PARAMS, bands=band))
    assert len(whole) == 1 and len(whole[0]) == pairs  # one window (COMPACT_AT is far above): the band's pairs
    want, verified = verify_windows(full, chars, iter(whole), PARAMS, {})
    assert verified == pairs and len(want.near) + len(want.contained) >= n // 2

    monkeypatch.setattr(candidates, "COMPACT_AT", 2000)
    windows = list(candidates.candidate_windows(full, head, is_new, PARAMS, bands=band))
    assert len(windows) > pairs // 4000 and max(map(len, windows)) <= 4000
    assert np.array_equal(candidates.sorted_unique(np.concatenate(windows)), whole[0])
    got, verified = verify_windows(full, chars, iter(windows), PARAMS, {})
    assert verified == pairs  # each pair of this band is made once (its full signatures only share band 0)
    assert np.array_equal(got.near, want.near) and np.array_equal(got.contained, want.contained)

    tracemalloc.start()  # the band's pairs are never all held: ~2.8 bytes a pair here, one window of them 17.8
    try:
        base = tracemalloc.get_traced_memory()[0]
        for window in candidates.candidate_windows(full, head, is_new, PARAMS, bands=band):
            del window  # dropped before the next is made, as verify_windows does
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert peak < 4 * pairs, f"{peak / pairs:.1f} bytes a pair"


def test_other_keep_policies_and_an_unknown_one():
    rows = plain_rows({"z-long": report(random.Random(8), 40)})
    rows.append({"id": "a-cut", "text": rows[0]["text"][:-30], "removed_chars": 0})
    longest = dups(rows, DedupParams(keep_policy="longest"))
    smallest = dups(rows, DedupParams(keep_policy="smallest_id"))
    assert list(longest) == ["a-cut"] and list(smallest) == ["z-long"]
    with pytest.raises(ConfigError, match="keep_policy"):
        Deduplicator(DedupParams(keep_policy="newest"))


def test_an_excerpt_contained_in_two_reports_does_not_merge_them():
    rng = random.Random(9)
    shared = report(rng, 12)
    docs = {"a": shared + report(rng, 20), "b": report(rng, 20) + shared, "excerpt": shared}
    found = dups(plain_rows(docs))
    assert list(found) == ["excerpt"]
    assert found["excerpt"]["relation"] == "contained"


def test_settings_are_read_from_the_dedup_section_and_checked():
    assert DedupParams.from_config({"dedup": {"bands": 16, "rows": 8}}).bands == 16
    with pytest.raises(ConfigError, match="bands x rows"):
        DedupParams.from_config({"dedup": {"bands": 40, "rows": 4}})
    with pytest.raises(ConfigError, match="threshold"):
        DedupParams.from_config({"dedup": {"threshold": 0}})


# Incremental index -------------------------------------------------------------------------------------


def test_second_run_against_a_local_index_names_the_earlier_document(tmp_path):
    rng = random.Random(10)
    first = {"run1-a": report(rng), "run1-b": report(rng)}
    index = LocalIndex(tmp_path / "index", PARAMS)
    assert dedupe_rows(plain_rows(first), PARAMS, index).duplicates == []
    later = {"run2-copy": edit(first["run1-a"], rng, 0.02), "run2-cut": first["run1-b"][:900], "run2-new": report(rng)}
    found = dups_with_index(later, LocalIndex(tmp_path / "index", PARAMS))
    assert found["run2-copy"]["duplicate_of"] == "run1-a"
    assert found["run2-cut"] == {**found["run2-cut"], "duplicate_of": "run1-b", "relation": "contained"}
    assert "run2-new" not in found
    manifest = orjson.loads((tmp_path / "index" / "manifest.json").read_bytes())
    assert manifest["documents"] == 3  # run 1's two survivors and run2-new


def dups_with_index(docs: dict[str, str], index) -> dict[str, dict]:
    return {d["id"]: d for d in dedupe_rows(plain_rows(docs), PARAMS, index).duplicates}


def test_rerunning_the_same_documents_against_the_index_keeps_them(tmp_path):
    docs = {"a": report(random.Random(11)), "b": report(random.Random(12))}
    index = LocalIndex(tmp_path / "index", PARAMS)
    dedupe_rows(plain_rows(docs), PARAMS, index)
    again = dedupe_rows(plain_rows(docs), PARAMS, index)
    assert again.duplicates == [] and again.stats["already_indexed"] == 2
    assert orjson.loads((tmp_path / "index" / "manifest.json").read_bytes())["documents"] == 2


def test_a_better_late_copy_is_dropped_and_flagged_a_fuller_one_is_kept(tmp_path):
    rng = random.Random(13)
    full, other = report(rng, 48), report(rng, 48)
    index = LocalIndex(tmp_path / "index", PARAMS)
    early = [{"id": "early-edit", "text": edit(full, rng, 0.02), "removed_chars": 500},
             {"id": "early-cut", "text": other[: len(other) // 2], "removed_chars": 0}]
    dedupe_rows(early, PARAMS, index)
    late = dedupe_rows(plain_rows({"late-full": full, "late-other": other}), PARAMS, index)
    assert late.duplicates == [{"id": "late-full", "duplicate_of": "early-edit", "similarity":
                                late.duplicates[0]["similarity"], "relation": "near-duplicate", "better_copy": True}]
    assert late.stats["kept_supersets_of_indexed"] == 1  # late-other contains early-cut: kept, not lost


def test_an_index_built_with_other_settings_is_refused(tmp_path):
    dedupe_rows(plain_rows({"a": report(random.Random(14))}), PARAMS, LocalIndex(tmp_path, PARAMS))
    other = DedupParams(shingle_size=4)
    with pytest.raises(ConfigError, match="other settings"):
        LocalIndex(tmp_path, other).related(sketch_rows([], other))


# The flow, through the CLI -----------------------------------------------------------------------------


def _cli(inputs, out, index) -> subprocess.CompletedProcess:
    return zhclean("clean", *map(str, inputs), "--out", str(out), "--index", str(index))


def test_cli_dedupes_within_a_run_and_against_the_index_of_an_earlier_run(prefect_server, tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[1]
    run1 = tmp_path / "run1"
    run1.mkdir()
    for path in SEEDS.glob("*.txt"):
        (run1 / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (run1 / "trad-copy.txt").write_text(opencc.OpenCC("s2t").convert(seed.read_text(encoding="utf-8")))
    result = _cli([run1], tmp_path / "out1", tmp_path / "index")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = read_jsonl(tmp_path / "out1" / "duplicates.jsonl")
    assert [(r["id"], r["duplicate_of"]) for r in rows] == [("trad-copy", seed.stem)]
    dropped = read_jsonl(tmp_path / "out1" / "dropped.jsonl")
    assert [r["doc_id"] for r in dropped if r["cleaner"] == "dedup"] == ["trad-copy"]
    rep = orjson.loads((tmp_path / "out1" / "report.json").read_bytes())
    assert rep["documents"]["dropped_as_duplicates"] == 1 and rep["documents"]["out"] == 5
    assert rep["dedup"]["parameters"]["bands"] == PARAMS.bands

    run2 = tmp_path / "run2"
    run2.mkdir()
    text = (SEEDS / "004_cd7821bdb2f71530.txt").read_text(encoding="utf-8")
    (run2 / "late-cut.txt").write_text(text[: int(len(text) * 0.5)] + "\n" + PAYWALL, encoding="utf-8")
    result = _cli([run2], tmp_path / "out2", tmp_path / "index")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = read_jsonl(tmp_path / "out2" / "duplicates.jsonl")
    assert [(r["id"], r["duplicate_of"]) for r in rows] == [("late-cut", "004_cd7821bdb2f71530")]
    assert not (tmp_path / "out2" / "documents.jsonl").read_bytes().strip()


def test_reduce_gives_sketches_the_final_unique_ids_by_position(tmp_path):
    """Finish tasks sketch under input ids; the reduce renames by each sketched row's position among the
    kept rows (a too-short kept document is not sketched but still counts in the run's renames)."""
    from cleaners.dedup import RowSketcher
    from flows.dedup_stage import reduce_sketches
    from flows.outputs import unique_ids
    from flows.shards import FinishedShard, ShardStats

    text = report(random.Random(15))
    shards, kept_rows = [], [[{"id": "same", "text": text, "removed_chars": 0}],
                             [{"id": "same", "text": "短", "removed_chars": 0},
                              {"id": "same", "text": text, "removed_chars": 1}]]
    for index, rows in enumerate(kept_rows):
        shard = FinishedShard(index, tmp_path / f"kept-{index:05d}.jsonl", tmp_path / "dropped.jsonl",
                              ShardStats(), [r["id"] for r in rows])
        sketcher = RowSketcher(PARAMS)
        for row in rows:
            sketcher.add(row)
        sketcher.build().save(shard.sketch_path, positions=np.array(sketcher.positions))
        shards.append(shard)
    by_shard = unique_ids(shards)
    assert by_shard == {1: {0: "same#2", 1: "same#3"}}
    renames = {str(s.sketch_path): by_shard[s.index] for s in shards if s.index in by_shard}
    outcome = reduce_sketches([str(s.sketch_path) for s in shards], PARAMS, str(tmp_path / "index"), tmp_path,
                              renames)
    assert outcome.duplicates == [{"id": "same#3", "duplicate_of": "same", "similarity": 1.0,
                                   "relation": "near-duplicate"}]
    assert outcome.report["exact_duplicates"] == 1 and outcome.index == str(tmp_path / "index")


def test_exact_duplicates_are_counted_whichever_copy_survives():
    text = report(random.Random(16))
    rows = [{"id": "a", "text": text, "removed_chars": 90}, {"id": "b", "text": text, "removed_chars": 0}]
    result = dedupe_rows(rows, PARAMS)
    assert [(d["id"], d["duplicate_of"]) for d in result.duplicates] == [("a", "b")]
    assert result.stats["exact_duplicates"] == 1


# A dropped document is a verified duplicate of the document kept for it (issue 9 item 9) ---------------


def _shingles(text: str, n: int = PARAMS.shingle_size) -> set[str]:
    norm = "".join(map(chr, normalise(text)))
    return {norm[i : i + n] for i in range(len(norm) - n + 1)}


def exact_jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def exact_containment(small: str, big: str) -> float:
    ss = _shingles(small)
    return len(ss & _shingles(big)) / len(ss)


TOLERANCE = 0.12  # MinHash error: the estimate has a standard deviation of 0.044 at J = 0.5, 128 permutations


def assert_dropped_only_for_verified_kept(texts: dict[str, str], duplicates: list[dict],
                                          kept_before: frozenset = frozenset()) -> None:
    """Every dropped document: its duplicate_of is kept (in this run or earlier), and it is a near-duplicate
    (exact Jaccard of 5-shingles) of it or contained in it; the recorded similarity is the one to it."""
    dropped = {d["id"] for d in duplicates}
    for d in duplicates:
        kept = d["duplicate_of"]
        assert kept not in dropped and (kept in texts or kept in kept_before), d
        a, b = texts[d["id"]], texts[kept]
        if d["relation"] == "near-duplicate":
            assert d["similarity"] >= PARAMS.threshold, d  # the estimate the drop was verified with
            assert exact_jaccard(a, b) >= PARAMS.threshold - TOLERANCE, (d, exact_jaccard(a, b))
        else:
            assert d["similarity"] >= PARAMS.containment_threshold, d
            contained = exact_containment(a, b)
            assert contained >= PARAMS.containment_threshold - TOLERANCE, (d, contained)


def shifted_chain(length: int, seed: int, size: int = 160) -> dict[str, str]:
    """`length` documents of four paragraphs of `size` characters, each shifted by one paragraph from the
    last: neighbours share three of four (J ~ 0.6), every other pair two or fewer (J <= 0.33)."""
    rng = random.Random(seed)
    stream = "".join(rng.sample(SENTENCES, len(SENTENCES)))
    paragraphs = [stream[i * size : (i + 1) * size] for i in range(length + 3)]
    assert len(paragraphs[-1]) == size
    return {f"doc{i:02d}": "\n".join(paragraphs[i : i + 4]) for i in range(length)}


@pytest.mark.parametrize(("length", "seed"), [(4, 20), (4, 21), (4, 22), (12, 23), (40, 24)])
def test_a_chain_of_shifted_documents_is_not_dropped_into_one_survivor(length: int, seed: int):
    docs = shifted_chain(length, seed)
    ids = list(docs)
    assert exact_jaccard(docs[ids[0]], docs[ids[1]]) >= 0.55 > 0.4 > exact_jaccard(docs[ids[0]], docs[ids[2]])
    result = dedupe_rows(plain_rows(docs), PARAMS)
    assert_dropped_only_for_verified_kept(docs, result.duplicates)
    survivors = set(docs) - {d["id"] for d in result.duplicates}
    assert len(survivors) >= -(-length // 3)  # a kept document stands for itself and two neighbours at most
    for d in result.duplicates:  # only a neighbour in the chain
        assert abs(ids.index(d["id"]) - ids.index(d["duplicate_of"])) == 1


def pool_corpus(seed: int, docs: int = 240, pool: int = 90) -> dict[str, str]:
    """Documents drawn from one pool of sentences: many pairs share some sentences, some share most."""
    rng = random.Random(seed)
    sentences = rng.sample(SENTENCES, pool)
    out = {}
    for i in range(docs):
        if i and rng.random() < 0.3:  # a variant of an earlier document: swap a few of its sentences
            base = out[f"p{rng.randrange(i):03d}"].split("\n")
            for _ in range(rng.randint(1, 5)):
                base[rng.randrange(len(base))] = rng.choice(sentences)
            out[f"p{i:03d}"] = "\n".join(base)
        else:
            out[f"p{i:03d}"] = "\n".join(rng.sample(sentences, rng.randint(8, 20)))
    return out


@pytest.mark.parametrize("seed", [30, 31, 32])
def test_in_a_corpus_drawn_from_a_pool_of_sentences_every_drop_is_verified(seed: int):
    docs = pool_corpus(seed)
    result = dedupe_rows(plain_rows(docs), PARAMS)
    assert len(result.duplicates) >= 40  # the corpus has many true near-duplicates
    assert_dropped_only_for_verified_kept(docs, result.duplicates)


def test_truncated_copies_in_a_pool_corpus_are_dropped_only_into_their_containers():
    docs = pool_corpus(33, docs=120)
    rng = random.Random(34)
    for i in range(40):
        text = docs[f"p{rng.randrange(120):03d}"]
        docs[f"cut{i:02d}"] = text[: int(len(text) * rng.uniform(0.4, 0.7))]
    result = dedupe_rows(plain_rows(docs), PARAMS)
    assert sum(d["relation"] == "contained" for d in result.duplicates) >= 10
    assert_dropped_only_for_verified_kept(docs, result.duplicates)


def test_a_chain_across_runs_drops_a_new_document_only_against_a_verified_neighbour(tmp_path):
    docs = shifted_chain(6, 25)
    index = LocalIndex(tmp_path / "index", PARAMS)
    first = {k: docs[k] for k in ("doc00",)}
    assert dedupe_rows(plain_rows(first), PARAMS, index).duplicates == []
    later = {k: v for k, v in docs.items() if k != "doc00"}
    result = dedupe_rows(plain_rows(later), PARAMS, LocalIndex(tmp_path / "index", PARAMS))
    found = {d["id"]: d for d in result.duplicates}
    assert found["doc01"]["duplicate_of"] == "doc00"  # the indexed document is kept: its neighbour goes
    assert "doc02" not in found  # its only verified neighbours were doc01 (dropped) and doc03
    assert_dropped_only_for_verified_kept(docs, result.duplicates, frozenset({"doc00"}))


def test_pool_corpus_across_runs_drops_only_against_verified_documents(tmp_path):
    docs = pool_corpus(35, docs=200)
    ids = list(docs)
    index = LocalIndex(tmp_path / "index", PARAMS)
    first = dedupe_rows(plain_rows({k: docs[k] for k in ids[:100]}), PARAMS, index)
    assert_dropped_only_for_verified_kept(docs, first.duplicates)
    indexed = frozenset(ids[:100]) - {d["id"] for d in first.duplicates}
    later = plain_rows({k: docs[k] for k in ids[100:]})
    second = dedupe_rows(later, PARAMS, LocalIndex(tmp_path / "index", PARAMS))
    assert any(d["duplicate_of"] in indexed for d in second.duplicates)
    assert_dropped_only_for_verified_kept(docs, second.duplicates, indexed)


# The reduce over signatures on disk (cleaners/dedup/mapped.py) ------------------------------------------


def _columns(sk) -> dict[str, np.ndarray]:
    return {k: np.asarray(v) for k, v in sk.columns().items()} | {"short": np.array(sk.short)}


def _assert_same_sketches(got, want) -> None:
    got, want = _columns(got), _columns(want)
    assert sorted(got) == sorted(want)
    for name in want:
        assert got[name].dtype == want[name].dtype and np.array_equal(got[name], want[name]), name


@pytest.mark.parametrize("groups", [1, 5, 32], ids=["in-process", "5-band-tasks", "a-task-per-band"])
@pytest.mark.parametrize("with_index", [False, True], ids=["within-the-run", "against-an-index"])
def test_reduce_over_signature_files_equals_the_reduce_in_memory(tmp_path, monkeypatch, with_index: bool,
                                                                 groups: int):
    """reduce_sketches (signatures in files of the work directory, read in chunks of 7 rows, survivors
    written shard by shard) gives the duplicates, figures and survivors of Deduplicator.run over the same
    sketches in memory: within the run, and against a directory index of two segments holding documents the
    run re-sends (same text), replaces (other text) and duplicates; in this process, or split by band into
    `dedup-bands` tasks (here run one after the other, as a run without Prefect runs them), which verify a
    pair once per group that finds it and nothing else changes."""
    import cleaners.dedup.mapped as mapped
    from flows.dedup_stage import reduce_sketches, superseded
    from flows.runners import local_run

    monkeypatch.setattr(mapped, "CHUNK_ROWS", 7)
    docs = pool_corpus(36, docs=150)
    ids = list(docs)
    index = tmp_path / "index" if with_index else None
    if with_index:
        store = LocalIndex(index, PARAMS)
        for part in (ids[:20], ids[20:40]):  # two segments
            store.add(sketch_rows(plain_rows({k: docs[k] for k in part}), PARAMS))
        docs = {**docs, ids[3]: docs[ids[3]][: len(docs[ids[3]]) // 2]}  # a new version: superseded
    rows = plain_rows(docs) + [{"id": "tiny", "text": "短", "removed_chars": 0},
                               {"id": "exact-copy", "text": docs[ids[50]] + "。", "removed_chars": 3}]
    shards = [sketch_rows(rows[i::3], PARAMS) for i in range(3)]  # copies spread over the shards
    paths = []
    for i, sk in enumerate(shards):
        paths.append(str(tmp_path / f"sketch-{i:05d}.npz"))
        sk.save(Path(paths[-1]))
    work = tmp_path / "work"
    work.mkdir()

    new = Sketches.load_many([Path(p) for p in paths], PARAMS.num_perm)
    old = LocalIndex(index, PARAMS).related(new) if with_index else Sketches.empty(PARAMS.num_perm)
    replaced = superseded(old, new)
    want = Deduplicator(PARAMS).run(new, old.take(np.flatnonzero(~replaced)))
    with local_run():
        got = reduce_sketches(paths, PARAMS, str(index) if index else None, work, groups=groups)

    assert len(want.duplicates) >= 20 and got.duplicates == want.duplicates
    assert want.stats["exact_duplicates"] >= 1 and want.stats["dropped"]["contained"] >= 1
    figures = {k: v for k, v in got.report.items()
               if k not in ("seconds", "parameters", "index", "superseded", "band_tasks", "candidate_pairs")}
    assert figures == {k: v for k, v in want.stats.items() if k not in ("seconds", "candidate_pairs")}
    assert got.report["band_tasks"] == groups
    if groups == 1:
        assert got.report["candidate_pairs"] == want.stats["candidate_pairs"]
    else:  # each group counts the pairs it verified
        assert got.report["candidate_pairs"] > want.stats["candidate_pairs"]
        assert "bands" in got.report["seconds"]
    assert got.report["superseded"] == int(replaced.sum()) == (1 if with_index else 0)
    if with_index:
        assert want.stats["already_indexed"] == 39 and want.stats["indexed_before"] == 39
    _assert_same_sketches(Sketches.load(Path(got.pending)), want.survivors)
    # the signatures stay in the work directory (removed with it): row-major and band-major copies
    both = Sketches.concat([old.take(np.flatnonzero(~replaced)), new], PARAMS.num_perm)
    assert np.array_equal(np.load(work / "dedup-sig.npy"), both.sig)
    assert np.array_equal(np.load(work / "dedup-sig-bands.npy"), both.sig.T)
    assert np.array_equal(np.load(work / "dedup-head-bands.npy"), both.head.T)


def test_sketch_files_written_in_chunks_equal_what_np_savez_writes(tmp_path, monkeypatch):
    """NpzWriter/write_rows write the file `Sketches.take(rows).save` writes, read back member by member,
    and a directory index merging its segments a chunk at a time holds what `load_many` of them holds."""
    import cleaners.dedup.index as index_module
    import cleaners.dedup.mapped as mapped

    monkeypatch.setattr(mapped, "CHUNK_ROWS", 3)
    docs = pool_corpus(37, docs=40)
    sk = sketch_rows(plain_rows(docs) + [{"id": "tiny", "text": "短", "removed_chars": 0}], PARAMS)
    sk.save(tmp_path / "all.npz")
    rows = np.array([0, 1, 5, 6, 7, 20, 39])
    part = mapped.Part(tmp_path / "all.npz", rows)
    mapped.write_rows(tmp_path / "some.npz", [part], part.small()[0], rows, PARAMS.num_perm)
    sk.take(rows).save(tmp_path / "want.npz")
    with np.load(tmp_path / "some.npz") as got, np.load(tmp_path / "want.npz") as want:
        assert got.files == want.files
        for name in want.files:
            assert got[name].dtype == want[name].dtype and np.array_equal(got[name], want[name]), name

    monkeypatch.setattr(index_module, "COMPACT_AFTER", 2)
    store = LocalIndex(tmp_path / "index", PARAMS)
    batches = [sk.take(np.arange(0, 10)), sketch_rows(plain_rows({"a-much-longer-id": docs["p001"]}), PARAMS),
               sk.take(np.arange(10, 40))]
    for batch in batches:
        store.add(batch)
    manifest = orjson.loads((tmp_path / "index" / "manifest.json").read_bytes())
    assert len(manifest["segments"]) == 1 and manifest["documents"] == 41
    merged = Sketches.load(tmp_path / "index" / manifest["segments"][0])
    _assert_same_sketches(merged, Sketches.concat(batches, PARAMS.num_perm))


def test_row_file_reads_the_rows_asked_for(tmp_path):
    from numpy.lib.format import open_memmap

    from cleaners.dedup.mapped import RowFile

    values = np.random.default_rng(3).integers(0, 2**32, size=(300, 128), dtype=np.uint64).astype(np.uint32)
    open_memmap(tmp_path / "sig.npy", mode="w+", dtype=np.uint32, shape=values.shape)[:] = values
    rows = RowFile(tmp_path / "sig.npy")
    for wanted in ([5, 5, 0, 299, 6, 7, 8, 100], [], list(range(300)), [299, 0]):
        assert np.array_equal(rows[np.array(wanted, dtype=np.int64)], values[wanted])
    with pytest.raises(IndexError):
        rows[np.array([300])]


def test_row_file_reads_again_after_a_short_read(tmp_path, monkeypatch):
    """A positioned read may return fewer bytes than asked (a signal, a network file system): the rows are
    read again piece by piece, and a file that ends early is an error, not rows of zeros."""
    import os

    from numpy.lib.format import open_memmap

    from cleaners.dedup.mapped import RowFile

    values = np.random.default_rng(4).integers(0, 2**32, size=(50, 128), dtype=np.uint64).astype(np.uint32)
    open_memmap(tmp_path / "sig.npy", mode="w+", dtype=np.uint32, shape=values.shape)[:] = values
    rows = RowFile(tmp_path / "sig.npy")
    real_pread = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, size, offset: real_pread(fd, min(size, 100), offset))
    wanted = [3, 40, 41, 7, 3]
    assert np.array_equal(rows[np.array(wanted)], values[wanted])
    with open(tmp_path / "sig.npy", "r+b") as fh:  # the file loses its last rows
        fh.truncate(rows.offset + 45 * 128 * 4)
    with pytest.raises(EOFError):
        rows[np.array([1, 48])]


def test_the_run_keeps_its_signature_files_with_its_work_directory_and_removes_them_with_it(tmp_path):
    """The reduce's signature files live in the run's work directory: `--keep-work` keeps them (beside the
    sketch files), an ordinary run removes them with the rest of it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:4]:
        (docs / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "copy.txt").write_text(sorted(SEEDS.glob("*.txt"))[1].read_text(encoding="utf-8"), encoding="utf-8")
    kept = zhclean("clean", str(docs), "--out", str(tmp_path / "kept"), "--no-prefect", "--keep-work")
    assert kept.returncode == 0, kept.stderr[-3000:]
    [work] = tmp_path.glob(".kept.work-*")
    names = {p.name for p in work.iterdir()}
    assert {"dedup-sig.npy", "dedup-sig-bands.npy", "dedup-head-bands.npy", "dedup-survivors.npz"} <= names
    assert any(n.startswith("sketch-") for n in names)
    assert len(read_jsonl(tmp_path / "kept" / "duplicates.jsonl")) == 1
    plain = zhclean("clean", str(docs), "--out", str(tmp_path / "plain"), "--no-prefect")
    assert plain.returncode == 0, plain.stderr[-3000:]
    assert not list(tmp_path.glob(".plain.*"))


@pytest.mark.parametrize("collide", [False, True])
def test_ids_matched_by_hash_then_as_strings_give_what_sets_of_strings_give(monkeypatch, collide: bool):
    """superseded and the re-run check match ids by a 64-bit hash, then compare only the matches as strings:
    the same rows as comparing every id as a string, with ids of other widths, and when every hash collides."""
    import cleaners.dedup.engine as engine
    import flows.dedup_stage as stage
    from cleaners.dedup.mapped import Keys

    if collide:
        for module in (engine, stage):
            monkeypatch.setattr(module, "id_hashes", lambda ids: np.zeros(len(ids), dtype=np.uint64))
    rng = np.random.default_rng(5)
    names = [f"d{i}" for i in range(60)] + ["d1\x00x", "长-标识-1", ""]
    old_ids = np.array(rng.choice(names, 200), dtype="U12")
    new_ids = np.array(rng.choice(names, 150), dtype="U5")
    old_exact = rng.integers(0, 4, (200, 2)).astype(np.uint64)
    new_exact = rng.integers(0, 4, (150, 2)).astype(np.uint64)

    new_set = set(new_ids.tolist())
    same_text = {(i, e.tobytes()) for i, e in zip(new_ids.tolist(), new_exact, strict=True)}
    want = [i in new_set and (i, e.tobytes()) not in same_text for i, e in zip(old_ids.tolist(), old_exact, strict=True)]
    got = stage.superseded(Keys(old_ids, old_exact), Keys(new_ids, new_exact))
    assert got.tolist() == want and 0 < sum(want) < 200

    both = Keys(np.concatenate([old_ids, new_ids]), np.concatenate([old_exact, new_exact]))
    group = engine.exact_groups(both)[0]
    old = {(int(g), str(i)) for g, i in zip(group[:200], both.ids[:200], strict=True)}
    want = [False] * 200 + [(int(group[r]), str(both.ids[r])) in old for r in range(200, 350)]
    got = engine.Deduplicator._already_indexed(both, group, 200)
    assert got.tolist() == want and 0 < sum(want) < 150


def _greedy_reference(near, contained, fixed, rank) -> dict[int, tuple[int, str]]:
    """The survivors' greedy pass as dicts of Python lists (cluster.py before it was compiled with numba)."""
    import heapq

    from cleaners.dedup import CONTAINED, NEAR

    neighbours: dict[int, list[int]] = {}
    for a, b in near.tolist():
        if a != b:
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
    inside: dict[int, list[int]] = {}
    waiting: dict[int, int] = {}
    for small, big in {(s, b) for s, b in contained.tolist() if s != b}:
        inside.setdefault(big, []).append(small)
        if not fixed[small] and not fixed[big]:
            waiting[small] = waiting.get(small, 0) + 1
    nodes = set(neighbours) | set(inside) | set(waiting)
    dropped: dict[int, tuple[int, str]] = {}
    kept: set[int] = set()

    def keep(g: int) -> None:
        kept.add(g)
        for h in neighbours.get(g, ()):
            if h not in kept and h not in dropped and not fixed[h]:
                dropped[h] = (g, NEAR)
        for h in inside.get(g, ()):
            if h not in kept and h not in dropped and not fixed[h]:
                dropped[h] = (g, CONTAINED)

    for g in sorted((g for g in nodes if fixed[g]), key=lambda g: rank[g]):
        keep(g)
    heap = [(int(rank[g]), g) for g in nodes if not fixed[g] and g not in waiting]
    heapq.heapify(heap)
    while heap:
        _, g = heapq.heappop(heap)
        if g not in dropped:
            keep(g)
        for h in inside.get(g, ()):
            if h in waiting:
                waiting[h] -= 1
                if waiting[h] == 0:
                    del waiting[h]
                    heapq.heappush(heap, (int(rank[h]), h))
    return dropped


@pytest.mark.parametrize("seed", range(6))
def test_compiled_greedy_survivors_equal_the_python_reference(seed: int):
    """cluster.greedy (CSR arrays, numba) drops the same groups into the same keepers, with the same
    relation, as the dict-of-lists version, on random graphs of near and contained edges with fixed groups,
    self-loops, repeated edges and chains of containment."""
    from cleaners.dedup import CONTAINED, NEAR
    from cleaners.dedup.cluster import greedy

    rng = np.random.default_rng(seed)
    g = int(rng.integers(5, 400))
    near = rng.integers(0, g, (int(rng.integers(0, 3 * g)), 2))
    contained = rng.integers(0, g, (int(rng.integers(0, 2 * g)), 2))
    contained = np.concatenate([contained, contained[: len(contained) // 4]])  # repeated edges
    fixed = rng.random(g) < (0.0 if seed == 0 else 0.15)
    rank = rng.permutation(g)
    want = _greedy_reference(near, contained, fixed, rank)
    into, how = greedy(near, contained, fixed, rank)
    got = {int(x): (int(into[x]), (NEAR, CONTAINED)[how[x] - 1]) for x in np.flatnonzero(into >= 0)}
    assert got == want and len(want) > 0


def test_small_columns_held_compacted_give_back_what_the_sketch_files_hold(tmp_path):
    """The reduce holds ids as UTF-8 bytes and counts as int32 (cleaners.dedup.mapped.compact): they sort as
    the str ids do, and `expand` gives back the columns `Sketches.load_many` loads (values and dtypes), also
    for ids of other widths and scripts, an empty id, and counts too large for int32; the run's renames give
    the str width a list of the final ids gives."""
    from cleaners.dedup.mapped import Part, expand, small_columns
    from flows.dedup_stage import _final_ids

    docs = pool_corpus(38, docs=12)
    paths = []
    for i, ids in enumerate([["a", "长-标识-1", "\ud800x", ""], ["z" * 30, "b", "短"], ["ab", "a\x00b"]]):
        rows = plain_rows({doc_id: docs[f"p{k + 4 * i:03d}"] for k, doc_id in enumerate(ids)})
        sk = sketch_rows(rows, PARAMS)
        if i == 1:
            sk.chars[0] = 2**40  # does not fit in int32: the column stays int64
        paths.append(tmp_path / f"sketch-{i:05d}.npz")
        sk.save(paths[-1], positions=np.arange(len(ids)))
    small = small_columns([Part(p) for p in paths])
    want = Sketches.load_many(paths, PARAMS.num_perm)
    assert small.columns["ids"].dtype.kind == "S" and small.columns["cjk"].dtype == np.int32
    assert small.columns["chars"].dtype == np.int64 and small.sizes == [4, 3, 2]
    for name, values in small.columns.items():
        back = expand(values, small.dtypes[name])
        assert back.dtype == getattr(want, name).dtype and np.array_equal(back, getattr(want, name)), name
    assert np.argsort(small.columns["ids"], kind="stable").tolist() == np.argsort(want.ids, kind="stable").tolist()

    renames = {str(paths[0]): {1: "长-标识-1#2-a-longer-id-than-any-other"}}
    ids, dtype = _final_ids(small.columns["ids"], paths, small.sizes, renames)
    final = [*want.ids.tolist()]
    final[1] = renames[str(paths[0])][1]
    assert dtype == np.array(final, dtype=str).dtype and expand(ids, dtype).tolist() == final
    assert _final_ids(small.columns["ids"], paths, small.sizes, {})[1] == np.dtype("<U30")
