"""The letterhead's logo as an office administrator uploads it: a PNG that really decodes, or an
SVG rebuilt from an allow-list, within a size limit.

No maintained Python SVG sanitiser exists (the packages that claim it are prototypes), so an SVG
is parsed with lxml (no entities, no DTD, no network) and written out again from scratch keeping
only drawing elements and presentation attributes: no script, no ``style`` (CSS can fetch), no
event handler, no ``foreignObject``, no ``image``, no link anywhere but to an id in the file
itself. What is not on the list is dropped, never repaired.
"""

from __future__ import annotations

import io
import re
import warnings

from django.utils.translation import gettext as _
from lxml import etree
from PIL import Image

from alur.common.errors import Invalid

LOGO_MAX_BYTES = 512 * 1024
PNG_MAX_PIXELS = 4096 * 4096
PNG = "image/png"
SVG = "image/svg+xml"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
    }
)  # fmt: skip
ATTRIBUTES = frozenset(
    {
        "id", "class", "version", "viewBox", "preserveAspectRatio", "width", "height",
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
        "d", "points", "transform", "offset", "pathLength",
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
        "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
        "stroke-opacity", "opacity", "color", "stop-color", "stop-opacity", "clip-path",
        "clip-rule", "mask", "visibility", "display",
        "gradientUnits", "gradientTransform", "spreadMethod", "clipPathUnits", "maskUnits",
        "maskContentUnits",
        "font-family", "font-size", "font-weight", "font-style", "text-anchor",
        "dominant-baseline", "letter-spacing", "dx", "dy",
    }
)  # fmt: skip
LINKS = frozenset({"href", f"{{{XLINK_NS}}}href"})
_LOCAL_LINK = re.compile(r"^#[A-Za-z_][\w.\-]*$")
_URL = re.compile(r"url\s*\(", re.IGNORECASE)
_LOCAL_URL = re.compile(r"^\s*url\(\s*#[A-Za-z_][\w.\-]*\s*\)\s*$")


def png_check(data: bytes) -> bytes:
    """``data`` if it is a PNG that decodes whole; refused otherwise."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise Invalid(_("Berkas bukan PNG."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != "PNG":
                    raise Invalid(_("Berkas bukan PNG."))
                width, height = image.size
                if width * height > PNG_MAX_PIXELS:
                    raise Invalid(_("Gambar PNG terlalu besar (lebih dari 4096 × 4096 piksel)."))
                image.verify()  # every chunk's checksum, up to the end chunk
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # and the pixels themselves
    except Invalid:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        raise Invalid(_("Berkas PNG rusak atau tidak dapat dibaca.")) from None
    return data


def _value_safe(name: str, value: str) -> bool:
    if _URL.search(value):
        return bool(_LOCAL_URL.match(value))
    lowered = value.strip().lower()
    return not lowered.startswith(("javascript:", "data:", "vbscript:"))


def _copy(source: etree._Element, parent: etree._Element | None) -> etree._Element | None:
    """A clean copy of ``source`` under ``parent``: allowed elements, attributes and links."""
    if not isinstance(source.tag, str):
        return None  # comments, processing instructions, entities
    qname = etree.QName(source)
    if qname.namespace != SVG_NS or qname.localname not in ELEMENTS:
        return None
    tag = f"{{{SVG_NS}}}{qname.localname}"
    element = (
        etree.Element(tag, nsmap={None: SVG_NS})
        if parent is None
        else etree.SubElement(parent, tag)
    )
    for name, value in source.attrib.items():
        attribute = etree.QName(name)
        if name in LINKS:
            if _LOCAL_LINK.match(value.strip()):
                element.set("href", value.strip())
            continue
        if attribute.namespace == XML_NS and attribute.localname == "space":
            element.set(name, value)
            continue
        if attribute.namespace is None and name in ATTRIBUTES and _value_safe(name, value):
            element.set(name, value)
    if qname.localname in ("text", "tspan", "title", "desc"):
        element.text = source.text
    for child in source:
        copied = _copy(child, element)
        if copied is not None and qname.localname in ("text", "tspan"):
            copied.tail = child.tail
    return element


def svg_clean(data: bytes) -> bytes:
    """The SVG in ``data`` rebuilt from the allow-list; refused when it is no SVG at all."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise Invalid(_("SVG dengan DOCTYPE atau ENTITY tidak diterima."))
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise Invalid(_("Berkas SVG tidak dapat dibaca (XML rusak).")) from None
    if etree.QName(root).namespace != SVG_NS or etree.QName(root).localname != "svg":
        raise Invalid(_("Berkas bukan gambar SVG."))
    clean = _copy(root, None)
    if clean is None:  # pragma: no cover - the root was checked above
        raise Invalid(_("Berkas bukan gambar SVG."))
    return bytes(etree.tostring(clean, xml_declaration=True, encoding="utf-8"))


def logo_check(data: bytes) -> tuple[bytes, str]:
    """The bytes to store and their type: a PNG as it came, an SVG rebuilt."""
    if not data:
        raise Invalid(_("Berkas logo kosong."))
    if len(data) > LOGO_MAX_BYTES:
        raise Invalid(
            _("Berkas logo terlalu besar: batasnya %(limit)s KB.")
            % {"limit": LOGO_MAX_BYTES // 1024}
        )
    if data.startswith(b"\x89PNG"):
        return png_check(data), PNG
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")):
        return svg_clean(data), SVG
    raise Invalid(_("Logo harus berupa berkas PNG atau SVG."))
