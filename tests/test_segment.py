"""jieba with the domain dictionary: what the dictionary changes, BM25 tokens, the fast query mode."""
from __future__ import annotations

import pytest

from index.segment import DICTIONARY, Segmenter, dictionary_hash
from tests.conftest import SEED

DOMAIN_TERMS = ["未经复议直接起诉", "平潭综合实验区", "淮安市洪泽区人民政府", "上海市人力资源和社会保障局",
                "依申请公开", "政府信息公开申请", "三类内部事务信息"]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("jieba")


@pytest.fixture(scope="module")
def segmenter(cache):
    return Segmenter(cache)


def test_dictionary_keeps_domain_terms_whole(segmenter, cache):
    sentence = "2024年平潭综合实验区未经复议直接起诉的行政诉讼为0件，淮安市洪泽区人民政府依申请公开"
    plain = Segmenter(cache, dictionary=None).cut(sentence)
    domain = segmenter.cut(sentence)
    for term in ("未经复议直接起诉", "平潭综合实验区", "淮安市洪泽区人民政府", "依申请公开"):
        assert term in domain
        assert term not in plain  # jieba alone cuts it apart
    assert "未经" in plain and "起诉" in plain


@pytest.mark.parametrize("term", DOMAIN_TERMS)
def test_every_listed_term_survives_in_a_sentence(segmenter, term):
    assert term in segmenter.cut(f"关于{term}的情况")


def test_tokens_keep_long_terms_and_their_parts(segmenter):
    tokens = segmenter.tokens("行政诉讼（未经复议直接起诉）：19件！")
    assert "未经复议直接起诉" in tokens and "复议" in tokens and "起诉" in tokens
    assert "19" in tokens
    assert not any(t in tokens for t in ("（", "）", "：", "！", " "))


def test_tokens_lower_case_and_full_width_digits(segmenter):
    assert segmenter.tokens("How MANY ２０２４") == ["how", "many", "2024"]


def test_query_mode_cuts_exactly_like_memory_mode(segmenter, cache):
    segmenter.prepare()
    lookup = Segmenter(cache, for_queries=True)
    text = next(SEED.iterdir()).read_text(encoding="utf-8")
    for line in text.splitlines()[:60]:
        assert lookup.tokens(line) == segmenter.tokens(line)
    assert type(lookup.tokenizer.FREQ).__name__ == "_LookupFreq"  # it did not load the whole dictionary


def test_dictionary_hash_follows_the_dictionary(tmp_path):
    other = tmp_path / "dictionary.txt"
    other.write_text(DICTIONARY.read_text(encoding="utf-8") + "新的术语\n", encoding="utf-8")
    assert dictionary_hash(other) != dictionary_hash()
    assert dictionary_hash() == dictionary_hash(DICTIONARY) == Segmenter(tmp_path).hash


def test_damaged_prepared_file_is_rebuilt(segmenter, cache, tmp_path):
    fresh = tmp_path / "cache"
    fresh.mkdir()
    (fresh / segmenter.prepared_path.name).write_bytes(b"not a database")
    assert Segmenter(fresh, for_queries=True).tokens("依申请公开") == segmenter.tokens("依申请公开")
