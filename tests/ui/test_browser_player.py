"""The call page's player in a real browser (Debian Chromium via Playwright) against a live server:
the highlighted line follows playback, Enter/Space seek, speed and ±10 s buttons, the timeline seeks.

The call's transcript and statistics are written directly (tests.ui.factories); the audio is a
real 30-second MP3 made with ffmpeg.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rop.calls.models import Call
from rop.convstats.compute import Turn, compute
from rop.convstats.services import save_stats
from tests.support.browser import chromium_page, wait_js
from tests.ui.factories import PASSWORD, add_call, make_tenant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AUDIO = "document.getElementById('call-audio')"
SEGMENTS = [
    (0.5, 3.0, "manager", "Здравствуйте, агентство недвижимости."),
    (4.0, 8.0, "client", "Добрый день, я по поводу квартиры."),
    (7.5, 12.0, "manager", "Какой район вас интересует?"),
    (15.0, 19.0, "client", "Приморский, двухкомнатная."),
    (20.0, 26.0, "manager", "Отлично, подберу варианты и перезвоню."),
]


def _mp3(path: Path, seconds: int = 30) -> Path:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency=440:duration={seconds}", "-ac", "1", "-ar", "16000", "-b:a", "32k",
                    str(path)], check=True, timeout=60)
    return path


@pytest.fixture
def played_call(transactional_db: Any, settings: Any, tmp_path: Path) -> tuple[str, Call]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    t = make_tenant("Альфа Недвижимость")
    call = add_call(t.org, "player-call", t.managers["m1"], audio=_mp3(tmp_path / "call.mp3"), segments=SEGMENTS)
    call.duration = 30.0
    call.save(update_fields=["duration"])
    save_stats(call, compute([Turn(sp, a, b, text) for a, b, sp, text in SEGMENTS]))
    return t.users["rop"].username, call


@pytest.fixture
def long_call(transactional_db: Any, settings: Any, tmp_path: Path) -> tuple[str, Call]:
    """Sixty short lines over 30 s: more than the transcript box shows at once."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    t = make_tenant("Альфа Недвижимость")
    lines = [(i * 0.5, i * 0.5 + 0.4, "manager" if i % 2 else "client", f"Реплика номер {i}") for i in range(60)]
    call = add_call(t.org, "long-call", t.managers["m1"], audio=_mp3(tmp_path / "call.mp3"), segments=lines)
    return t.users["rop"].username, call


@pytest.fixture
def browser_page() -> Iterator[Any]:
    with chromium_page(viewport={"width": 1366, "height": 700}) as opened:
        yield opened.page
        assert [m for m in opened.console if "Content Security Policy" in m] == []  # nothing blocked


def _open(page: Any, base: str, username: str, pk: int) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/calls/")
    page.goto(f"{base}/calls/{pk}/")
    wait_js(page, f"{AUDIO}.readyState >= 1")


def _near(page: Any, seconds: float, tolerance: float = 0.6) -> None:
    wait_js(page, f"Math.abs({AUDIO}.currentTime - {seconds}) < {tolerance}")


def _playing_start(page: Any) -> str:
    return str(page.locator("#transcript .line.playing").get_attribute("data-start"))


def test_highlight_follows_playback_and_keyboard_seeks(
    played_call: tuple[str, Call], live_server: Any, browser_page: Any
) -> None:
    page, (username, call) = browser_page, played_call
    _open(page, live_server.url, username, call.pk)
    html = page.content()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline scripts (CSP)
    assert not re.search(r"\son[a-z]+=", html)  # no inline handlers

    page.evaluate(f"{AUDIO}.currentTime = 16")
    page.wait_for_selector('#transcript .line[data-start="15.00"].playing')
    assert page.locator("#transcript .line.playing").count() == 1
    page.evaluate(f"{AUDIO}.currentTime = 9")  # two lines overlap here: the later one is current
    page.wait_for_selector('#transcript .line[data-start="7.50"].playing')
    page.evaluate(f"{AUDIO}.currentTime = 22")
    page.wait_for_selector('#transcript .line[data-start="20.00"][aria-current=true]')

    page.focus('#transcript .line[data-start="4.00"]')
    page.keyboard.press("Enter")
    _near(page, 4.0)
    page.evaluate(f"{AUDIO}.pause()")
    page.focus('#transcript .line[data-start="15.00"]')
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.press(" ")
    _near(page, 15.0)
    page.evaluate(f"{AUDIO}.pause()")
    assert _playing_start(page) == "15.00"
    assert page.evaluate("window.scrollY") == scrolled  # Space seeked; it did not scroll the page


def test_speed_and_skip_buttons(played_call: tuple[str, Call], live_server: Any, browser_page: Any) -> None:
    page, (username, call) = browser_page, played_call
    _open(page, live_server.url, username, call.pk)
    for rate in ("1.25", "1.5", "2", "1"):
        page.click(f'[data-rate="{rate}"]')
        assert page.evaluate(f"{AUDIO}.playbackRate") == float(rate)
        assert page.get_attribute(f'[data-rate="{rate}"]', "aria-pressed") == "true"
        assert page.locator("[data-rate][aria-pressed=true]").count() == 1
    page.evaluate(f"{AUDIO}.pause(); {AUDIO}.currentTime = 5")
    _near(page, 5.0, 0.05)
    page.click('[data-skip="10"]')
    _near(page, 15.0, 0.05)
    page.click('[data-skip="-10"]')
    _near(page, 5.0, 0.05)
    page.click('[data-skip="-10"]')  # not before the start
    _near(page, 0.0, 0.05)


def test_speaker_timeline_shows_turns_and_seeks_where_clicked(
    played_call: tuple[str, Call], live_server: Any, browser_page: Any
) -> None:
    page, (username, call) = browser_page, played_call
    _open(page, live_server.url, username, call.pk)
    assert page.locator(".tl-track.manager .tl-bar").count() == 3
    assert page.locator(".tl-track.client .tl-bar").count() == 2
    assert page.locator(".tl-track.overlap .tl-bar").count() == 1  # 7.5-8.0
    assert page.locator(".tl-track.silence .tl-bar").count() == 3  # 3-4, 12-15, 19-20 (a second or more)
    box = page.locator("#tl-tracks").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2)
    _near(page, 18.0, 0.6)  # 60 % of 30 s
    page.evaluate(f"{AUDIO}.pause()")
    assert _playing_start(page) == "15.00"
    left = page.evaluate("parseFloat(document.getElementById('tl-cursor').style.left)")
    assert 57 < left < 65
    assert "Статистика разговора" in page.inner_text("#conv-stats")


def test_the_current_line_is_scrolled_into_the_transcript_box(
    long_call: tuple[str, Call], live_server: Any, browser_page: Any
) -> None:
    page, (username, call) = browser_page, long_call
    _open(page, live_server.url, username, call.pk)
    visible = """(sel) => { const box = document.getElementById('transcript'); const l = document.querySelector(sel);
        return l.offsetTop >= box.scrollTop && l.offsetTop + l.offsetHeight <= box.scrollTop + box.clientHeight; }"""
    assert page.evaluate("document.getElementById('transcript').scrollHeight > "
                         "document.getElementById('transcript').clientHeight")
    assert not page.evaluate(visible, '.line[data-start="27.50"]')
    page.evaluate(f"{AUDIO}.currentTime = 27.6")
    page.wait_for_selector('.line[data-start="27.50"].playing')
    assert page.evaluate(visible, '.line[data-start="27.50"]')
    page.evaluate(f"{AUDIO}.currentTime = 1.1")
    page.wait_for_selector('.line[data-start="1.00"].playing')
    assert page.evaluate(visible, '.line[data-start="1.00"]')
