#!/usr/bin/env bash
# Set up reportqa on a fresh machine of this kind: a virtual environment in .venv with the CPU build
# of torch first (otherwise pip pulls a CUDA build of several GB), then the project and its test
# tools, and Debian's chromium + chromium-driver for the browser tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v pdftotext >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver poppler-utils >/dev/null
    else
        echo "setup: chromium and chromium-driver are missing (browser tests will be skipped): sudo apt-get install chromium chromium-driver" >&2
    fi
fi

# A CJK font, so that the page's screenshots (scripts/screenshot.py) show Chinese rather than boxes.
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk >/dev/null
    else
        echo "setup: no CJK font (screenshots show boxes for Chinese): sudo apt-get install fonts-noto-cjk" >&2
    fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q torch==2.13.0
.venv/bin/pip install -q -e '.[test]'
echo "setup: done (.venv ready)" >&2
