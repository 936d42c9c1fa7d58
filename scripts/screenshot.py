"""Take docs/screenshot.png: the chat page after asking a question, in headless Chromium.

Starts ``server.py`` on loopback over the current collection (``REPORTQA_HOME``,
``REPORTQA_MODEL``), asks the question on the page, waits for the answer and saves a PNG of the
whole page. Needs Debian's ``chromium`` and ``chromium-driver`` and a CJK
font (``fonts-noto-cjk``).

    REPORTQA_HOME=... python scripts/screenshot.py [--question Q] [--follow-up Q2] [--out docs/screenshot.png]
    REPORTQA_HOME=... python scripts/screenshot.py --set docs/screens   # desktop and phone views
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "平潭综合实验区2024年本年新收政府信息公开申请数量是多少？"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict) -> subprocess.Popen:
    """``server.py`` on 127.0.0.1:``port``, returned once /api/health answers (exits if it never does)."""
    proc = subprocess.Popen([sys.executable, "server.py", "--port", str(port)], cwd=ROOT, env=env)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    proc.terminate()
    raise SystemExit("the server did not start: is there a collection at REPORTQA_HOME? (`reportqa ingest PATH`)")


def browser(width: int, height: int, profile: str):
    """Headless Chromium through chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        raise SystemExit("install Debian's chromium and chromium-driver first")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--window-size={width},{height}", f"--user-data-dir={profile}", "--force-device-scale-factor=1"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def ask_on_page(driver, question: str) -> None:
    """Type ``question`` into the page and wait until its answer card is rendered."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    count = len(driver.find_elements(By.CSS_SELECTOR, ".msg-a .status"))
    box = driver.find_element(By.ID, "question")
    box.clear()
    box.send_keys(question)
    driver.find_element(By.ID, "ask").click()
    WebDriverWait(driver, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg-a .status")) > count)


SET_QUESTIONS = {  # the screenshots of the issue-10 set: name -> question (None: the report view at a cell)
    "table": "平潭综合实验区2024年政府信息公开行政复议总计多少件？",
    "computed-two-tables": "平潭综合实验区2024年行政复议总计比2023年多多少件？",
    "series": "平潭综合实验区2019到2024年每年本年新收政府信息公开申请数量是多少？",
    "report-at-cell": None,
}
SET_SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def take_set(port: int, out: Path) -> list[Path]:
    """The set at 1366×900 and 390×844 (viewport shots, as a reader sees them): a table answer, a computed
    answer over two reports, a series, and the report view opened at a cited cell. Returns the files."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base = f"http://127.0.0.1:{port}"
    fact = httpx.get(base + "/api/facts", params={"agency": "平潭综合实验区", "year": 2024,
                                                  "key": "review.reconsideration.total"}).json()["rows"][0]
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SET_SIZES.items():
        with tempfile.TemporaryDirectory() as profile:
            driver = browser(width, height, profile)
            if width < 500:
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                       {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
            try:
                for name, question in SET_QUESTIONS.items():
                    if question is None:
                        driver.get(base + fact["cell_url"])
                        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "td.cited"))
                    else:
                        driver.get(base + "/")
                        ask_on_page(driver, question)
                        card = driver.find_elements(By.CSS_SELECTOR, ".msg-a")[-1]
                        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", card)
                    time.sleep(0.5)
                    path = out / f"{name}-{size}.png"
                    driver.save_screenshot(str(path))
                    written.append(path)
            finally:
                driver.quit()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, metavar="FOLDER",
                        help="take the set of screenshots (4 views × desktop and phone) into FOLDER instead")
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--follow-up", default="那2023年呢？", help="a second question asked after the first ('' for none)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()

    port = free_port()
    env = dict(os.environ)
    env.pop("REPORTQA_TOKEN", None)
    server = start_server(port, env)
    if args.set:
        try:
            for path in take_set(port, args.set):
                print(f"wrote {path}")
        finally:
            server.terminate()
            server.wait(timeout=20)
        return
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(args.width, 900, profile)
        try:
            driver.get(f"http://127.0.0.1:{port}/")
            ask_on_page(driver, args.question)
            if args.follow_up:
                ask_on_page(driver, args.follow_up)
            time.sleep(0.5)  # fonts and layout settle
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": args.width, "height": max(700, min(int(height), 4000)), "deviceScaleFactor": 1,
                "mobile": False})
            driver.execute_script("window.scrollTo(0, 0)")
            time.sleep(0.3)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.out))
        finally:
            driver.quit()
            server.terminate()
            server.wait(timeout=20)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
