"""The logo check: an SVG is rebuilt from an allow-list, so nothing that runs, fetches or embeds
survives it; a PNG must really decode; anything else, too large or empty is refused."""

from __future__ import annotations

import pytest

from alur.administration.logo import LOGO_MAX_BYTES, PNG, SVG, logo_check, svg_clean
from alur.common.errors import Invalid
from tests.administration.images import png_bytes

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def _clean(body: str, attributes: str = "") -> str:
    return svg_clean(f'{SVG_OPEN} viewBox="0 0 10 10"{attributes}>{body}</svg>'.encode()).decode()


def test_a_plain_drawing_is_kept() -> None:
    out = _clean('<g fill="#c00"><circle cx="5" cy="5" r="4" stroke="black"/></g>')

    assert '<circle cx="5" cy="5" r="4" stroke="black"/>' in out
    assert 'viewBox="0 0 10 10"' in out


@pytest.mark.parametrize(
    ("payload", "gone"),
    [
        ("<script>alert(1)</script>", ["script", "alert"]),
        ('<script xlink:href="https://evil.example/x.js"/>', ["script", "evil"]),
        ('<rect width="1" height="1" onclick="alert(1)"/>', ["onclick", "alert"]),
        ('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>', ["javascript", "<a"]),
        ('<use xlink:href="https://evil.example/s.svg#x"/>', ["evil"]),
        ('<use href="data:image/svg+xml;base64,PHN2Zz4="/>', ["data:"]),
        ('<image xlink:href="http://evil.example/p.png"/>', ["image", "evil"]),
        (
            '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
            "<iframe src='https://evil.example'/></body></foreignObject>",
            ["foreignObject", "iframe", "evil"],
        ),
        ("<style>@import url(https://evil.example/a.css);</style>", ["style", "evil"]),
        ('<rect style="fill:url(https://evil.example/#x)"/>', ["style", "evil"]),
        ('<rect fill="url(https://evil.example/#x)"/>', ["evil"]),
        ('<set attributeName="onmouseover" to="alert(1)"/>', ["set", "alert"]),
        ('<animate attributeName="href" to="javascript:alert(1)"/>', ["animate", "javascript"]),
    ],
)
def test_what_runs_fetches_or_embeds_is_dropped(payload: str, gone: list[str]) -> None:
    out = _clean(payload)

    for word in gone:
        assert word not in out


def test_an_onload_on_the_root_is_dropped() -> None:
    assert "onload" not in _clean("<rect/>", ' onload="alert(1)"')


def test_a_link_to_an_id_in_the_file_is_kept() -> None:
    out = _clean('<defs><path id="p" d="M0 0H5"/></defs><use xlink:href="#p"/>')

    assert '<use href="#p"/>' in out


def test_a_fill_from_a_gradient_in_the_file_is_kept() -> None:
    out = _clean('<rect fill="url(#g)" width="2" height="2"/>')

    assert 'fill="url(#g)"' in out


def test_entities_are_refused_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>'
    )

    with pytest.raises(Invalid) as refused:
        svg_clean(bomb)
    assert refused.value.message == "SVG dengan DOCTYPE atau ENTITY tidak diterima."


def test_broken_xml_and_other_xml_are_refused() -> None:
    with pytest.raises(Invalid, match="XML rusak"):
        svg_clean(b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>")
    with pytest.raises(Invalid, match="bukan gambar SVG"):
        svg_clean(b"<html xmlns='http://www.w3.org/1999/xhtml'/>")


def test_a_png_that_decodes_is_kept_as_it_came() -> None:
    data = png_bytes()

    assert logo_check(data) == (data, PNG)


def test_an_svg_is_kept_rebuilt() -> None:
    data, kind = logo_check(f'{SVG_OPEN} onload="x()"><rect/></svg>'.encode())

    assert kind == SVG
    assert b"onload" not in data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "Berkas PNG rusak atau tidak dapat dibaca."),
        (png_bytes()[:60], "Berkas PNG rusak atau tidak dapat dibaca."),
        (b"GIF89a\x01\x00\x01\x00", "Logo harus berupa berkas PNG atau SVG."),
        (b"%PDF-1.4\n", "Logo harus berupa berkas PNG atau SVG."),
        (b"", "Berkas logo kosong."),
        (b"\x89PNG" + b"\x00" * LOGO_MAX_BYTES, "Berkas logo terlalu besar: batasnya 512 KB."),
    ],
)
def test_anything_else_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(Invalid) as refused:
        logo_check(data)

    assert refused.value.message == message
