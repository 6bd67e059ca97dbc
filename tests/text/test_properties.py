"""Property tests for the text pipeline (hypothesis): it never crashes, normalising is
idempotent, and a query made of a piece of a document always finds that document's tokens."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from shanglian.text import index_tokens, normalise, query_terms
from shanglian.text.tokenise import _IS_CJK, _PIECE, MAX_INDEX_CHARS

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any unicode text except surrogates (st.text never yields lone surrogates), plus mixes that
# are likely in our data: CJK ideographs (both scripts), Latin, full-width forms, emoji.
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
LATIN = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
FULLWIDTH = st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E)
EMOJI = st.sampled_from(["😀", "👍🏽", "🇭🇰", "👨‍👩‍👧", "❤️", "\u200d", "\ufe0f"])
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"])
ANY = st.characters(exclude_categories=["Cs"])
MIXED = st.lists(st.one_of(CJK, LATIN, FULLWIDTH, EMOJI, CONTROL, ANY), max_size=200).map("".join)

# Realistic documents: CJK runs (traditional and simplified ideographs) and Latin words.
WORD = st.text(alphabet=st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")), min_size=1, max_size=12)
CJK_RUN = st.text(alphabet=CJK, min_size=1, max_size=12)
SEPARATOR = st.sampled_from([" ", "，", "、", "。", " - ", "\n", "/", "（", "）"])
DOCUMENT = st.lists(st.tuples(st.one_of(WORD, CJK_RUN, st.sampled_from(
    ["觀塘", "观塘", "資訊科技", "的士", "有限公司", "Trading", "Ltd", "衞生", "ＡＢＣ", "乾隆"])), SEPARATOR),
    min_size=1, max_size=15).map(lambda parts: "".join(a + b for a, b in parts))


@SETTINGS
@given(MIXED)
@example("")
@example("\x00\x01\x7f\u202e\ufeff")
@example("👨‍👩‍👧 家庭 Family")
@example("薴")  # OpenCC chain 薴 → 苧 → 苎: normalise must convert until stable
def test_normalise_never_crashes_and_is_idempotent(text):
    once = normalise(text)
    assert isinstance(once, str)
    assert normalise(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(ch in once for ch in "\x00\n\t\r")


@SETTINGS
@given(MIXED)
def test_tokens_never_crash_and_have_no_spaces(text):
    tokens = index_tokens(text)
    assert all(tok and " " not in tok for tok in tokens)
    for term in query_terms(text):
        assert term.token and " " not in term.token


@settings(max_examples=5, deadline=None)
@given(st.lists(st.one_of(CJK, LATIN, EMOJI), min_size=20, max_size=100).map("".join))
def test_very_long_text(chunk):
    text = chunk * (200_000 // len(chunk))  # ~200,000 characters
    normalise(text)
    tokens = index_tokens(text)
    # The index is capped (twice: the folded text and the text as written).
    assert 0 < sum(len(t) for t in tokens if len(t) == 1 or not _IS_CJK.match(t)) <= 2 * MAX_INDEX_CHARS
    assert len(query_terms(text)) <= 32


@SETTINGS
@given(DOCUMENT, st.data())
@example("乾隆皇帝 觀塘區", None)
def test_query_from_a_piece_of_the_document_matches_it(document, data):
    """A query made of any contiguous part of one CJK run of the (normalised) document, or of
    the prefix of one of its Latin words, has all its terms among the document's tokens."""
    if data is None:
        return _check_all_pieces(document)
    # Pieces of the folded text, and of the text as written (script-folded only).
    pieces = [m.group(0) for norm in (normalise(document), normalise(document, vocabulary=False))
              for m in _PIECE.finditer(norm)]
    assume(pieces)
    piece = data.draw(st.sampled_from(pieces))
    if _IS_CJK.match(piece):
        start = data.draw(st.integers(0, len(piece) - 1))
        end = data.draw(st.integers(start + 1, len(piece)))
    else:
        start, end = 0, data.draw(st.integers(1, len(piece)))
    _check_query(document, piece[start:end])


def _check_all_pieces(document: str) -> None:
    for match in _PIECE.finditer(normalise(document, vocabulary=False)):
        piece = match.group(0)
        for start in range(len(piece)):
            for end in range(start + 1, len(piece) + 1):
                if _IS_CJK.match(piece) or start == 0:
                    _check_query(document, piece[start:end])


def _check_query(document: str, query: str) -> None:
    # OpenCC converts some characters by phrase (乾隆 keeps 乾, a lone 乾 becomes 干), and the
    # vocabulary folds a part of a term cut out with its neighbours (资讯科 → 信息科): such a
    # part is not "the same text" on its own any more and is left out here.
    if normalise(query) != query:
        return
    tokens = index_tokens(document)
    token_set = set(tokens)
    terms = query_terms(query)
    assert terms, query
    for term in terms:
        if term.prefix:
            assert any(tok.startswith(term.token) for tok in tokens), (document, query, term)
        else:
            assert term.token in token_set, (document, query, term)
