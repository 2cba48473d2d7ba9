"""The pages in a real browser: Debian's chromium, driven headless by selenium
through /usr/bin/chromedriver, against a server on a loopback port.

The server is `[CRAMPWISE_BIN or target/debug/crampwise] serve --addr
127.0.0.1:0`, or the shell-split command in CRAMPWISE_SERVE_CMD; its first
stderr line is `crampwise serve: listening on http://HOST:PORT`.
Screenshots and PDFs go to $CRAMPWISE_ARTIFACTS (default: a temporary
directory). Outside CI (CI unset) the tests skip when chromium or
chromedriver is missing; in CI they fail instead (.ci/run installs them).
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
LISTENING = re.compile(r"^crampwise serve: listening on (http://\S+)$")

_missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
if _missing:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests need {', '.join(_missing)} (apt-get install chromium chromium-driver)")
    pytest.skip(
        f"{', '.join(_missing)} not found: install Debian's chromium and chromium-driver to run the browser tests "
        "(in CI they are installed and never skipped)",
        allow_module_level=True,
    )

from pypdf import PdfReader  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: E402
from selenium.webdriver import Chrome as WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

# Answers as a person gives them: the question's form name and the value(s)
# chosen. They make examples/night-cramps.json and examples/warning-signs.json.
Answers = List[Tuple[str, str]]

NIGHT_CRAMPS: Answers = [
    ("age", "63"),
    ("sex", "male"),
    ("pregnancy", "none"),
    ("cramps.per_week", "3"),
    ("cramps.timing", "night"),
    ("cramps.sites", "calf"),
    ("cramps.sites", "foot"),
    ("cramps.severity", "5"),
    ("cramps.weeks", "12"),
    ("symptoms", "poor_sleep"),
    ("lifestyle.exercise_per_week", "2"),
    ("lifestyle.caffeine_cups_per_day", "4"),
    ("lifestyle.stress", "6"),
    ("lifestyle.sitting_hours_per_day", "7"),
    ("lifestyle.diet", "standard"),
    ("conditions", "none_of_these"),
    ("medications", "none_of_these"),
    ("supplements", "none"),
    ("jurisdiction", "us"),
]

WARNING_SIGNS: Answers = [
    ("age", "48"),
    ("sex", "female"),
    ("cramps.per_week", "4"),
    ("cramps.sites", "calf"),
    ("cramps.one_sided", "true"),
    ("symptoms", "leg_swelling"),
    ("symptoms", "leg_redness_warmth"),
    ("conditions", "none_of_these"),
    ("medications", "thiazide_diuretic"),
]

PROFILES = {
    "night-cramps": (NIGHT_CRAMPS, ROOT / "examples" / "night-cramps.json"),
    "warning-signs": (WARNING_SIGNS, ROOT / "examples" / "warning-signs.json"),
}


def _artifacts() -> Path:
    where = os.environ.get("CRAMPWISE_ARTIFACTS") or tempfile.mkdtemp(prefix="crampwise-artifacts-")
    path = Path(where)
    path.mkdir(parents=True, exist_ok=True)
    return path


ARTIFACTS = _artifacts()


def _cli() -> str:
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    return os.environ.get("CRAMPWISE_BIN") or str(target / "debug" / "crampwise")


def _post(url: str, body: bytes, content_type: str) -> Tuple[str, Dict[str, str]]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=10) as response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        return response.read().decode(), headers


def _expected_json(server: "Server", profile: Path) -> str:
    """The plan's JSON from the service's API (byte for byte the command line's,
    as the service's own tests check): what the page must show and download."""
    text, _ = _post(server.url + "/v1/recommend", profile.read_bytes(), "application/json")
    return text


def _expected_plan(server: "Server", profile: Path) -> Dict[str, Any]:
    plan: Dict[str, Any] = json.loads(_expected_json(server, profile))
    return plan


class Server:
    """The service on a free loopback port; its stderr is drained in a thread."""

    def __init__(self) -> None:
        command = os.environ.get("CRAMPWISE_SERVE_CMD")
        argv = shlex.split(command) if command else [_cli(), "serve", "--addr", "127.0.0.1:0"]
        self.process = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        assert self.process.stderr is not None
        first = self.process.stderr.readline().rstrip("\n")
        found = LISTENING.match(first)
        if not found:
            self.process.kill()
            pytest.fail(f"`{' '.join(argv)}` did not say where it listens; its first stderr line: {first!r}")
        self.url = found.group(1)
        self.log: List[str] = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.stop()


def _driver(javascript: bool) -> WebDriver:
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=430,1000"):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(20)
    return driver


@pytest.fixture(scope="module")
def with_js() -> Iterator[WebDriver]:
    driver = _driver(javascript=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def without_js() -> Iterator[WebDriver]:
    driver = _driver(javascript=False)
    yield driver
    driver.quit()


def _control_id(name: str) -> str:
    return "f-" + name.replace(".", "-").replace("[", "-").replace(":", "-").replace("]", "")


def fill(driver: WebDriver, answers: Answers) -> None:
    """Answers each question as a person would: typing, choosing, ticking, by its label."""
    for name, value in answers:
        found = driver.find_elements(By.ID, _control_id(name))
        control = found[0] if found else None
        if control is not None and control.tag_name == "select":
            Select(control).select_by_value(value)
            continue
        if control is not None and control.get_attribute("type") == "text":
            control.clear()
            control.send_keys(value)
            continue
        # A radio button or a box: the one with this value, reached through its label.
        box = driver.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]')
        label = driver.find_element(By.CSS_SELECTOR, f'label[for="{box.get_attribute("id")}"]')
        label.click()
        assert box.is_selected(), f"{name}={value} is not ticked"


def submit(driver: WebDriver) -> None:
    driver.find_element(By.CSS_SELECTOR, "#intake button[type=submit]").click()
    WebDriverWait(driver, 10).until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Your plan"))


def screenshot(driver: WebDriver, name: str) -> Path:
    """A full-page screenshot (the window made as tall as the page)."""
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(430, min(max(height, 800), 12000))
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(430, 1000)
    return path


def csp_errors(driver: WebDriver) -> List[str]:
    log: List[Dict[str, Any]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return [str(e["message"]) for e in log if "Content Security Policy" in e["message"]]


def main_text(driver: WebDriver) -> str:
    return str(driver.find_element(By.TAG_NAME, "main").text)


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
@pytest.mark.parametrize("name", list(PROFILES))
def test_the_intake_gives_the_plan_of_the_command_line(
    server: Server, with_js: WebDriver, without_js: WebDriver, name: str, javascript: bool
) -> None:
    driver = with_js if javascript else without_js
    answers, profile = PROFILES[name]
    expected = _expected_plan(server, profile)
    driver.get(server.url + "/")
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Muscle cramps and magnesium")
    # Every question is optional but age: the only required control.
    required = driver.find_elements(By.CSS_SELECTOR, "#intake [required]")
    assert [c.get_attribute("name") for c in required] == ["age"]
    fill(driver, answers)
    driver.execute_script("window.crampwiseStayed = 'yes';")
    submit(driver)
    stayed = driver.execute_script("return window.crampwiseStayed || null;")
    shown_by = driver.find_element(By.TAG_NAME, "main").get_attribute("data-shown-by")
    if javascript:
        assert (stayed, shown_by) == ("yes", "script"), "the script should show the plan without loading a page"
    else:
        assert (stayed, shown_by) == (None, None), "without scripts the form posts and a new page loads"
        assert driver.current_url == server.url + "/plan"
    text = main_text(driver)
    # The triage in words, the schedule, the disclaimer and the safety net.
    level = expected["triage"]["level"]
    words = {"self_care": "self-care is reasonable", "urgent": "get urgent care today"}[level]
    assert f"Triage: {words}" in text
    assert expected["disclaimer"] in text
    assert expected["safety_net"] in text
    schedule = expected["supplement"]["schedule"]
    for dose in schedule:
        assert f"{dose['elemental_mg']:g} mg {dose['form']} ({dose['time']})" in text
    alerts = driver.find_elements(By.CSS_SELECTOR, "[role=alert]")
    if level in ("urgent", "emergency"):
        # Impossible to miss: first in the page, in words.
        assert len(alerts) == 1 and alerts[0].text.startswith("Warning signs: get urgent care today.")
        for reason in expected["triage"]["reasons"]:
            assert reason["text"] in alerts[0].text
        summary = driver.find_element(By.CSS_SELECTOR, ".crampwise-summary")
        assert alerts[0].location["y"] < summary.location["y"]
        assert not schedule
    else:
        assert alerts == [] and schedule, "a self-care plan has a schedule and no alert"
    # Evidence with grades, each linking its sources.
    evidence = driver.find_elements(By.CSS_SELECTOR, ".crampwise-evidence li")
    assert len(evidence) == len(expected["evidence"]) > 0
    assert all(e.text.startswith("Evidence: ") for e in evidence)
    assert all((a.get_attribute("href") or "").startswith("https://") for a in driver.find_elements(By.CSS_SELECTOR, ".crampwise-sources a"))
    # The download posts the same answers and gives the command line's JSON, byte for byte.
    hidden = driver.find_elements(By.CSS_SELECTOR, 'form[action="/plan.json"] input[type=hidden]')
    pairs = [(h.get_attribute("name") or "", h.get_attribute("value") or "") for h in hidden]
    body = urllib.parse.urlencode(pairs).encode()
    downloaded, headers = _post(server.url + "/plan.json", body, "application/x-www-form-urlencoded")
    assert headers["content-disposition"] == 'attachment; filename="crampwise-plan.json"'
    assert downloaded == _expected_json(server, profile)
    assert csp_errors(driver) == []
    screenshot(driver, f"plan-{name}-{'js' if javascript else 'nojs'}")


def _print_pdf(driver: WebDriver, name: str) -> Tuple[int, str]:
    options = PrintOptions()
    options.page_width = 21.0
    options.page_height = 29.7
    options.background = True
    pdf = base64.b64decode(driver.print_page(options))
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


@pytest.mark.parametrize("name", list(PROFILES))
def test_the_printed_plan_is_a_short_report(server: Server, without_js: WebDriver, name: str) -> None:
    answers, profile = PROFILES[name]
    expected = _expected_plan(server, profile)
    without_js.get(server.url + "/")
    fill(without_js, answers)
    submit(without_js)
    pages, text = _print_pdf(without_js, f"plan-{name}")
    assert 1 <= pages <= 2, f"the printed {name} plan has {pages} pages"
    words = {"self_care": "self-care is reasonable", "urgent": "get urgent care today"}[expected["triage"]["level"]]
    assert f"Triage: {words}" in text
    assert " ".join(expected["disclaimer"].split()) in text
    # The buttons and forms are for the screen only.
    assert "Download the plan" not in text and "Check the label" not in text


def _serious(driver: WebDriver) -> List[str]:
    from axe_selenium_python import Axe  # type: ignore[import-untyped]

    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_every_page_passes_axe(server: Server, with_js: WebDriver) -> None:
    found: Dict[str, List[str]] = {}
    with_js.get(server.url + "/")
    found["intake"] = _serious(with_js)
    screenshot(with_js, "intake")
    # A bad answer: the form again, each problem next to its question.
    age = with_js.find_element(By.ID, "f-age")
    age.send_keys("400")
    with_js.find_element(By.CSS_SELECTOR, "#intake button[type=submit]").click()
    found["errors"] = _serious(with_js)
    screenshot(with_js, "intake-errors")
    for name, (answers, _) in PROFILES.items():
        with_js.get(server.url + "/")
        fill(with_js, answers)
        submit(with_js)
        found[f"plan {name}"] = _serious(with_js)
    with_js.get(server.url + "/label")
    found["label"] = _serious(with_js)
    assert found == {page: [] for page in found}


def test_bad_answers_come_back_next_to_their_question(server: Server, with_js: WebDriver, without_js: WebDriver) -> None:
    # Without scripts the server checks: the facade's message, at the field.
    without_js.get(server.url + "/")
    fill(without_js, [("age", "400"), ("cramps.per_week", "lots")])
    without_js.find_element(By.CSS_SELECTOR, "#intake button[type=submit]").click()
    WebDriverWait(without_js, 10).until(expected_conditions.presence_of_element_located((By.ID, "errors")))
    assert without_js.find_element(By.ID, "e-cramps-per_week").text == (
        "Check this: expected a number from 0 to 100, got `lots`"
    )
    summary = without_js.find_element(By.ID, "errors").text
    assert "How old are you?" in summary and "About how many cramps do you get a week?" in summary
    assert without_js.find_element(By.ID, "f-age").get_attribute("aria-invalid") == "true"
    # The answers given are kept.
    assert without_js.find_element(By.ID, "f-cramps-per_week").get_attribute("value") == "lots"
    # With scripts, a number is checked as it is typed.
    with_js.get(server.url + "/")
    severity = with_js.find_element(By.ID, "f-cramps-severity")
    severity.send_keys("12")
    error = with_js.find_element(By.ID, "e-cramps-severity")
    assert error.text == "Check this: expected a number from 0 to 10, got `12`"
    assert (error.get_attribute("id") or "-") in (severity.get_attribute("aria-describedby") or "")
    severity.send_keys("\b")
    assert with_js.find_elements(By.ID, "e-cramps-severity") == []


def test_a_label_is_checked_against_the_answers(server: Server, without_js: WebDriver) -> None:
    without_js.get(server.url + "/")
    fill(without_js, NIGHT_CRAMPS)
    submit(without_js)
    label = without_js.find_element(By.ID, "f-label")
    label.send_keys("Supplement Facts\nServing size 1 capsule\nMagnesium (as magnesium glycinate) 200 mg\n")
    without_js.find_element(By.CSS_SELECTOR, "form.label-check button[type=submit]").click()
    WebDriverWait(without_js, 10).until(expected_conditions.presence_of_element_located((By.ID, "report-title")))
    assert without_js.find_element(By.ID, "report-title").text == "The report, for your answers"
    report = without_js.find_element(By.CSS_SELECTOR, ".report .crampwise-label")
    # The report is a page's structure, not preformatted text: the verdict in
    # words first, the magnesium as a fact, each check with its status in words.
    assert report.find_element(By.CSS_SELECTOR, "p.verdict").text.startswith("Verdict: ")
    facts = report.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "Magnesium" in facts and "200 mg per serving" in facts and "glycinate" in facts
    marks = [m.text for m in report.find_elements(By.CSS_SELECTOR, "ul.marks .mark")]
    assert marks and set(marks) <= {"pass", "fail", "unknown", "yes", "no"}
    headings = [h.text for h in report.find_elements(By.TAG_NAME, "h3")]
    assert headings[0].startswith("Fits your plan: ") and "Checklist" in headings
    assert without_js.find_elements(By.CSS_SELECTOR, ".report pre") == []
    screenshot(without_js, "label-report")


def test_back_and_forward_move_between_the_answers_and_the_plan(server: Server, with_js: WebDriver) -> None:
    driver = with_js
    driver.get(server.url + "/")
    fill(driver, NIGHT_CRAMPS)
    typed = driver.find_element(By.ID, "f-age").get_attribute("value")
    driver.execute_script("window.crampwiseStayed = 'yes';")
    submit(driver)
    assert driver.current_url == server.url + "/plan"
    driver.back()
    WebDriverWait(driver, 10).until(expected_conditions.presence_of_element_located((By.ID, "intake")))
    # The same page, not a reload: the answers are as they were typed.
    assert driver.execute_script("return window.crampwiseStayed || null;") == "yes"
    assert driver.current_url == server.url + "/"
    assert driver.find_element(By.ID, "f-age").get_attribute("value") == typed
    driver.forward()
    WebDriverWait(driver, 10).until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Your plan"))
    assert driver.execute_script("return window.crampwiseStayed || null;") == "yes"
    assert "Triage: " in main_text(driver)
    # A reload of /plan keeps no plan (nothing is stored): the questionnaire again.
    driver.refresh()
    WebDriverWait(driver, 10).until(expected_conditions.presence_of_element_located((By.ID, "intake")))
    assert driver.current_url == server.url + "/"
    assert csp_errors(driver) == []
