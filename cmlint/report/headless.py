"""How to open a report in headless Chromium on a machine with no network (tests and benchmarks).

Without the background-networking flags Chromium keeps trying to reach Google's hosts, which a
closed network refuses many times a second; --no-sandbox is needed when running as root.
"""

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
