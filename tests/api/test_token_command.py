"""``alur token create|list|revoke``: the installation's operator makes a token for a person or
a system account from the command line; it is printed once, works on the API at once, is listed
by its prefix and stops working when revoked."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.cli import main
from alur.offices.models import ApiToken, SettingChange


def _bearer(plain: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {plain}"})


def test_a_token_made_on_the_command_line_works_until_it_is_revoked(
    world: SimpleNamespace, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "create", "kabid.ti", "--name", "Portal Pemda", "--expires", "30"]) == 0

    out = capsys.readouterr().out
    plain = out.splitlines()[-1]
    token = ApiToken.objects.get()
    assert re.fullmatch(rf"alur_{token.prefix}_\S+", plain)
    assert out.startswith("Token 'Portal Pemda' untuk kabid.ti (read, sampai ")
    assert (token.owner.username, token.scope) == ("kabid.ti", "read")
    assert _bearer(plain).get("/api/v1/sop").status_code == 200

    assert main(["token", "list", "kabid.ti"]) == 0
    token.refresh_from_db()
    assert token.last_used_at is not None
    used = token.last_used_at.astimezone(dt.UTC)
    assert capsys.readouterr().out == (
        f"{token.prefix}\tkabid.ti\tPortal Pemda\tread\tberlaku\t{used:%Y-%m-%d %H:%M} UTC\n"
    )

    assert main(["token", "revoke", token.prefix]) == 0
    assert capsys.readouterr().out == (f"Token {token.prefix} (Portal Pemda, kabid.ti) dicabut.\n")
    assert _bearer(plain).get("/api/v1/sop").status_code == 401
    assert main(["token", "list"]) == 0
    assert "\tdicabut\t" in capsys.readouterr().out
    assert list(
        SettingChange.objects.filter(subject__startswith="Token API Portal Pemda").values_list(
            "action", "actor"
        )
    ) == [("revoke", None), ("create", None)]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["create", "tidak.ada", "--name", "X"],
            "alur token create: tidak ada pengguna 'tidak.ada'\n",
        ),
        (
            ["create", "kabid.ti", "--name", "X", "--expires", "0"],
            "alur token create: Masa berlaku token: antara 1 dan 3650 hari.\n",
        ),
        (["revoke", "abcdef12"], "alur token revoke: tidak ada token berawalan 'abcdef12'\n"),
    ],
)
def test_a_refused_token_command_says_why_and_makes_nothing(
    world: SimpleNamespace,
    db: None,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    error: str,
) -> None:
    assert main(["token", *args]) == 1

    assert capsys.readouterr().err == error
    assert not ApiToken.objects.exists()
