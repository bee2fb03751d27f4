"""A crawl of the pages a person reaches by following links, for the browser tests.

Starting from the home page it follows the main menu, then from each page it reaches the
links inside ``<main>`` (tabs, a list's first record, a record's pages). A page is visited
once per *shape* of its path (digits folded: ``/people/17/`` and ``/people/18/`` are one
shape), so a list's first row stands for all of them and a new module's pages are crawled
without being named here. Downloads, actions that write and the language switch are not
followed.

``python -m tests.e2e.crawl URL`` crawls a running server (the demo) as each demo role and
prints what it finds; the e2e tests call :func:`crawl` on the live test server.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

# Never followed: writes, downloads and machine endpoints.
SKIP = re.compile(
    r"(/accounts/logout/|/language/|/admin/|/api/|\.(pdf|xlsx|csv|json|png|jpg)$"
    r"|/export|/errors\.|/template\.xlsx|/do/|/commit/|/progress/|/files/|/audit/history/)"
)

# What the browser measures on every page: horizontal scroll, and Persian-interface text.
MEASURE = r"""
() => {
  const doc = document.documentElement;
  const out = {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, wide: [],
               latinDigits: [], englishWords: [], smallTargets: []};
  // The widest elements, to say what overflows.
  if (doc.scrollWidth > window.innerWidth) {
    for (const el of document.querySelectorAll("main *, nav *")) {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 || r.left < -1) {
        out.wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ${Math.round(r.width)}px`);
        if (out.wide.length > 6) break;
      }
    }
  }
  if (doc.lang === "fa") {
    // Text meant to be Latin: inside a left-to-right run, code, the language switch, or
    // hidden from the person.
    const allowed = (node) => node.parentElement.closest(
      '[dir="ltr"], code, pre, script, style, noscript, [lang="en"], [data-latin], template, .visually-hidden, [hidden]');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const text = node.nodeValue.trim();
      if (!text || allowed(node)) continue;
      const style = getComputedStyle(node.parentElement);
      if (style.display === "none" || style.visibility === "hidden") continue;
      const where = node.parentElement.tagName.toLowerCase() +
        (node.parentElement.dataset.testid ? `[${node.parentElement.dataset.testid}]` : "");
      if (/[0-9]/.test(text)) out.latinDigits.push(`${where}: ${text.slice(0, 80)}`);
      const words = text.match(/[A-Za-z]{2,}/g);
      if (words) out.englishWords.push(`${where}: ${text.slice(0, 80)}`);
    }
    for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea, [placeholder]")) {
      const ph = el.getAttribute("placeholder") || "";
      if (/[0-9]/.test(ph) && !el.closest('[dir="ltr"]') && el.getAttribute("dir") !== "ltr") out.latinDigits.push(`placeholder: ${ph}`);
      // What a form shows in its boxes (a setting, a stored value) reads Persian too.
      const shown = el.tagName === "INPUT" && !["checkbox", "radio", "file", "submit", "button"].includes(el.type) ? el.value : "";
      if (/[0-9]/.test(shown) && el.getAttribute("dir") !== "ltr") out.latinDigits.push(`value of ${el.name}: ${shown}`);
    }
    for (const el of document.querySelectorAll("select option")) {
      const text = el.textContent.trim();
      if (/[A-Za-z]{2,}|^-+$|[0-9]/.test(text) && !el.closest('[dir="ltr"]')) out.englishWords.push(`option: ${text.slice(0, 60)}`);
    }
  }
  // Touch targets: visible buttons and form controls lower than 32 px.
  if (window.innerWidth < 576) {
    for (const el of document.querySelectorAll("main button, main .btn, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main select")) {
      const r = el.getBoundingClientRect();
      if (r.width && r.height && r.height < 32) out.smallTargets.push(`${el.tagName.toLowerCase()} ${el.textContent.trim().slice(0, 30)} ${Math.round(r.height)}px`);
    }
  }
  return out;
}
"""


@dataclass
class Visit:
    url: str
    status: int
    scroll_width: int = 0
    inner_width: int = 0
    wide: list[str] = field(default_factory=list)
    latin_digits: list[str] = field(default_factory=list)
    english_words: list[str] = field(default_factory=list)
    small_targets: list[str] = field(default_factory=list)

    @property
    def scrolls(self) -> bool:
        return self.scroll_width > self.inner_width


def shape(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def links_of(page, selector: str) -> list[str]:
    """The links to pages: a link marked ``download`` (a PDF, a workbook) is a file."""
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(el => !el.hasAttribute('download'))"
        ".map(el => el.getAttribute('href')).filter(h => h && !h.startsWith('#'))",
    )


def crawl(page, base_url: str, *, limit: int = 80) -> list[Visit]:
    """Visit every page reachable from the menu, and from each page the links in ``<main>``."""
    host = urlsplit(base_url).netloc
    seen: set[str] = set()
    queue: deque[str] = deque([urljoin(base_url, "/")])
    visits: list[Visit] = []
    first = True
    while queue and len(visits) < limit:
        url = queue.popleft()
        if shape(url) in seen:
            continue
        seen.add(shape(url))
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        status = response.status if response else 0
        visit = Visit(url=url, status=status)
        if status == 200 and "text/html" in (response.headers.get("content-type") or ""):
            found = page.evaluate(MEASURE)
            visit.scroll_width = found["scrollWidth"]
            visit.inner_width = found["innerWidth"]
            visit.wide = found["wide"]
            visit.latin_digits = found["latinDigits"]
            visit.english_words = found["englishWords"]
            visit.small_targets = found["smallTargets"]
            hrefs = links_of(page, "[data-testid=navbar] a") if first else []
            hrefs += links_of(page, "main a")
            for href in hrefs:
                target = urljoin(url, href)
                parts = urlsplit(target)
                if parts.netloc != host or SKIP.search(parts.path):
                    continue
                if shape(target) not in seen:
                    queue.append(target)
        first = False
        visits.append(visit)
    return visits


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROLES_ORDER = ["admin", "manager", "loans", "clerk", "county2403", "auditor", "press"]
DEMO_ROLES = ROLES_ORDER
DEMO_PASSWORD = "abadi-demo-1401"


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(urljoin(base_url, "/accounts/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(urljoin(base_url, "/"))


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    base_url = argv[1] if len(argv) > 1 else "http://127.0.0.1:8000"
    roles = argv[2].split(",") if len(argv) > 2 else DEMO_ROLES
    width = int(argv[3]) if len(argv) > 3 else 390
    problems = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        for role in roles:
            context = browser.new_context(locale="fa-IR", viewport={"width": width, "height": 844})
            page = context.new_page()
            log_in(page, base_url, role, DEMO_PASSWORD)
            for visit in crawl(page, base_url):
                notes = []
                if visit.status != 200:
                    notes.append(f"status {visit.status}")
                if visit.scrolls:
                    notes.append(f"scroll {visit.scroll_width}>{visit.inner_width} {visit.wide}")
                if visit.latin_digits:
                    notes.append(f"latin {visit.latin_digits[:4]}")
                if visit.english_words:
                    notes.append(f"english {visit.english_words[:4]}")
                if visit.small_targets:
                    notes.append(f"small {visit.small_targets[:3]}")
                problems += bool(notes)
                print(f"{role:10} {urlsplit(visit.url).path:40} {'; '.join(notes) or 'ok'}")
            context.close()
        browser.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
