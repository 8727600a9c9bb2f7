"""What the HTTP benchmarks share: signing a person in over plain ``http.client``."""

from __future__ import annotations

import http.client
import re
import urllib.parse


def sign_in(port: int, username: str, password: str) -> str:
    """The Cookie header of a person signed in through the sign-in page on 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/masuk/")
    response = connection.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf_cookie and token, "no CSRF token on the sign-in page"
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token[1], "username": username, "password": password}
    )
    connection.request(
        "POST",
        "/masuk/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie[1]}",
            "Referer": f"http://127.0.0.1:{port}/masuk/",
        },
    )
    response = connection.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    assert response.status == 302 and session, f"sign-in of {username} failed: {response.status}"
    connection.close()
    return f"csrftoken={csrf_cookie[1]}; sessionid={session[1]}"
