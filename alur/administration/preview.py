"""A sample letter under the office's letterhead as it is now: the reply letter's own template
and content, filled with example text, so the administrator sees the logo, the lines and the
signer exactly as the letters will print them."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from alur.letters import content
from alur.letters.models import Letterhead
from alur.letters.pdf import render_pdf
from alur.offices.calendar import calendar_for

TEMPLATE = "letters/pdf/balasan.html"


def letterhead_preview_pdf(letterhead: Letterhead, now: dt.datetime) -> bytes:
    """The sample letter, in Indonesian like every letter, whatever language the page is read
    in."""
    day = now.astimezone(calendar_for(letterhead.office).zone).date()
    with translation.override("id"):
        context = content.common(letterhead, day, _("(contoh, tidak bernomor)"))
        context |= {
            "sifat": "Biasa",
            "attachment": "-",
            "subject": _("Contoh surat dengan kop surat kantor"),
            "to": _("Kepala OPD Pemohon"),
            "body": [
                _(
                    "Ini contoh surat yang menunjukkan kop surat, logo, dan penanda tangan "
                    "kantor seperti yang akan tercetak pada surat balasan dan berita acara."
                )
            ],
            "copies_to": [],
            "signer": content.head_party("", letterhead),
            "draft": True,
        }
    return render_pdf(TEMPLATE, context)
