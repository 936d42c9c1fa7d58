"""The answer shapes and "understood as" on the chat page, in a real headless Chromium against a
real server (the fixtures of tests/test_browser.py)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

from tests.test_browser import _ask, _expected, base_url, browser  # noqa: E402,F401 (fixtures)

from selenium.webdriver.common.by import By  # noqa: E402


def test_a_series_is_a_table_and_a_line_chart_the_page_draws(browser, base_url):
    browser.get(base_url + "/")
    q = "平潭综合实验区2022年到2024年每年的行政诉讼分别是多少件？"
    want = _expected(base_url, q)
    assert want["shape"] == "series" and len(want["points"]) == 3
    card = _ask(browser, q)
    rows = card.find_elements(By.CSS_SELECTOR, "table.points tbody tr")
    cells = [[c.text for c in r.find_elements(By.CSS_SELECTOR, "th, td")][:2] for r in rows]
    assert cells == [[p["label"], f"{p['value']:,.0f}"] for p in want["points"]]
    chart = card.find_element(By.CSS_SELECTOR, "canvas.chart")
    assert "2023: 7" in chart.get_attribute("aria-label")
    # the canvas was drawn on: some pixel is not blank
    drawn = browser.execute_script(
        "const c = arguments[0]; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "for (let i = 3; i < d.length; i += 4) if (d[i]) return true; return false;", chart)
    assert drawn
    understood = card.find_element(By.CSS_SELECTOR, ".understood").text
    assert "平潭综合实验区" in understood and "2022、2023、2024" in understood


def test_a_list_is_a_table_and_junk_is_not_understood_with_examples(browser, base_url):
    browser.get(base_url + "/")
    card = _ask(browser, "平潭综合实验区2024年行政许可、行政处罚、行政强制分别是多少？")
    values = [r.find_elements(By.CSS_SELECTOR, "td")[0].text for r in card.find_elements(By.CSS_SELECTOR, "table.points tbody tr")]
    assert values == ["4,529", "1,100", "65"]
    assert not card.find_elements(By.CSS_SELECTOR, "canvas.chart")
    card = _ask(browser, "asdfgh")
    assert card.find_element(By.CSS_SELECTOR, ".status").get_attribute("class").split()[-1] == "not_understood"
    assert card.find_elements(By.CSS_SELECTOR, ".examples-inline button")
