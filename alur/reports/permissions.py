"""Who may see an office's performance reports: its heads (``alur.cases.permissions``), on the
office's own data only. People of requesting OPDs never see reports, nor does anyone see another
office's.
"""

from __future__ import annotations

import datetime as dt

from alur.cases.permissions import is_office_head
from alur.offices.models import Office, User


def can_see_reports(user: User, office: Office, on: dt.date) -> bool:
    return is_office_head(user, office, on)
