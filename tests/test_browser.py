"""The chat page in a real headless Chromium (Debian's chromium + chromedriver), against a real server."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import ROOT
from tests.served import build_home, server_env

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("chromium and chromium-driver are not installed (scripts/setup.sh installs them)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

TOKEN = "browser-token"
UPLOAD_SECONDS = 120  # an upload is read, embedded and committed before it answers: seconds on a loaded machine

HOSTILE_REPORT = """2012年平潭测试局政府信息公开工作年度报告
一、概述
2012年，本局收到申请<script>window.__pwned = 1</script>12件，其中<img src=x onerror="window.__pwned = 2">当面申请5件。
二、依申请公开情况
本局全年受理政府信息公开申请12件。
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    home = build_home(tmp_path_factory.mktemp("browser") / "home")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "server.py", "--port", str(port)], cwd=ROOT,
                            env=server_env(home, TOKEN))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1600", f"--user-data-dir={tmp_path_factory.mktemp('chrome')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _ask(browser, question: str):
    count = len(browser.find_elements(By.CSS_SELECTOR, ".msg-a"))
    box = browser.find_element(By.ID, "question")
    box.clear()
    box.send_keys(question)
    browser.find_element(By.ID, "ask").click()
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg-a .status")) > count)
    return browser.find_elements(By.CSS_SELECTOR, ".msg-a")[-1]


def _expected(base_url, question, history=()):
    return httpx.post(base_url + "/api/ask", json={"question": question, "history": list(history)}, timeout=30).json()


def test_ask_shows_the_figure_its_cell_and_evidence_then_follows_up(browser, base_url):
    browser.get(base_url + "/")
    q1 = "平潭综合实验区2024年政府信息公开行政复议总计多少件？"
    want = _expected(base_url, q1)
    assert want["status"] == "answered" and want["source"]["kind"] == "table"
    card = _ask(browser, q1)
    figure = card.find_element(By.CSS_SELECTOR, ".figure").text
    assert figure.startswith(f"{int(want['value']):,}") and want["unit"] in figure
    marked = card.find_elements(By.CSS_SELECTOR, "td.marked")
    assert [m.text for m in marked] == [want["source"]["quote"]]
    assert want["report"]["title"] in card.find_element(By.CSS_SELECTOR, "a.report-link").text
    assert len(card.find_elements(By.CSS_SELECTOR, ".evidence")) == len(want["evidence"])
    for ev, shown in zip(want["evidence"], card.find_elements(By.CSS_SELECTOR, ".evidence")):
        assert ev["text"].replace("【", "").replace("】", "") in shown.text
        if "【" in ev["text"]:  # the stated figure is highlighted
            assert shown.find_element(By.TAG_NAME, "mark").text == ev["text"].split("【")[1].split("】")[0]
    assert len(card.find_elements(By.CSS_SELECTOR, "li.check")) == len(want["checks"])

    want2 = _expected(base_url, "那2023年呢？", [q1])
    card2 = _ask(browser, "那2023年呢？")
    assert want2["report"]["year"] == 2023 and want2["report"]["agency"] == want["report"]["agency"]
    assert card2.find_element(By.CSS_SELECTOR, ".figure").text.startswith(f"{int(want2['value']):,}")
    assert "2023" in card2.find_element(By.CSS_SELECTOR, "a.report-link").text


def test_a_computed_answer_shows_its_arithmetic_and_marks_every_cell_it_used(browser, base_url):
    browser.get(base_url + "/")
    question = "平潭综合实验区2024年政府信息公开行政诉讼有多少件？"
    want = _expected(base_url, question)
    assert want["source"]["kind"] == "computed" and len(want["inputs"]) == 2
    card = _ask(browser, question)
    assert want["source"]["quote"] in card.find_element(By.CSS_SELECTOR, ".arith").text
    marked = sorted(m.text for m in card.find_elements(By.CSS_SELECTOR, "td.marked"))
    assert marked == sorted(i["source"]["quote"] for i in want["inputs"])


def test_an_ambiguous_question_lists_candidates_to_pick_from(browser, base_url):
    browser.get(base_url + "/")
    question = "洪泽区行政复议总计多少件？"
    want = _expected(base_url, question)
    assert want["status"] == "ambiguous" and len(want["candidates"]) >= 2
    card = _ask(browser, question)
    buttons = card.find_elements(By.CSS_SELECTOR, "ul.candidates button")
    assert len(buttons) == len(want["candidates"])
    pick = want["candidates"][-1]["report"]
    next(b for b in buttons if str(pick["year"]) in b.text).click()
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg-a .status")) == 2)
    chosen = browser.find_elements(By.CSS_SELECTOR, ".msg-a")[-1]
    assert pick["title"] in chosen.find_element(By.CSS_SELECTOR, "a.report-link").text


def test_language_switch_and_examples(browser, base_url):
    browser.get(base_url + "/")
    assert browser.find_element(By.ID, "ask").text == "提问"
    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.ID, "ask").text == "Ask"
    assert browser.find_element(By.ID, "question").get_attribute("placeholder").startswith("e.g.")
    examples = WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#example-list button"))
    assert all(e.text.startswith(("How", "What")) for e in examples)
    examples[0].click()
    card = WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".msg-a .status"))[0]
    assert card.text in {"answered", "not reported", "not found", "ambiguous"}
    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.ID, "ask").text == "提问"


def test_open_a_report_from_the_list(browser, base_url):
    browser.get(base_url + "/")
    item = WebDriverWait(browser, 30).until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".report-item")))
    rid = item.get_attribute("data-id")
    title = httpx.get(f"{base_url}/api/reports/{rid}", timeout=30).json()["title"]
    item.click()
    WebDriverWait(browser, 30).until(EC.text_to_be_present_in_element((By.ID, "report-title"), title))
    assert browser.find_element(By.ID, "report-view").is_displayed()


def test_hostile_report_text_is_shown_as_text(browser, base_url, tmp_path):
    res = httpx.post(base_url + "/api/reports", headers={"Authorization": f"Bearer {TOKEN}"},
                     files={"file": ("<b>hostile</b>.txt", HOSTILE_REPORT.encode("utf-8"))}, timeout=UPLOAD_SECONDS)
    assert res.status_code == 200, res.text
    rid = res.json()["added"][0]["id"]
    browser.get(base_url + "/")
    item = WebDriverWait(browser, 30).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, f'.report-item[data-id="{rid}"]')))
    item.click()
    WebDriverWait(browser, 30).until(EC.text_to_be_present_in_element((By.ID, "report-body"), "<script>"))
    body = browser.find_element(By.ID, "report-body")
    assert "<img src=x onerror" in body.text
    assert not body.find_elements(By.TAG_NAME, "script") and not body.find_elements(By.TAG_NAME, "img")
    assert browser.execute_script("return window.__pwned === undefined")
    browser.find_element(By.ID, "close-report").click()
    assert not browser.find_element(By.ID, "report-view").is_displayed()

    # The same text as an answer's evidence is text too.
    card = _ask(browser, "平潭测试局2012年当面申请多少件？")
    assert "<script>window.__pwned = 1</script>" in card.text and "<img src=x onerror" in card.text
    assert not card.find_elements(By.TAG_NAME, "script") and not card.find_elements(By.TAG_NAME, "img")
    assert browser.execute_script("return window.__pwned === undefined")
    screenshot = Path(tmp_path) / "report.png"
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000


HOSTILE_NAME = '敌意"><img src=x onerror=window.__pwned=4>.txt'  # no "/": a name is cut at its last one
HOSTILE_TITLE = '2012年平潭敌意局政府信息公开年度报告"><img src=x onerror=alert(1)>'
HOSTILE_TEXT = f"""{HOSTILE_TITLE}
一、概述
2012年，本局收到申请"><script>window.__pwned = 5</script>12件，其中<img src=x onerror=alert(1)>当面申请5件。
二、依申请公开情况
本局全年受理政府信息公开申请12件。
"""
HOSTILE_QUESTIONS = ['平潭敌意局2012年当面申请多少件？"><img src=x onerror=window.__pwned=6>',
                     '"><script>window.__pwned=7</script><img src=x onerror=alert(1)>局2012年行政复议多少件？']


def _no_markup_was_made(browser, scripts: int) -> None:
    """No element the hostile strings could have made: no new script, no img, no handler attribute,
    nothing run (an alert would also fail the next command)."""
    assert len(browser.find_elements(By.TAG_NAME, "script")) == scripts
    assert not browser.find_elements(By.TAG_NAME, "img")
    assert not browser.find_elements(By.CSS_SELECTOR, "[onerror], [onload], [onclick]")
    assert browser.execute_script("return window.__pwned === undefined")


def test_hostile_file_name_title_text_and_question_are_shown_as_text(browser, base_url):
    """A report whose file name, title and text hold markup, and questions that echo it: every
    string is on the page as the characters it is, and none of it became an element."""
    res = httpx.post(base_url + "/api/reports", headers={"Authorization": f"Bearer {TOKEN}"},
                     files={"file": (HOSTILE_NAME, HOSTILE_TEXT.encode("utf-8"))}, timeout=UPLOAD_SECONDS)
    assert res.status_code == 200, res.text
    added = res.json()["added"][0]
    assert added["title"] == HOSTILE_TITLE  # the client sends the name's " as %22 (HTML's form encoding)
    assert added["path"].endswith("<img src=x onerror=window.__pwned=4>.txt"), added["path"]
    browser.get(base_url + "/")
    scripts = len(browser.find_elements(By.TAG_NAME, "script"))
    item = WebDriverWait(browser, 30).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, f'.report-item[data-id="{added["id"]}"]')))
    assert HOSTILE_TITLE in item.text or "平潭敌意局" in item.text
    _no_markup_was_made(browser, scripts)
    item.click()
    WebDriverWait(browser, 30).until(EC.text_to_be_present_in_element((By.ID, "report-title"), HOSTILE_TITLE))
    view = browser.find_element(By.ID, "report-view")
    assert added["path"] in view.text  # the file name, under the title
    assert '"><script>window.__pwned = 5</script>' in view.text
    _no_markup_was_made(browser, scripts)
    browser.find_element(By.ID, "close-report").click()

    answered = _ask(browser, HOSTILE_QUESTIONS[0])
    assert answered.find_element(By.CSS_SELECTOR, ".figure").text.startswith("5")
    assert HOSTILE_TITLE in answered.find_element(By.CSS_SELECTOR, "a.report-link").text
    asked = browser.find_elements(By.CSS_SELECTOR, ".msg-q")
    assert asked[-1].text.startswith(HOSTILE_QUESTIONS[0])
    _ask(browser, HOSTILE_QUESTIONS[1])
    assert browser.find_elements(By.CSS_SELECTOR, ".msg-q")[-1].text.startswith(HOSTILE_QUESTIONS[1])
    _no_markup_was_made(browser, scripts)
    answers = len(browser.find_elements(By.CSS_SELECTOR, ".msg-a .status"))
    browser.get(base_url + "/#q=" + quote(HOSTILE_QUESTIONS[0], safe=""))  # a shared link that asks it
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg-a .status")) > answers)
    assert browser.find_elements(By.CSS_SELECTOR, ".msg-q")[-1].text.startswith(HOSTILE_QUESTIONS[0])
    _no_markup_was_made(browser, scripts)
