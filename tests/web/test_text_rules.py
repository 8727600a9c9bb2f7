"""The rules for typed text: invisible characters named with their position, lengths named
with their limit."""

from __future__ import annotations

import pytest

from alur.common.text import INVISIBLE, invisible_at, length_problem, name_problem

BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
ZERO_WIDTH = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]


def test_every_bidi_control_and_zero_width_character_is_invisible_and_nothing_else() -> None:
    assert {ord(char) for char in INVISIBLE} == {*BIDI, *ZERO_WIDTH}


@pytest.mark.parametrize("code", BIDI + ZERO_WIDTH)
def test_an_invisible_character_is_named_with_its_position(code: int) -> None:
    assert invisible_at(f"Surat {chr(code)}balasan") == (f"U+{code:04X}", 7)


def test_a_title_with_a_right_to_left_override_is_refused_with_the_field_and_the_place() -> None:
    assert name_problem("Perihal", "Surat \u202efdp.exe") == (
        "Perihal memuat karakter tak terlihat (U+202E) pada posisi 7; hapus lalu ulangi."
    )


def test_indonesian_text_and_other_scripts_are_names() -> None:
    assert name_problem("Nama", "Ni Luh Putu Ayu Wédari, S.Kom.", 300) is None
    assert name_problem("Nama", "محمد", 300) is None


def test_a_text_too_long_is_named_with_its_limit_and_its_length() -> None:
    assert length_problem("Catatan", "x" * 5_000, 5_000) is None
    assert length_problem("Catatan", "x" * 5_001, 5_000) == (
        "Catatan paling panjang 5.000 karakter; yang dikirim 5.001 karakter."
    )
    assert name_problem("Perihal", "x" * 301, 300) == (
        "Perihal paling panjang 300 karakter; yang dikirim 301 karakter."
    )
