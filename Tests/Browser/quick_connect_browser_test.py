#!/usr/bin/env python3
"""Quick Connect in a real browser: headless Chromium driven by Selenium against a real `devhub serve`.

Usage: DEVHUB_BINARY=/path/to/devhub python3 Tests/Browser/quick_connect_browser_test.py
(DEVHUB_BINARY defaults to .build/debug/devhub in the package.) Needs Debian's `chromium` and
`chromium-driver` and the `selenium` Python package (`make test-deps` installs them).

What a person does, end to end:
- the owner logs in through /app/login, creates a code on /app/connect and sees its form URL and QR code;
- a visitor (a fresh browser: no cookies) opens the form, fills in their name from GitHub (a local fixture
  stands in for api.github.com), cannot send without consent, does not see the honeypot, and sends the form;
- the owner finds the visitor in /app/contacts and a Quick Connect badge on the dashboard.

Every wait is bounded; nothing asserts on timing. Exits 1 with the server's log tail when a check fails.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PACKAGE = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
OWNER_EMAIL = "owner@example.test"
OWNER_PASSWORD = "correct horse battery 2026"
EVENT = "DevConf Browser Test"
LOCATION = "Hall B, Brno"
SESSION = "Browsers all the way down"
WAIT = 15  # seconds: the bound on every wait for the browser or the server


class CheckFailed(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def devhub_binary():
    path = os.environ.get("DEVHUB_BINARY") or ".build/debug/devhub"
    if not os.path.isabs(path):
        path = os.path.join(PACKAGE, path)
    check(os.access(path, os.X_OK), f"no devhub binary at {path} (build it, or set DEVHUB_BINARY)")
    return path


def child_environment():
    """Ours without DEVHUB_* (only explicit flags configure the binary) and without a real GitHub token."""
    return {k: v for k, v in os.environ.items() if not k.startswith("DEVHUB_") and k != "GITHUB_TOKEN"}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, limit=4000):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()[-limit:]
    except OSError as error:
        return f"(no log: {error})"


# Plain urllib, never through a proxy from the environment: everything here is on the loopback interface.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_status(url):
    try:
        with _opener.open(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Site:
    """A throwaway site like the Swift tests' TempSite, with the GitHub fixture and `devhub serve` running."""

    def __init__(self):
        self.devhub = devhub_binary()
        self.root = tempfile.mkdtemp(prefix="devhub-browser-")
        self.content = os.path.join(self.root, "content")
        self.templates = os.path.join(self.root, "site-templates")
        self.profiles = os.path.join(self.root, "profiles")
        self.db = os.path.join(self.root, "devhub.sqlite")
        self.out = os.path.join(self.root, "output")
        self.mail = os.path.join(self.root, "mail")
        self.server_log = os.path.join(self.root, "serve.log")
        self.fixture_log = os.path.join(self.root, "github-fixture.log")
        self.fixture_output = os.path.join(self.root, "github-fixture.out")
        self.server = None
        self.fixture = None
        self.port = None
        self.fixture_port = None

    @property
    def app_url(self):
        return f"http://127.0.0.1:{self.port}"

    def prepare(self):
        os.makedirs(self.content)
        os.makedirs(self.mail)
        shutil.copy(os.path.join(PACKAGE, "content", "site.yml"), os.path.join(self.content, "site.yml"))
        shutil.copytree(os.path.join(PACKAGE, "content", "pages"), os.path.join(self.content, "pages"))
        shutil.copytree(os.path.join(PACKAGE, "site-templates"), self.templates)
        shutil.copytree(os.path.join(PACKAGE, "content", "profiles"), self.profiles)
        self.port = free_port()
        self.run("import", self.profiles, "--db", self.db)
        self.run("build", "--db", self.db, "--out", self.out, "--base-url", self.app_url, "--app-url", self.app_url,
                 "--content", self.content, "--templates", self.templates)
        self.run("user", "create", "--db", self.db, "--email", OWNER_EMAIL, "--password", OWNER_PASSWORD, "--verified")

    def run(self, *arguments):
        result = subprocess.run([self.devhub, *arguments], cwd=self.root, env=child_environment(),
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180)
        check(result.returncode == 0,
              f"`devhub {' '.join(arguments)}` exited {result.returncode}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")

    def start_fixture(self):
        script = os.path.join(PACKAGE, "Tests", "Fixtures", "github_fixture_server.py")
        check(os.path.exists(script), f"the GitHub fixture {script} is missing")
        self.fixture_port = free_port()
        with open(self.fixture_output, "wb") as output:
            self.fixture = subprocess.Popen([sys.executable, script, str(self.fixture_port), self.fixture_log],
                                            cwd=self.root, env=child_environment(), stdin=subprocess.DEVNULL,
                                            stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            check(self.fixture.poll() is None,
                  f"the GitHub fixture exited {self.fixture.returncode}:\n{tail(self.fixture_output)}")
            try:
                socket.create_connection(("127.0.0.1", self.fixture_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise CheckFailed(f"the GitHub fixture never listened on port {self.fixture_port}:\n{tail(self.fixture_output)}")

    def start_server(self):
        arguments = [
            self.devhub, "serve", "--db", self.db, "--out", self.out, "--port", str(self.port),
            "--base-url", self.app_url, "--app-url", self.app_url, "--mail-dir", self.mail,
            "--content", self.content, "--templates", self.templates,
            "--github-api-url", f"http://127.0.0.1:{self.fixture_port}",
        ]
        with open(self.server_log, "wb") as log:
            self.server = subprocess.Popen(arguments, cwd=self.root, env=child_environment(), stdin=subprocess.DEVNULL,
                                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60  # startup runs a full build
        while time.monotonic() < deadline:
            if http_status(self.app_url + "/healthz") == 200:
                return
            check(self.server.poll() is None, f"`devhub serve` exited {self.server.returncode} before /healthz answered")
            time.sleep(0.1)
        raise CheckFailed(f"`devhub serve` never answered /healthz on port {self.port}")

    @staticmethod
    def _stop(process):
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def stop(self):
        self._stop(self.server)
        self._stop(self.fixture)

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


def new_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-proxy-server",
                     "--window-size=1280,1000", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(WAIT)
    return driver


def wait_for(driver, condition, message):
    """Waits (bounded) until `condition(driver)` is truthy; `message` may be a function, read only on failure."""
    try:
        return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(condition)
    except TimeoutException:
        text = message() if callable(message) else message
        raise CheckFailed(f"{text} (waited {WAIT} s; page {driver.current_url})") from None


def body_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def submit_button(driver, form):
    """The form's submit button (a <button> without a type is one too), never the GitHub prefill button."""
    button = driver.execute_script(
        "return Array.from(arguments[0].elements).find(e => e.type === 'submit' && e.id !== 'github-prefill') || null;",
        form)
    check(button is not None, f"no submit button in the form on {driver.current_url}")
    return button


def tick(driver, checkbox):
    """Ticks a checkbox as a person would: the box itself, or its label when the box is styled away."""
    if checkbox.is_displayed():
        checkbox.click()
    else:
        labels = checkbox.find_elements(By.XPATH, "./ancestor::label")
        if not labels and checkbox.get_attribute("id"):
            labels = driver.find_elements(By.CSS_SELECTOR, f"label[for='{checkbox.get_attribute('id')}']")
        check(bool(labels), "the consent checkbox is hidden and has no label to click")
        labels[0].click()
    check(checkbox.is_selected(), "clicking the consent checkbox did not tick it")


# MARK: The steps


def log_in(owner, site):
    owner.get(site.app_url + "/app/login")
    form = owner.find_element(By.CSS_SELECTOR, "form[action='/app/login']")
    form.find_element(By.NAME, "email").send_keys(OWNER_EMAIL)
    form.find_element(By.NAME, "password").send_keys(OWNER_PASSWORD)
    submit_button(owner, form).click()
    wait_for(owner, lambda d: "/app/login" not in d.current_url, "logging in did not leave /app/login")
    check("Signed in as" in body_text(owner) and OWNER_EMAIL in body_text(owner),
          f"after logging in, {owner.current_url} does not say 'Signed in as {OWNER_EMAIL}'")


def create_code(owner, site):
    """Creates a code through the /app/connect form; returns (form URL, token)."""
    owner.get(site.app_url + "/app/connect")
    forms = [f for f in owner.find_elements(By.CSS_SELECTOR, "form[method='post'], form[method='POST']")
             if (f.get_attribute("action") or "").rstrip("/").endswith("/app/connect")]
    check(len(forms) == 1, f"/app/connect has {len(forms)} forms posting to /app/connect, expected the create form")
    form = forms[0]
    form.find_element(By.NAME, "event").send_keys(EVENT)
    form.find_element(By.NAME, "location").send_keys(LOCATION)
    form.find_element(By.NAME, "session").send_keys(SESSION)
    submit_button(owner, form).click()
    detail = re.compile(re.escape(site.app_url) + r"/app/connect/([^/?#]+)/?(?:[?#].*)?$")
    wait_for(owner, lambda d: detail.match(d.current_url) is not None,
             "creating a code did not land on /app/connect/{id}")
    check(EVENT in body_text(owner), f"the code's page {owner.current_url} does not show the event {EVENT!r}")

    form_url_pattern = re.compile(re.escape(site.app_url) + r"/connect/([0-9a-f]{32})/$")
    links = [a.get_attribute("href") for a in owner.find_elements(By.CSS_SELECTOR, "a[href*='/connect/']")]
    form_urls = sorted({href for href in links if href and form_url_pattern.match(href)})
    check(len(form_urls) == 1, f"the code's page links {len(form_urls)} form URLs like {site.app_url}/connect/TOKEN/ "
                               f"(links to /connect/: {links})")
    form_url = form_urls[0]
    token = form_url_pattern.match(form_url).group(1)
    check(form_url in body_text(owner), f"the code's page does not show the form URL {form_url} as text")

    qr = owner.find_element(By.CSS_SELECTOR, "img.connect-qr")
    check(qr.get_attribute("src") == f"{site.app_url}/connect/{token}/qr.svg",
          f"img.connect-qr has src {qr.get_attribute('src')!r}, expected {site.app_url}/connect/{token}/qr.svg")
    loaded = "return arguments[0].complete && arguments[0].naturalWidth > 0;"
    wait_for(owner, lambda d: d.execute_script(loaded, qr), "the QR code image did not load (naturalWidth 0)")
    return form_url, token


def visitor_connects(visitor, site, form_url, token):
    visitor.get(form_url)
    check(visitor.current_url == form_url, f"the form URL {form_url} ended on {visitor.current_url}")
    states = visitor.find_elements(By.CSS_SELECTOR, "main.connect[data-state='active']")
    check(len(states) == 1, "the form page has no <main class=\"connect\" data-state=\"active\">")
    text = body_text(visitor)
    for expected in (EVENT, LOCATION, SESSION):
        check(expected in text, f"the form page does not show {expected!r}")

    form = visitor.find_element(By.CSS_SELECTOR, f"form[action='{site.app_url}/connect/{token}']")
    field = lambda name: form.find_element(By.NAME, name)

    # The honeypot is there for bots, not for people.
    check(not field("website").is_displayed(), "the honeypot field `website` is visible to a person")

    # Fill in from GitHub.
    field("github").send_keys("octocat")
    visitor.find_element(By.ID, "github-prefill").click()
    wait_for(visitor, lambda d: field("name").get_attribute("value") == "The Octocat",
             lambda: "the GitHub prefill did not put 'The Octocat' into `name` "
                     f"(it holds {field('name').get_attribute('value')!r}); "
                     f"#github-preview says {visitor.find_element(By.ID, 'github-preview').text!r}")
    preview = visitor.find_element(By.ID, "github-preview").text
    check("San Francisco" in preview or "@github" in preview,
          f"#github-preview shows neither company nor location of octocat: {preview!r}")

    # The visitor writes their own name, an email and a note.
    field("name").clear()
    field("name").send_keys("Visitor Person")
    field("email").send_keys("visitor@example.test")
    field("note").send_keys("We talked about headless browsers.")

    # Without consent the browser does not send the form (the checkbox is `required`).
    consent = field("consent")
    check(not consent.is_selected(), "the consent checkbox is ticked before the visitor ticks it")
    visitor.execute_script("window.__stillHere = true;")
    submit_button(visitor, form).click()
    check(visitor.current_url == form_url, f"sending without consent navigated to {visitor.current_url}")
    check(visitor.execute_script("return window.__stillHere === true;"), "sending without consent reloaded the page")
    check(visitor.execute_script("return arguments[0].validity.valueMissing;", consent),
          "the consent checkbox does not report a missing value (is it `required`?)")

    # With consent it goes through.
    tick(visitor, consent)
    submit_button(visitor, form).click()
    wait_for(visitor, lambda d: "Thank you" in body_text(d), "sending the form did not show the thank-you page")


def owner_sees_contact(owner, site):
    deadline = time.monotonic() + WAIT
    while True:
        owner.get(site.app_url + "/app/contacts")
        names = [a.text for a in owner.find_elements(By.CSS_SELECTOR, "table.contacts a[href^='/app/contacts/']")]
        if "Visitor Person" in names:
            break
        check(time.monotonic() < deadline, f"/app/contacts never listed 'Visitor Person' (waited {WAIT} s); names: {names}")
        time.sleep(0.2)
    check(names.count("Visitor Person") == 1, f"/app/contacts lists 'Visitor Person' {names.count('Visitor Person')} times")

    owner.get(site.app_url + "/app/dashboard")
    nav_link = "//nav[contains(concat(' ', normalize-space(@class), ' '), ' app-nav ')]//a[contains(., 'Quick Connect')]"
    links = owner.find_elements(By.XPATH, nav_link)
    check(len(links) == 1, f"the dashboard nav has {len(links)} 'Quick Connect' links")
    badges = links[0].find_elements(By.CSS_SELECTOR, "span.badge[data-count]")
    check(len(badges) == 1, f"the dashboard's Quick Connect link has no badge: {links[0].get_attribute('outerHTML')}")
    check(badges[0].get_attribute("data-count") == "1" and badges[0].text.strip() == "1",
          f"the Quick Connect badge should count 1 new contact: {badges[0].get_attribute('outerHTML')}")

    # Opening Quick Connect clears the badge.
    links[0].click()
    wait_for(owner, lambda d: d.current_url.rstrip("/").endswith("/app/connect"), "the Quick Connect link did not open /app/connect")
    owner.get(site.app_url + "/app/dashboard")
    links = owner.find_elements(By.XPATH, nav_link)
    check(len(links) == 1 and not links[0].find_elements(By.CSS_SELECTOR, "span.badge[data-count]"),
          "the Quick Connect badge is still on the dashboard after opening /app/connect")


# MARK: Running


def describe(driver, who):
    lines = []
    try:
        lines.append(f"--- {who}'s browser at {driver.current_url}")
        lines.append(driver.page_source[:3000])
        for entry in driver.get_log("browser")[-20:]:
            lines.append(f"console {entry.get('level')}: {entry.get('message')}")
    except WebDriverException as error:
        lines.append(f"(could not read the {who}'s browser: {error.msg})")
    return "\n".join(lines)


def main():
    started = time.monotonic()
    site = owner = visitor = None
    failed = True
    try:
        site = Site()
        site.prepare()
        site.start_fixture()
        site.start_server()
        owner = new_browser()
        log_in(owner, site)
        form_url, token = create_code(owner, site)
        visitor = new_browser()
        visitor_connects(visitor, site, form_url, token)
        owner_sees_contact(owner, site)
        failed = False
    except Exception as error:  # noqa: BLE001 - every failure is reported the same way
        if isinstance(error, CheckFailed):
            print(f"FAIL: {error}", file=sys.stderr)
        else:
            traceback.print_exc()
        for driver, who in ((owner, "owner"), (visitor, "visitor")):
            if driver is not None:
                print(describe(driver, who), file=sys.stderr)
    finally:
        for driver in (visitor, owner):
            if driver is not None:
                try:
                    driver.quit()
                except Exception:  # noqa: BLE001 - cleaning up
                    pass
        if site is not None:
            site.stop()
            logs = (f"--- devhub serve log (tail):\n{tail(site.server_log)}\n"
                    f"--- GitHub fixture log (tail):\n{tail(site.fixture_log, 2000)}\n{tail(site.fixture_output, 2000)}")
            site.remove()
            if failed:
                print(logs, file=sys.stderr)
    if failed:
        return 1
    print(f"quick_connect_browser_test: OK ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
