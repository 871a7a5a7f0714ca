"""A PDFium text page's characters in bulk: text, which ones PDFium generated, and geometry.

PDFium has no call returning every character's position at once, so the geometry is asked for
character by character; this module keeps those calls to the two that cannot be avoided (the
origin, for pdfminer's ``x0`` and baseline, and the loose box, for ``x1`` and unrotated
boxes), each made through ``map`` over a prepared ctypes function so that no Python loop runs
per character.  The text object drawing each character (its font, size and place in the
content stream) is not asked per character: PDFium's text page adds each text object's
characters as one unbroken run (it orders whole objects along a line; only right-to-left
reordering can interleave two objects), so the object is asked every ``STRIDE`` characters and
between two samples naming different objects, and every character between two samples naming
the same object belongs to it.  A page with right-to-left characters, or where PDFium's own
count of object runs (``FPDFText_CountRects``) is higher than the sampled one, or where one
object shows up in two runs, is asked character by character instead (:func:`exact_objects`).
"""
from __future__ import annotations

import ctypes
import itertools

import numpy as np
import pypdfium2.raw as c

HYPHEN_MARK = "\ufffe"  # PDFium's mark for a hyphen that ends a line
STRIDE = 32  # characters between two first samples of the text object
RTL = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))


def prototype(function, restype, *argtypes):
    """``function`` called with plain integers (addresses) and returning ``restype``: the
    generated binding wants pointer objects, whose conversion costs more than the call."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


# FPDFText_GetTextObject returning a plain address (0 for none): runs compare as integers
_text_object = prototype(c.FPDFText_GetTextObject, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_int)
_is_generated = prototype(c.FPDFText_IsGenerated, ctypes.c_int, ctypes.c_void_p, ctypes.c_int)
_loose_box = prototype(c.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
_char_origin = prototype(c.FPDFText_GetCharOrigin, ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                          ctypes.c_void_p, ctypes.c_void_p)  # fmt: skip


def handle(textpage) -> int:
    """The text page's address."""
    return ctypes.cast(textpage, ctypes.c_void_p).value


# ----------------------------------------------------------------------------- text
def page_text(textpage, count: int) -> str:
    """All characters of the page, one per index (hyphens PDFium marked are hyphens again)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    c.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: 2 * count].decode("utf-16-le", "replace")
    if len(text) != count:  # characters outside the BMP: ask one by one
        text = "".join(chr(c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    return text.replace(HYPHEN_MARK, "-")


def code_points(text: str) -> np.ndarray:
    """One code point per character, a lone surrogate (a broken ToUnicode map) included."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def drawn(textpage, codes: np.ndarray) -> np.ndarray:
    """Indices of the characters PDFium did not generate (only spaces and line ends can be)."""
    maybe = np.flatnonzero((codes == 32) | (codes == 13) | (codes == 10))
    generated = np.fromiter(map(_is_generated, itertools.repeat(handle(textpage), len(maybe)), maybe.tolist()),
                            dtype=bool, count=len(maybe))  # fmt: skip
    keep = np.ones(len(codes), dtype=bool)
    keep[maybe[generated]] = False
    return np.flatnonzero(keep)


# ----------------------------------------------------------------------------- geometry
def char_geometry(textpage, index: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the characters at ``index`` (``codes`` their code points): loose boxes (left, top,
    right, bottom, PDF space), origins (x, y) and the address of the text object drawing each
    (0 when unknown)."""
    boxes, origins = boxes_and_origins(textpage, index)
    objects = None if _right_to_left(codes) else sampled_objects(textpage, index)
    return boxes, origins, exact_objects(textpage, index) if objects is None else objects


def boxes_and_origins(textpage, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Loose boxes and origins of the characters at ``index``: two calls per character."""
    n = len(index)
    boxes, origins = (c.FS_RECTF * n)(), (ctypes.c_double * (2 * n))()
    at, address = index.tolist(), handle(textpage)
    box_at, origin_at, step = ctypes.addressof(boxes), ctypes.addressof(origins), ctypes.sizeof(c.FS_RECTF)
    list(map(_loose_box, itertools.repeat(address, n), at, range(box_at, box_at + step * n, step)))
    list(map(_char_origin, itertools.repeat(address, n), at, range(origin_at, origin_at + 16 * n, 16),
             range(origin_at + 8, origin_at + 16 * n, 16)))  # fmt: skip
    box_array = np.frombuffer(boxes, dtype=np.float32).reshape(n, 4).astype(np.float64)
    return box_array, np.frombuffer(origins, dtype=np.float64).reshape(n, 2)


def exact_objects(textpage, index: np.ndarray) -> np.ndarray:
    """The text object of every character at ``index``, asked one by one."""
    return _objects_at(handle(textpage), index)


def sampled_objects(textpage, index: np.ndarray) -> np.ndarray | None:
    """The text object of every character at ``index``, asked every ``STRIDE`` characters and,
    between two samples naming different objects, at the middle until the places where the
    object changes are found (all intervals halved together); None when the runs found fail
    the checks (module doc)."""
    n = len(index)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    address, at = handle(textpage), index
    known = np.unique(np.r_[np.arange(0, n, STRIDE), n - 1])
    found = _objects_at(address, at[known])
    left, right = known[:-1], known[1:]
    open_ = (found[:-1] != found[1:]) & (right - left > 1)
    left, right, lo, hi = left[open_], right[open_], found[:-1][open_], found[1:][open_]
    asked, answers = [known], [found]
    while len(left):
        middle = (left + right) // 2
        got = _objects_at(address, at[middle])
        asked.append(middle)
        answers.append(got)
        left, right, lo, hi = (np.concatenate(pair) for pair in _halves(left, middle, right, lo, got, hi))
    return _fill(n, np.concatenate(asked), np.concatenate(answers), textpage)


def _halves(left, middle, right, lo, got, hi):
    """The halves of each interval whose two ends name different objects and have characters
    between them: (left, right, object at left, object at right) of the left and right halves."""
    first = (lo != got) & (middle - left > 1)
    second = (got != hi) & (right - middle > 1)
    return ((left[first], middle[second]), (middle[first], right[second]), (lo[first], got[second]),
            (got[first], hi[second]))  # fmt: skip


def _fill(n: int, asked: np.ndarray, answers: np.ndarray, textpage) -> np.ndarray | None:
    """Every position's object: that of the nearest position asked at or before it."""
    order = np.argsort(asked, kind="stable")
    asked, answers = asked[order], answers[order]
    holder = np.zeros(n, dtype=np.int64)
    holder[asked] = np.arange(len(asked))
    mark = np.zeros(n, dtype=bool)
    mark[asked] = True
    objects = answers[np.maximum.accumulate(np.where(mark, holder, 0))]
    return objects if _runs_agree(textpage, objects) else None


def _objects_at(address: int, at: np.ndarray) -> np.ndarray:
    """The text object of each character at ``at``: one call each."""
    return np.fromiter(map(_text_object, itertools.repeat(address, len(at)), at.tolist()), dtype=np.uint64,
                       count=len(at))  # fmt: skip


def _runs_agree(textpage, objects: np.ndarray) -> bool:
    """Whether the runs are whole objects: no object in two runs, and no more runs by PDFium's
    count (it skips generated characters and ones with an empty box, so it may count fewer)."""
    starts = np.r_[0, np.flatnonzero(objects[1:] != objects[:-1]) + 1]
    if len(np.unique(objects[starts])) != len(starts):
        return False
    return c.FPDFText_CountRects(textpage, 0, c.FPDFText_CountChars(textpage)) <= len(starts)


def _right_to_left(codes: np.ndarray) -> bool:
    """Whether some character is of a right-to-left script (PDFium reorders those)."""
    return any(bool(((codes >= low) & (codes <= high)).any()) for low, high in RTL)
