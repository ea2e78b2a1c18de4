"""Text analysis shared by both search backends, so a query means the same thing to each.

The engine analyses text with the standard tokenizer, lowercase, the English stop set and the Porter
stemmer (see `backends/engine.py`). The database backend cannot run Lucene, so this module implements
the same steps: `analyse()` turns text into the stems the engine would index, and `fuzzy_edits()`
gives the edit distance the engine's `AUTO:5,8` fuzziness allows for a stem. The Porter stemmer
below follows M. F. Porter's published algorithm (with the later `logi -> log` rule that Lucene's
PorterStemmer also applies).
"""

import re
from functools import lru_cache

# Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, which the engine's `_english_` stop filter uses.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)

_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    """Lowercased word tokens, stop words removed (the engine drops them the same way)."""
    return [t for t in _TOKEN.findall((text or "").lower()) if t not in STOP_WORDS]


def analyse(text: str) -> list[str]:
    """The stems of `text`, in order."""
    return [stem(t) for t in tokens(text)]


def fuzzy_edits(term: str) -> int:
    """Edits allowed for a query term, as the engine's `AUTO:5,8`: none under 5 letters, 1 under 8, else 2."""
    if len(term) < 5:
        return 0
    if len(term) < 8:
        return 1
    return 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions), as Lucene's fuzzy
    query counts it; returns limit + 1 as soon as the distance is known to exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


# --- Porter stemmer -----------------------------------------------------------------------------------

_VOWELS = frozenset("aeiou")


def _is_consonant(word: str, i: int) -> bool:
    ch = word[i]
    if ch in _VOWELS:
        return False
    if ch == "y":
        return i == 0 or not _is_consonant(word, i - 1)
    return True


def _measure(stem_part: str) -> int:
    """m in [C](VC){m}[V]."""
    m = 0
    i = 0
    n = len(stem_part)
    while i < n and _is_consonant(stem_part, i):
        i += 1
    while i < n:
        while i < n and not _is_consonant(stem_part, i):
            i += 1
        if i >= n:
            break
        while i < n and _is_consonant(stem_part, i):
            i += 1
        m += 1
    return m


def _has_vowel(stem_part: str) -> bool:
    return any(not _is_consonant(stem_part, i) for i in range(len(stem_part)))


def _ends_double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _is_consonant(word, len(word) - 1)


def _cvc(word: str) -> bool:
    """Ends consonant-vowel-consonant where the last consonant is not w, x or y."""
    if len(word) < 3:
        return False
    return (
        _is_consonant(word, len(word) - 3)
        and not _is_consonant(word, len(word) - 2)
        and _is_consonant(word, len(word) - 1)
        and word[-1] not in "wxy"
    )


def _replace(word: str, suffix: str, replacement: str, min_measure: int) -> str | None:
    """If word ends with suffix: the replaced word when the stem's measure > min_measure, else word."""
    if not word.endswith(suffix):
        return None
    base = word[: len(word) - len(suffix)]
    if _measure(base) > min_measure:
        return base + replacement
    return word


_STEP2 = [
    ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
    ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
    ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"),
    ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
]  # fmt: skip
_STEP3 = [
    ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
]  # fmt: skip
_STEP4 = [
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism",
    "ate", "iti", "ous", "ive", "ize",
]  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if len(word) <= 2:
        return word
    w = word
    # Step 1a
    if w.endswith("sses") or w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("ss"):
        pass
    elif w.endswith("s"):
        w = w[:-1]
    # Step 1b
    step1b_extra = False
    if w.endswith("eed"):
        if _measure(w[:-3]) > 0:
            w = w[:-1]
    elif w.endswith("ed") and _has_vowel(w[:-2]):
        w = w[:-2]
        step1b_extra = True
    elif w.endswith("ing") and _has_vowel(w[:-3]):
        w = w[:-3]
        step1b_extra = True
    if step1b_extra:
        if w.endswith(("at", "bl", "iz")):
            w += "e"
        elif _ends_double_consonant(w) and w[-1] not in "lsz":
            w = w[:-1]
        elif _measure(w) == 1 and _cvc(w):
            w += "e"
    # Step 1c
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    # Step 2
    for suffix, replacement in _STEP2:
        result = _replace(w, suffix, replacement, 0)
        if result is not None:
            w = result
            break
    # Step 3
    for suffix, replacement in _STEP3:
        result = _replace(w, suffix, replacement, 0)
        if result is not None:
            w = result
            break
    # Step 4: only the first suffix that matches is considered
    for suffix in _STEP4:
        if w.endswith(suffix):
            base = w[: -len(suffix)]
            if _measure(base) > 1 and (suffix != "ion" or base[-1:] in ("s", "t")):
                w = base
            break
    # Step 5a
    if w.endswith("e"):
        base = w[:-1]
        m = _measure(base)
        if m > 1 or (m == 1 and not _cvc(base)):
            w = base
    # Step 5b
    if _measure(w) > 1 and _ends_double_consonant(w) and w.endswith("l"):
        w = w[:-1]
    return w
