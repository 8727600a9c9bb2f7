"""What every ``alur sop`` command shares: exit codes, two-language wording, and reading an SOP
file with the checker's report on failure. No Django."""

from __future__ import annotations

import pathlib
from typing import TextIO

from alur.sop import Lang, Sop, check_file

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def t(lang: Lang, indonesian: str, english: str) -> str:
    """The wording in the command's language."""
    return indonesian if lang == "id" else english


def load_checked(file: str, lang: Lang, err: TextIO) -> Sop | int:
    """The SOP in ``file``, or the exit code after reporting why there is none: a missing file
    is a usage error (2); a file with problems gets every problem, as ``alur sop check`` reports
    them (1)."""
    if not pathlib.Path(file).is_file():
        err.write(f"alur: {file}: {t(lang, 'berkas tidak ditemukan', 'file not found')}\n")
        return EXIT_USAGE
    result = check_file(file)
    if result.sop is None:
        for problem in result.problems:
            err.write(problem.format(lang) + "\n")
        return EXIT_PROBLEMS
    return result.sop
