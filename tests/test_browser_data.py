"""The page as data people expect it, in a real headless Chromium against a real server, at a desktop
(1366×900) and a phone (390×844) size: the report view opened at a cited cell, tables labelled with
agency and year, permalinks, citations and CSV links; and /docs rendered with the network blocked."""
from __future__ import annotations

import csv
import io
from urllib.parse import quote

import httpx
import pytest

pytestmark = pytest.mark.slow

from tests.test_browser import CHROMEDRIVER, CHROMIUM, _ask, _expected, base_url  # noqa: E402,F401 (fixture)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def _driver(profile, width: int, height: int, offline: bool = False):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--window-size={width},{height}", f"--user-data-dir={profile}", "--force-device-scale-factor=1"]
    if offline:  # every host but the server's own is unreachable: a CDN would fail to load
        flags.append("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    for flag in flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    if width < 500:  # a phone: the layout viewport is the phone's, not the window's minimum
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    return driver


@pytest.fixture(scope="module", params=sorted(SIZES))
def sized(request, tmp_path_factory):
    width, height = SIZES[request.param]
    driver = _driver(tmp_path_factory.mktemp("chrome"), width, height)
    yield driver
    driver.quit()


def _in_view(driver, element) -> bool:
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;", element)


def _lines(driver, element) -> int:
    """How many lines the text of ``element`` takes as rendered (one client rect a line box)."""
    return driver.execute_script(
        "const range = document.createRange(); range.selectNodeContents(arguments[0]);"
        "return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;",
        element)


def _headers_readable(driver, grid) -> None:
    """Every column header of ``grid`` takes at most three lines: never a character a line on a phone."""
    headers = [th for th in grid.find_elements(By.CSS_SELECTOR, "thead th") if th.text.strip()]
    assert headers
    lines = {th.text: _lines(driver, th) for th in headers}
    assert max(lines.values()) <= 3, lines
    assert all(n == 1 for text, n in lines.items() if len(text) <= 4), lines  # 结果维持, 总计: one line


def test_the_report_view_opens_at_the_cited_cell_and_marks_it(sized, base_url):
    facts = httpx.get(base_url + "/api/facts", params={"agency": "淮安市洪泽区人民政府", "year": 2023,
                                                       "key": "review.litigation_after_review.total"}, timeout=30).json()["rows"]
    fact = facts[0]
    sized.get(base_url + fact["cell_url"])
    cell = WebDriverWait(sized, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "td.cited"))[0]
    assert cell.get_attribute("data-cell") == f"{fact['table']}.r{fact['row_index']}c{fact['column_index']}"
    assert cell.get_attribute("id") == f"cell-{fact['table']}.r{fact['row_index']}c{fact['column_index']}"
    assert cell.text == fact["raw"] and "marked" in cell.get_attribute("class")
    assert _in_view(sized, cell)  # scrolled into view, on a phone too
    _headers_readable(sized, cell.find_element(By.XPATH, "ancestor::table[1]"))
    header = sized.find_element(By.CSS_SELECTOR, "header h1")
    assert header.size["height"] < 40  # one line, never a character a line


def test_an_answer_links_to_its_cell_and_has_a_permalink_citation_and_csv(sized, base_url):
    sized.get(base_url + "/")
    question = "平潭综合实验区2024年政府信息公开行政复议总计多少件？"
    want = _expected(base_url, question)
    card = _ask(sized, question)
    # the answer's own grid, its cell marked, shown within the grid (a wide table scrolls to it on a phone)
    grid = card.find_element(By.CSS_SELECTOR, ".table-box table.grid")
    marked = grid.find_elements(By.CSS_SELECTOR, "td.marked")
    assert grid.is_displayed() and [m.text for m in marked] == [want["source"]["quote"]]
    cell = want["source"]["cell"]
    assert marked[0].get_attribute("data-cell") == f"{cell['table']}.r{cell['row_index']}c{cell['column_index']}"
    sized.execute_script("arguments[0].scrollIntoView({block: 'center'})", marked[0])
    assert marked[0].is_displayed() and _in_view(sized, marked[0])
    inside = sized.execute_script(
        "const g = arguments[0].getBoundingClientRect(), c = arguments[1].getBoundingClientRect();"
        "return c.width > 0 && c.left >= g.left - 1 && c.right <= g.right + 1;", grid, marked[0])
    assert inside
    _headers_readable(sized, grid)
    permalink = card.find_element(By.CSS_SELECTOR, ".tools a.permalink").get_attribute("href")
    assert permalink.endswith("/#q=" + quote(question, safe=""))
    assert card.find_element(By.CSS_SELECTOR, ".tools .cite").is_displayed()
    text = sized.execute_script("return citation(arguments[0], 'LINK')", want)
    assert want["report"]["title"] in text and "LINK" in text
    assert all(want["source"][part] in text for part in ("table", "row", "column"))  # report, table, row, column
    # the copy button copies that citation, with the answer's permalink
    sized.execute_script("window.__copied = null; navigator.clipboard.writeText = async (t) => { window.__copied = t; };")
    card.find_element(By.CSS_SELECTOR, ".tools .cite").click()
    copied = WebDriverWait(sized, 10).until(lambda d: d.execute_script("return window.__copied"))
    assert copied.startswith(question) and want["source"]["row"] in copied and copied.endswith(permalink)
    on_a_page = _expected(base_url, "淮安市2024年政府信息公开行政复议总计多少件？")  # a PDF's cell: its page too
    paged = sized.execute_script("return citation(arguments[0], 'LINK')", on_a_page)
    assert on_a_page["source"]["page"] and str(on_a_page["source"]["page"]) in paged.split("\n")[1]
    font = sized.execute_script("return getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Noto Sans CJK SC"'), font  # a CJK font stack (scripts/setup.sh installs it)
    checks = card.find_elements(By.CSS_SELECTOR, "li.check")
    assert checks and all(c.get_attribute("title") in {x["name"] for x in want["checks"]} for c in checks)
    assert all("[" not in c.text.split(":")[0] for c in checks)  # plain language; the internal name on hover
    card.find_element(By.CSS_SELECTOR, "a.report-link").click()
    cell = WebDriverWait(sized, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#report-body td.cited"))[0]
    assert cell.get_attribute("data-cell").endswith(f"r{want['source']['cell']['row_index']}"
                                                    f"c{want['source']['cell']['column_index']}")
    assert _in_view(sized, cell)
    sized.get(permalink)  # the permalink asks the question again
    again = WebDriverWait(sized, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".msg-a .figure"))[0]
    assert again.text.startswith(f"{int(want['value']):,}")


def test_a_computed_answer_over_two_reports_labels_each_table(sized, base_url):
    sized.get(base_url + "/")
    question = "平潭综合实验区2024年行政复议总计比2023年多多少件？"
    want = _expected(base_url, question)
    years = sorted({i["report"]["year"] for i in want["inputs"]})
    if want["status"] != "answered" or len(years) < 2:
        pytest.skip(f"the answering core reads this question otherwise ({want['status']})")
    card = _ask(sized, question)
    titles = [t.text for t in card.find_elements(By.CSS_SELECTOR, ".table-title")]
    assert len(titles) == 2 and all("平潭综合实验区" in t for t in titles)
    assert sorted(int(t.split(" · ")[1]) for t in titles) == years


def test_a_series_answer_has_a_csv_link_that_downloads_its_points(sized, base_url):
    sized.get(base_url + "/")
    question = "平潭综合实验区2019到2024年每年本年新收政府信息公开申请数量是多少？"
    card = _ask(sized, question)
    link = card.find_element(By.CSS_SELECTOR, ".tools a.csv").get_attribute("href")
    res = httpx.get(link, timeout=30)
    assert res.status_code == 200 and res.content.startswith(b"\xef\xbb\xbf")
    assert res.content.decode("utf-8-sig").count("\n") == 1 + len(card.find_elements(By.CSS_SELECTOR, "table.points tbody tr"))


def test_a_ranking_answer_has_a_csv_link_that_downloads_its_agencies(sized, base_url):
    sized.get(base_url + "/")
    question = "2024年哪些机关本年新收政府信息公开申请最多？前5"
    want = _expected(base_url, question)
    assert want["shape"] == "ranking" and len(want["points"]) == 5
    card = _ask(sized, question)
    shown = [r.find_element(By.CSS_SELECTOR, "th").text for r in card.find_elements(By.CSS_SELECTOR, "table.points tbody tr")]
    assert shown == [f"{i}. {p['label']}" for i, p in enumerate(want["points"], 1)]
    link = card.find_element(By.CSS_SELECTOR, ".tools a.csv").get_attribute("href")
    res = httpx.get(link, timeout=30)
    assert res.status_code == 200 and res.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert [(r["label"], int(r["value"])) for r in rows] == [(p["label"], p["value"]) for p in want["points"]]


@pytest.mark.parametrize("question, value, unit", [
    ("平潭综合实验区2024年依申请公开中予以公开占比多少？", "32.57", "%"),  # a share: two decimals
    ("平潭综合实验区2024年本年收费金额是多少？", "18,651.06", "万元"),  # the table prints 万元
    ("上海市人民政府办公厅2019年采购总金额是多少？", "251,000", "元"),  # the table prints 元
    ("2024年哪些机关本年新收政府信息公开申请最多？前5", "3,119", "件"),  # a count: thousands grouped
])
def test_figures_show_as_the_report_prints_them(sized, base_url, question, value, unit):
    sized.get(base_url + "/")
    want = _expected(base_url, question)
    assert want["status"] == "answered" and isinstance(want["value"], (int, float))  # the JSON keeps it raw
    card = _ask(sized, question)
    assert card.find_element(By.CSS_SELECTOR, ".figure .value").text == value
    assert card.find_element(By.CSS_SELECTOR, ".figure .unit").text == unit
    for row, point in zip(card.find_elements(By.CSS_SELECTOR, "table.points tbody tr"), want["points"]):
        cells = [c.text for c in row.find_elements(By.CSS_SELECTOR, "td")]
        assert cells[:2] == list(sized.execute_script("return figure(...arguments)", point["value"], point["unit"],
                                                      point["source"]))


def test_swagger_ui_and_redoc_render_with_the_network_blocked(base_url, tmp_path):
    driver = _driver(tmp_path / "offline", 1366, 900, offline=True)
    try:
        driver.get(base_url + "/docs")
        blocked = driver.execute_async_script(  # a CDN is really out of reach
            "const done = arguments[arguments.length - 1];"
            "fetch('https://cdn.jsdelivr.net/npm/swagger-ui-dist/', {mode: 'no-cors'}).then(() => done(false), () => done(true));")
        assert blocked
        ops = WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".swagger-ui .opblock"))
        assert len(ops) >= 8
        assert "/api/facts" in driver.find_element(By.CSS_SELECTOR, ".swagger-ui").text
        driver.get(base_url + "/redoc")
        WebDriverWait(driver, 60).until(lambda d: "/api/facts" in d.find_element(By.TAG_NAME, "body").text)
    finally:
        driver.quit()
