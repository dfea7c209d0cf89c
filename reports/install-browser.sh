#!/usr/bin/env bash
# Installs headless Chromium and its driver from the distribution (Debian/Ubuntu), for the report's browser
# check (reports/src/test/java/dev/maplab/report/BrowserCheckTest.java). The test uses /usr/bin/chromium and
# /usr/bin/chromedriver and is skipped when they are absent; Selenium Manager is never asked to download.
# Usage: reports/install-browser.sh   (as root, or with sudo available); safe to run again.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1) and $(/usr/bin/chromedriver --version) already installed"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; install Chromium and chromedriver as /usr/bin/chromium and /usr/bin/chromedriver" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium chromium-driver
echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1) and $(/usr/bin/chromedriver --version)"
