#!/usr/bin/env python3
"""Drives headless Chromium through the DevTools protocol over a pipe (--remote-debugging-pipe),
with the standard library only: loads the preference page, checks it, fills and submits the digest
form, checks the page it lands on, and saves a screenshot; then asks for a fresh link on
/preferences/new-link as a player would (screenshot new-link-page.png beside the first).

usage: browser-test.py CHROMIUM PAGE_URL SCREENSHOT.png
       browser-test.py --frontend CHROMIUM SITE_URL SCREENSHOT.png
       browser-test.py --digest CHROMIUM DIGEST.html SCREENSHOT_PREFIX EXPECTED_TEXT...
The second form loads a deep link of the built app served by FRONTEND_DIR and checks that its
script ran and reached the API through the same origin. The third opens a digest's HTML part as a
mail client would show it, at 375 and 900 px wide (and 375 px in dark mode), checks that it needs no
script, image or other resource, never scrolls sideways and shows the expected texts, and saves
PREFIX-375.png, PREFIX-900.png and PREFIX-375-dark.png.
Exits non-zero with a message when anything on the page is not as expected.
"""
import base64
import fcntl
import json
import os
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="recordsw-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        args = [binary, "--headless=new", "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions", "--disable-background-networking",
                "--window-size=900,1400", f"--user-data-dir={self.profile}"]
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        # Chromium reads commands from fd 3 and writes replies and events to fd 4.
        # Move the child's ends above 4 first, so placing one never overwrites the other.
        low = (to_browser_r, from_browser_w)
        to_browser_r = fcntl.fcntl(low[0], fcntl.F_DUPFD, 10)
        from_browser_w = fcntl.fcntl(low[1], fcntl.F_DUPFD, 10)
        for fd in low:
            os.close(fd)

        def child_fds():
            os.dup2(to_browser_r, 3, inheritable=True)
            os.dup2(from_browser_w, 4, inheritable=True)

        self.process = subprocess.Popen(args, preexec_fn=child_fds, close_fds=False, stdout=subprocess.DEVNULL,
                                        stderr=open(os.path.join(self.profile, "stderr.log"), "w"))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_browser, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe (see its stderr.log in %s)" % self.profile)
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event.get("method") == method:
                    del self.events[index]
                    return event
            self.events.append(self._read_message(deadline))

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def expect(condition, message):
    if not condition:
        print(f"browser test FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def open_page(browser):
    target = browser.send("Target.createTarget", {"url": "about:blank"}, session=False)
    attached = browser.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                            session=False)
    browser.session = attached["sessionId"]
    browser.send("Page.enable")
    browser.send("Runtime.enable")
    browser.send("Log.enable")


def save_screenshot(browser, screenshot):
    shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    with open(screenshot, "wb") as file:
        file.write(base64.b64decode(shot["data"]))


def check_frontend(browser, site, screenshot):
    """A deep link of the built app: index.html, its hashed script and style, and /health same-origin."""
    open_page(browser)
    browser.send("Page.navigate", {"url": site + "/alerts/Hefest"})
    browser.wait_event("Page.loadEventFired")
    deadline = time.time() + 15
    while browser.evaluate("document.getElementById('root').dataset.api || ''") == "" and time.time() < deadline:
        time.sleep(0.1)
    text = browser.evaluate("document.body.innerText")
    expect(browser.evaluate("document.getElementById('root').dataset.api") == "OK",
           "the app did not reach /health through the same origin: " + text[:300])
    expect(browser.evaluate("document.getElementById('root').dataset.route") == "/alerts/Hefest",
           "the deep link did not reach the app's router")
    expect(browser.evaluate("document.title") == "recordsw frontend ready", "the app's script did not finish")
    expect(browser.evaluate("getComputedStyle(document.getElementById('root')).borderTopStyle") == "solid",
           "the hashed stylesheet did not apply")
    problems = [e for e in browser.events if e.get("method") == "Log.entryAdded"
                and e["params"]["entry"].get("level") == "error"]
    expect(not problems, "the browser logged errors: " + json.dumps(problems)[:600])
    save_screenshot(browser, screenshot)
    print(f"frontend browser test passed ({text.strip()}); screenshot in {screenshot}")


def check_digest(browser, path, prefix, expected):
    """A digest's HTML part at a phone's and a desktop's width, light and dark."""
    open_page(browser)
    url = "file://" + os.path.abspath(path)
    for width, dark in ((375, False), (900, False), (375, True)):
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600})
        browser.send("Emulation.setEmulatedMedia",
                     {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
        browser.send("Page.navigate", {"url": url})
        browser.wait_event("Page.loadEventFired")
        label = f"{path} at {width} px{' (dark)' if dark else ''}"
        expect(browser.evaluate("document.querySelectorAll('script, img, link, iframe, object, embed').length") == 0,
               f"{label}: the digest has scripts, images or external resources")
        expect(browser.evaluate("performance.getEntriesByType('resource').length") == 0,
               f"{label}: the digest loaded a resource")
        scroll = browser.evaluate("document.documentElement.scrollWidth")
        expect(scroll <= width, f"{label}: scrolls sideways ({scroll} px wide)")
        text = browser.evaluate("document.body.innerText")
        for piece in expected:
            expect(piece in text, f"{label}: does not show {piece!r}: {text[:500]}")
        background = browser.evaluate("getComputedStyle(document.body).backgroundColor")
        expect((background == "rgb(15, 19, 24)") == dark, f"{label}: background {background}")
        suffix = f"-{width}" + ("-dark" if dark else "")
        save_screenshot(browser, prefix + suffix + ".png")
    problems = [e for e in browser.events if e.get("method") == "Log.entryAdded"
                and e["params"]["entry"].get("level") == "error"]
    expect(not problems, "the browser logged errors: " + json.dumps(problems)[:600])
    print(f"digest browser test passed for {path}; screenshots {prefix}-375.png, {prefix}-900.png, "
          f"{prefix}-375-dark.png")


def check_new_link(browser, page_url, screenshot):
    """The fresh-link form a player reaches from an expired link: fill it in, land on the same answer."""
    browser.send("Page.navigate", {"url": page_url.rsplit("/", 1)[0] + "/new-link"})
    browser.wait_event("Page.loadEventFired")
    expect(browser.evaluate("document.title").startswith("Get a fresh preference link"),
           "the fresh-link page did not load: " + str(browser.evaluate("document.body && document.body.innerText")))
    expect(browser.evaluate("document.scripts.length") == 0, "the fresh-link page has scripts")
    browser.evaluate("""(() => {
        const form = document.querySelector('input[name=email]').form;
        form.querySelector('input[name=email]').value = 'player@example.com';
        form.querySelector('button[type=submit]').click();
    })()""")
    browser.wait_event("Page.loadEventFired")
    text = browser.evaluate("document.body.innerText")
    expect(browser.evaluate("location.search") == "?notice=sent", "not redirected back to the form (303): " + text[:300])
    expect("If an account uses that address" in text, "no answer after asking: " + text[:400])
    save_screenshot(browser, screenshot)


def main():
    if sys.argv[1] == "--digest":
        binary, path, prefix = sys.argv[2:5]
        browser = Browser(binary)
        try:
            check_digest(browser, path, prefix, sys.argv[5:])
        finally:
            browser.close()
        return
    if sys.argv[1] == "--frontend":
        binary, site, screenshot = sys.argv[2:5]
        browser = Browser(binary)
        try:
            check_frontend(browser, site, screenshot)
        finally:
            browser.close()
        return
    binary, url, screenshot = sys.argv[1:4]
    browser = Browser(binary)
    try:
        open_page(browser)
        browser.send("Page.navigate", {"url": url})
        browser.wait_event("Page.loadEventFired")
        expect(browser.evaluate("document.title").startswith("Notification preferences"),
               "the page did not load: " + str(browser.evaluate("document.body && document.body.innerText")))
        expect(browser.evaluate("document.scripts.length") == 0, "the page has scripts")
        # The inline style applies under the page's CSP (style-src 'unsafe-inline').
        expect(browser.evaluate("getComputedStyle(document.querySelector('section')).borderTopStyle") == "solid",
               "the inline CSS did not apply")
        expect(browser.evaluate("document.querySelector('input[name=digest][value=active]').checked"),
               "the digest is not shown as active")

        # Fill the digest form as a player would: pause, keep only mapper and improved news, Paris time.
        browser.evaluate("""(() => {
            const form = document.querySelector('input[name=action][value=settings]').form;
            form.querySelector('input[name=digest][value=paused]').click();
            const beaten = form.querySelector('input[name=beaten]');
            if (beaten.checked) beaten.click();
            form.querySelector('select[name=time_zone]').value = 'Europe/Paris';
            form.querySelector('button[type=submit]').click();
        })()""")
        browser.wait_event("Page.loadEventFired")
        text = browser.evaluate("document.body.innerText")
        expect("Your settings are saved." in text, "no confirmation after saving: " + text[:400])
        expect(browser.evaluate("location.search") == "?notice=saved", "not redirected back to the page (303)")
        expect(browser.evaluate("document.querySelector('input[name=digest][value=paused]').checked"),
               "the pause did not stick")
        expect(browser.evaluate("document.querySelector('select[name=time_zone]').value") == "Europe/Paris",
               "the time zone did not stick")
        expect("Dates are shown in Europe/Paris" in text, "the page does not name the zone")
        problems = [e for e in browser.events if e.get("method") == "Log.entryAdded"
                    and e["params"]["entry"].get("level") == "error"]
        expect(not problems, "the browser logged errors: " + json.dumps(problems)[:600])

        save_screenshot(browser, screenshot)
        new_link_shot = os.path.join(os.path.dirname(screenshot), "new-link-page.png")
        check_new_link(browser, url, new_link_shot)
        print(f"browser test passed; screenshots in {screenshot}, {new_link_shot}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
