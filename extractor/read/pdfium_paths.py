"""Page objects and painted paths as pdfminer shapes, for :mod:`extractor.read.pdfium_page`.

Every painted path becomes pdfminer's line, rect or curve by the rules of pdfminer's
``paint_path`` (one per subpath), turned into edges by pdfplumber's ``obj_to_edges``; form
XObjects are walked with their matrices composed.
"""
from __future__ import annotations

import ctypes
from typing import Iterator

import pypdfium2.raw as c
from pdfplumber.utils import obj_to_edges

from extractor.read.pdfium_text import prototype

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


_VOID, _ADDRESS = ctypes.c_void_p, ctypes.c_size_t
_page_object = prototype(c.FPDFPage_GetObject, _ADDRESS, _VOID, ctypes.c_int)
_form_count = prototype(c.FPDFFormObj_CountObjects, ctypes.c_int, _VOID)
_form_object = prototype(c.FPDFFormObj_GetObject, _ADDRESS, _VOID, ctypes.c_ulong)
_object_type = prototype(c.FPDFPageObj_GetType, ctypes.c_int, _VOID)
_object_bounds = prototype(c.FPDFPageObj_GetBounds, ctypes.c_int, _VOID, _VOID, _VOID, _VOID, _VOID)
_BOUNDS = (ctypes.c_float * 4)()  # left, bottom, right, top of the last object asked about
_BOUNDS_AT = [ctypes.addressof(_BOUNDS) + k * ctypes.sizeof(ctypes.c_float) for k in range(4)]


def page_objects(raw_page) -> Iterator[tuple[int, int, Matrix]]:
    """(type, address, matrix of its container to page space) of every object, inside form
    XObjects too; :func:`pointer` and :func:`object_matrix` give its pointer and own matrix."""
    count = c.FPDFPage_CountObjects(raw_page)
    page = ctypes.cast(raw_page, ctypes.c_void_p).value
    yield from _objects(map(_page_object, [page] * count, range(count)), IDENTITY)


def _objects(addresses, outer: Matrix) -> Iterator[tuple[int, int, Matrix]]:
    """Objects with their containers' matrices, descending into forms."""
    for address in addresses:
        kind = _object_type(address)
        if kind == c.FPDF_PAGEOBJ_FORM:
            matrix = object_matrix(address, outer)
            count = _form_count(address)
            yield from _objects(map(_form_object, [address] * count, range(count)), matrix)
        else:
            yield kind, address, outer


def pointer(address: int):
    """The object at ``address`` as the generated binding's pointer."""
    return ctypes.cast(address, c.FPDF_PAGEOBJECT)


def object_matrix(address: int, outer: Matrix) -> Matrix:
    """The matrix from the object's own space to page space (``outer``: its container's)."""
    return _compose(_matrix(pointer(address)), outer)


def zero_width(address: int) -> bool:
    """Whether the object has no width (PDFium's text page skips such text objects)."""
    if not _object_bounds(address, *_BOUNDS_AT):
        return False
    return abs(_BOUNDS[2] - _BOUNDS[0]) < 0.01


def _matrix(obj) -> Matrix:
    """An object's matrix (its own space to its container's)."""
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c_, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c_ * A + d * C, c_ * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point (x, y) through matrix ``m``."""
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


# ----------------------------------------------------------------------------- paths to edges
def path_edges(path, matrix: Matrix, height: float) -> list[dict]:
    """pdfplumber's edges of one path object, subpath by subpath as pdfminer paints them."""
    edges = []
    for ops in _subpaths(path, matrix):
        obj = _pdfminer_shape(ops, height)
        if obj is not None:
            edges.extend(obj_to_edges(obj))
    return edges


def _subpaths(path, matrix: Matrix) -> list[list[tuple[str, tuple[float, float]]]]:
    """The path as pdfminer's operators (m, l, c, h), each with its end point in page space,
    split at every move."""
    out: list[list[tuple[str, tuple[float, float]]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for i in range(c.FPDFPath_CountSegments(path)):
        seg = c.FPDFPath_GetPathSegment(path, i)
        kind = c.FPDFPathSegment_GetType(seg)
        c.FPDFPathSegment_GetPoint(seg, x, y)
        point = _apply(matrix, x.value, y.value)
        if kind == c.FPDF_SEGMENT_MOVETO or not out:
            out.append([("m", point)])
        elif kind == c.FPDF_SEGMENT_BEZIERTO:
            bezier = (bezier + 1) % 3
            if bezier == 0:  # a curve is three points; pdfminer keeps its end point
                out[-1].append(("c", point))
        else:
            out[-1].append(("l", point))
        if c.FPDFPathSegment_GetClose(seg):
            out[-1].append(("h", out[-1][0][1]))
    return out


def _pdfminer_shape(ops: list[tuple[str, tuple[float, float]]], height: float) -> dict | None:
    """pdfminer's LTLine / LTRect / LTCurve for one subpath, as a pdfplumber object dict."""
    shape = "".join(op for op, _ in ops)
    pts = [p for _, p in ops]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-1]
    if shape in ("mlh", "ml"):
        return _box("line", pts[:2], height)
    if shape in ("mlllh", "mllll") and _is_rect(pts):
        return _box("rect", [pts[0], pts[2]], height)
    if len(pts) < 2:
        return None
    curve = _box("curve", pts, height)
    curve["pts"] = [(px, height - py) for px, py in pts]
    return curve


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    """pdfminer's test for an axis-aligned closed rectangle."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )
    return pts[0] == pts[4] and square


def _box(kind: str, pts: list[tuple[float, float]], height: float) -> dict:
    """A pdfplumber line/rect/curve object bounding ``pts`` (top measured from the page top)."""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top, bottom = height - y1, height - y0
    return {
        "object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": top,
        "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top,
    }  # fmt: skip


# ----------------------------------------------------------------------------- characters
