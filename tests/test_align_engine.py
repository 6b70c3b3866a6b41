"""The search engine and the coverage arithmetic behind the aligner, against brute force."""
from __future__ import annotations

import random

import numpy as np
import pytest

from zhenqa.align import channels
from zhenqa.align.channels import _mt_channel_strings, char_ngrams, mt_channel, ngram_codes
from zhenqa.align.dp import NEG, band_around_path, full_band, run_dp
from zhenqa.align.features import Channel, SideItems, compute_pair_band, cover_block, pair_band_limits

TYPES = [(1, 1), (1, 2), (2, 1), (2, 2)]


def _all_paths(nz, ne):
    """Every monotone bead path from (0,0) to (nz,ne) with the given types plus 1-0/0-1."""
    steps = TYPES + [(1, 0), (0, 1)]

    def rec(i, j):
        if (i, j) == (nz, ne):
            yield []
            return
        for a, b in steps:
            if i + a <= nz and j + b <= ne:
                for rest in rec(i + a, j + b):
                    yield [(i, j, a, b)] + rest
    yield from rec(0, 0)


def test_dp_finds_the_best_path_of_a_small_lattice():
    rng = random.Random(3)
    for trial in range(20):
        nz, ne = rng.randint(1, 4), rng.randint(1, 4)
        band = full_band(nz, ne)
        scores = np.full((len(TYPES), nz + 1, band.width), NEG)
        table = {}
        for t, (a, b) in enumerate(TYPES):
            for i in range(a, nz + 1):
                for j in range(b, ne + 1):
                    table[(i, j, a, b)] = scores[t, i, j] = rng.uniform(-1, 2)
        skip_z = np.array([rng.uniform(-1, 0) for _ in range(nz)])
        skip_e = np.array([rng.uniform(-1, 0) for _ in range(ne)])

        def value(path):
            total = 0.0
            for i, j, a, b in path:
                if a and b:
                    total += table[(i + a, j + b, a, b)]
                elif a:
                    total += skip_z[i]
                else:
                    total += skip_e[j]
            return total

        best = max(value(p) for p in _all_paths(nz, ne))
        res = run_dp(band, TYPES, scores, skip_z, skip_e)
        assert res.total == pytest.approx(best)
        # the beads cover both sides exactly once, in order
        assert [i for zs, _ in res.beads for i in zs] == list(range(nz))
        assert [j for _, es in res.beads for j in es] == list(range(ne))


def test_band_around_a_path_contains_it_and_stays_narrow():
    path = [(0, 0), (1, 1), (2, 3), (3, 4), (5, 5), (6, 8)]
    band = band_around_path(path, 6, 8, margin=1)
    for i, j in path:
        assert band.lo[i] <= j <= band.hi[i]
    assert band.width < 8
    assert np.all(np.diff(band.lo) >= 0) and np.all(np.diff(band.hi) >= 0)


def _brute_cover(src: SideItems, tgt: SideItems, r: int, c: int) -> float:
    tkeys = set(tgt.set_keys[tgt.set_ptr[c]:tgt.set_ptr[c + 1]].tolist())
    total = 0.0
    for it in range(src.unit_ptr[r], src.unit_ptr[r + 1]):
        keys = set(src.keys[src.item_ptr[it]:src.item_ptr[it + 1]].tolist())
        if keys & tkeys:
            total += src.item_w[it]
    return total


@pytest.mark.parametrize("multi,dense", [(True, False), (False, False), (False, True)])
def test_coverage_blocks_equal_brute_force(multi, dense):
    rng = random.Random(7)

    def side(n):
        units = []
        for _ in range(n):
            items = []
            for _ in range(rng.randint(0, 6)):
                k = rng.randint(1, 3) if multi else 1
                items.append((rng.uniform(0.1, 2), rng.sample(range(25), k)))
            units.append(items)
        return SideItems.build(units, dense=dense)

    zh, en = side(9), side(11)
    block = cover_block(zh, 2, 8, en, 1, 10)
    for r in range(2, 8):
        for c in range(1, 10):
            assert block[r - 2, c - 1] == pytest.approx(_brute_cover(zh, en, r, c))
    back = cover_block(en, 1, 10, zh, 2, 8)
    for c in range(1, 10):
        for r in range(2, 8):
            assert back[c - 1, r - 2] == pytest.approx(_brute_cover(en, zh, c, r))
    # merging units concatenates their items
    merged = zh.merge(3)
    assert merged.n == 3 and merged.total_w.sum() == pytest.approx(zh.total_w.sum())


def test_pair_band_holds_the_coverages_of_its_window():
    rng = random.Random(11)
    units = lambda n: [[(1.0, [rng.randint(0, 30)]) for _ in range(4)] for _ in range(n)]  # noqa: E731
    ch = Channel("t", SideItems.build(units(12)), SideItems.build(units(15)))
    band = band_around_path([(i, round(i * 15 / 12)) for i in range(13)], 12, 15, margin=2)
    slo, shi = pair_band_limits(band.lo, band.hi, 12, 15, 2, 2)
    pb = compute_pair_band([ch], slo, shi, chunk=4)
    for r in range(12):
        for c in range(slo[r], shi[r]):
            assert pb.cz[0, r, c - slo[r]] == pytest.approx(_brute_cover(ch.zh, ch.en, r, c))
            assert pb.ce[0, r, c - slo[r]] == pytest.approx(_brute_cover(ch.en, ch.zh, c, r))


def test_skipping_english_units_counts_only_for_a_real_gain():
    """The 0-1 chain of a band row on a long document (prefix sums of skip scores in the
    thousands): rounding must never make a skip look better than arriving directly; it
    once sent the trace-back of a 23,000-sentence alignment off the band."""
    from zhenqa.align.dp import row_scan

    rng = np.random.default_rng(0)
    for _ in range(200):
        k = 12
        S = -rng.uniform(5_000, 20_000) + np.cumsum(-rng.uniform(0.3, 0.6, k))
        E = rng.uniform(-50, 50, k)
        E[::3] = NEG                                  # cells no bead reaches
        row, from_scan = row_scan(E, S)
        assert not from_scan[0]
        for j in range(k):
            # the best of arriving at j directly or at some i < j and skipping i..j-1
            best_skip = max((E[i] + S[j] - S[i] for i in range(j)), default=NEG)
            if from_scan[j]:
                assert best_skip > E[j] and row[j] == pytest.approx(best_skip)
            else:
                assert row[j] == E[j] and best_skip <= E[j] + 1e-6 * (1 + abs(S[j]))


def _same_side(a: SideItems, b: SideItems) -> None:
    for name in ("n", "unit_ptr", "item_w", "item_ptr", "keys", "multi", "dense", "set_ptr", "set_keys",
                 "agg_w", "total_w"):
        x, y = getattr(a, name), getattr(b, name)
        assert np.array_equal(np.asarray(x), np.asarray(y)), name
        assert np.asarray(x).dtype == np.asarray(y).dtype, name


def test_single_key_sides_from_arrays_equal_those_built_from_item_lists():
    rng = random.Random(5)
    units = [[(rng.uniform(0.1, 2), [rng.randint(0, 40)]) for _ in range(rng.randint(0, 7))] for _ in range(13)]
    built = SideItems.build(units, dense=True)
    made = SideItems.single(built.unit_ptr, built.item_w, built.keys, dense=True)
    _same_side(made, built)
    # halves: the first half holds the middle item of an odd count
    head, tail = made.halves()
    _same_side(head, SideItems.build([u[:(len(u) + 1) // 2] for u in units], dense=True))
    _same_side(tail, SideItems.build([u[(len(u) + 1) // 2:] for u in units], dense=True))
    # items with several keys (the lexicon's glosses) are halved the same way
    multi = [[(rng.uniform(0.1, 2), rng.sample(range(40), rng.randint(1, 3))) for _ in range(rng.randint(0, 7))]
             for _ in range(13)]
    head, tail = SideItems.build(multi).halves()
    _same_side(head, SideItems.build([u[:(len(u) + 1) // 2] for u in multi]))
    _same_side(tail, SideItems.build([u[(len(u) + 1) // 2:] for u in multi]))


def _mac_lines(data_dir, name: str) -> list[str]:
    return (data_dir / "bertalign_mac_dev" / name).read_text(encoding="utf-8").splitlines()


def test_ngram_codes_are_the_character_ngrams_of_each_line_in_order(data_dir):
    lines = _mac_lines(data_dir, "mt_google/002.zh2en")[:60] + ["", "  ", "Déjà vu — naïve, 'quoted'!", "a"]
    got = ngram_codes(lines, 3, 4)
    assert got is not None
    ptr, code = got
    grams = [char_ngrams(s, 3, 4) for s in lines]
    assert np.diff(ptr).tolist() == [len(g) for g in grams]
    flat = [g for gs in grams for g in gs]
    seen: dict[str, int] = {}
    for g, c in zip(flat, code.tolist()):     # equal codes exactly when equal n-grams
        assert seen.setdefault(g, c) == c
    assert len(set(seen.values())) == len(seen)
    assert ngram_codes(lines, 3, 4, limit=1000) is None       # too many characters for the limit


def test_the_mt_channel_from_codes_equals_the_one_from_strings(data_dir, monkeypatch):
    mt = _mac_lines(data_dir, "mt_google/002.zh2en")
    en = _mac_lines(data_dir, "en/002.en")
    fast, slow = mt_channel(mt, en, 3, 4), _mt_channel_strings(mt, en, 3, 4)
    _same_side(fast.zh, slow.zh)
    _same_side(fast.en, slow.en)
    # a document whose codes would overflow is counted as strings, with the same result
    monkeypatch.setattr(channels, "_CODE_LIMIT", 10)
    fallback = mt_channel(mt[:20], en[:20], 3, 4)
    _same_side(fallback.zh, _mt_channel_strings(mt[:20], en[:20], 3, 4).zh)


def test_first_appearance_ids_number_values_as_a_dictionary_filled_in_order_would():
    rng = random.Random(9)
    values = [rng.choice([7, -3, 10**15, 42, 0]) for _ in range(200)]
    seen: dict[int, int] = {}
    want = [seen.setdefault(v, len(seen)) for v in values]
    assert channels.first_appearance_ids(np.array(values, dtype=np.int64)).tolist() == want
    assert channels.first_appearance_ids(np.zeros(0, dtype=np.int64)).tolist() == []
