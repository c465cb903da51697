"""report.html in a real browser (headless Chromium from the system's packages).

Run through scripts/check-report.sh, or by hand:
    ACTORNET_BIN=target/release/actornet .venv-browser/bin/pytest tests/browser
"""

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

sys.path.insert(0, os.path.dirname(__file__))
import browser  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("ACTORNET_BIN", os.path.join(ROOT, "target", "release", "actornet"))
SAMPLES = [os.path.join(ROOT, "samples", "doha-brief.txt"), os.path.join(ROOT, "samples", "korea-brief.txt")]


def extract(inputs, out, *extra):
    r = subprocess.run(
        [BIN, "extract", *inputs, "-o", str(out), "--date", "2025-03-14", *extra],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    return r


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def page_data(report):
    with open(report, encoding="utf-8") as f:
        page = f.read()
    start = page.index('id="actornet-data">') + len('id="actornet-data">')
    return json.loads(page[start : page.index("</script>", start)])


@pytest.fixture(scope="module")
def driver():
    d = browser.start()
    yield d
    d.quit()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    r = extract(SAMPLES, out)
    return out, r


def console_errors(d):
    return [e for e in d.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def requests(d):
    urls = []
    for entry in d.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def test_summary_ends_with_the_report_path(sample):
    out, r = sample
    last = r.stderr.strip().splitlines()[-1]
    assert last == "report: " + os.path.join(str(out), "report.html")


def test_loads_from_file_without_console_errors_or_network_requests(driver, sample):
    out, _ = sample
    driver.get_log("browser")
    driver.get_log("performance")
    browser.open_report(driver, out / "report.html")
    assert console_errors(driver) == []
    urls = requests(driver)
    page = "file://" + str(out / "report.html")
    assert urls, "the performance log recorded nothing"
    assert [u for u in urls if u != page] == [], urls


def test_drawn_nodes_and_links_equal_the_csv_files(driver, sample):
    out, _ = sample
    browser.open_report(driver, out / "report.html")
    nodes = rows(out / "nodes.csv")
    edges = rows(out / "edges.csv")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#graph g.node")) == len(nodes)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#graph g.link")) == len(edges)
    drawn = {e.get_attribute("data-kind") for e in driver.find_elements(By.CSS_SELECTOR, "#graph g.link")}
    assert drawn == {e["Kind"] for e in edges}
    # every typed relation is directed or not as edges.csv says: arrows only on directed ones
    for g in driver.find_elements(By.CSS_SELECTOR, "#graph g.link"):
        vis = g.find_element(By.CSS_SELECTOR, "path.vis")
        directed = g.get_attribute("data-kind") in ("mediates", "hosts", "affiliated_with", "located_in")
        assert bool(vis.get_attribute("marker-end")) == directed


def click_node(driver, actor_id):
    data = driver.execute_script("return JSON.parse(document.getElementById('actornet-data').textContent)")
    i = [n["id"] for n in data["nodes"]].index(actor_id)
    node = driver.find_element(By.CSS_SELECTOR, f'#graph g.node[data-i="{i}"]')
    node.click()
    return node


def test_clicking_an_actor_shows_its_evidence_sentence_with_the_name_marked(driver, sample):
    out, _ = sample
    browser.open_report(driver, out / "report.html")
    click_node(driver, "qatar")
    panel = driver.find_element(By.ID, "panel")
    assert panel.find_element(By.TAG_NAME, "h2").text.startswith("Qatar")
    mentions = [m for m in rows(out / "mentions.csv") if m["entity"] == "qatar"]
    items = panel.find_elements(By.CSS_SELECTOR, ".evidence li")
    assert items, panel.text
    first = items[0].find_element(By.TAG_NAME, "q").text
    # the first sentence shown is the one of the first mention, and the name in it is marked
    surface = mentions[0]["surface"]
    assert surface in first
    marked = [m.text for m in items[0].find_elements(By.CSS_SELECTOR, "mark.self")]
    assert surface in marked
    assert f"sentence {mentions[0]['sentence']}" in items[0].find_element(By.CLASS_NAME, "src").text


def test_clicking_a_link_shows_the_sentence_behind_it(driver, sample):
    out, _ = sample
    browser.open_report(driver, out / "report.html")
    edges = rows(out / "edges.csv")
    e = next(i for i, r in enumerate(edges) if r["Kind"] == "mediates")
    link = driver.find_element(By.CSS_SELECTOR, f'#graph g.link[data-i="{e}"]')
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", link)
    panel = driver.find_element(By.ID, "panel")
    assert "mediates" in panel.find_element(By.TAG_NAME, "h2").text
    assert edges[e]["evidence_text"][:60] in panel.text


def test_search_finds_an_actor_by_alias_and_opens_it(driver, sample):
    out, _ = sample
    browser.open_report(driver, out / "report.html")
    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys("Doha")
    results = driver.find_elements(By.CSS_SELECTOR, "#search-results button")
    assert results and "Qatar" in " ".join(r.text for r in results)
    box.send_keys(Keys.ENTER)
    assert driver.find_element(By.CSS_SELECTOR, "#panel h2").text.startswith(results[0].text.split(" ")[0])


def test_keyboard_reaches_an_actor(driver, sample):
    out, _ = sample
    browser.open_report(driver, out / "report.html")
    first = driver.find_element(By.CSS_SELECTOR, "#graph g.node")
    driver.execute_script("arguments[0].focus()", first)
    first.send_keys(Keys.ENTER)
    label = first.get_attribute("aria-label").split(",")[0]
    assert driver.find_element(By.CSS_SELECTOR, "#panel h2").text.startswith(label)


def test_type_filter_hides_that_type(driver, sample):
    out, _ = sample
    browser.open_report(driver, out / "report.html")
    people = sum(1 for n in rows(out / "nodes.csv") if n["actor_type"] == "person")
    assert people > 0
    driver.find_element(By.CSS_SELECTOR, 'input[data-type="person"]').click()
    hidden = driver.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('#graph g.node'), function (g) { return g.style.display === 'none'; }).length"
    )
    assert hidden == people


def colours(png):
    img = Image.open(io.BytesIO(png)).convert("RGB")
    small = img.resize((img.width // 2, img.height // 2))
    return small.getcolors(1 << 20) or []


def test_screenshot_of_the_picture_is_not_blank(driver, sample):
    out, _ = sample
    browser.open_report(driver, out / "report.html")
    png = driver.find_element(By.ID, "stage").screenshot_as_png
    cols = colours(png)
    total = sum(c for c, _ in cols)
    background = max(c for c, _ in cols)
    assert len(cols) > 50, "too few colours: the picture looks blank"
    assert total - background > total * 0.02, "under 2% of the picture is drawn"


HOSTILE = (
    "Oman hosted talks </textarea><script>window.__pwned = 1</script> between Iran and the "
    "United States. Qatar said </script><img src=x onerror=\"window.__pwned = 2\"> nothing. "
    "Iran <b onmouseover=\"window.__pwned = 3\">replied</b> &amp; the U.S. \u2028 waited.\n"
)


def test_a_hostile_brief_cannot_inject_anything(driver, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    # the document id (the file name) carries markup too
    brief = src / "<img src=x onerror=window.__pwned=4>.txt"
    brief.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "out"
    extract([str(src)], out)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<script") == 2, "only the data and the page's own script"
    assert "window.__pwned" in page_data(out / "report.html")["sentences"][0]["t"]
    driver.get_log("browser")
    browser.open_report(driver, out / "report.html")
    click_node(driver, "oman")
    panel = driver.find_element(By.ID, "panel")
    assert "</textarea><script>window.__pwned = 1</script>" in panel.text
    for n in driver.find_elements(By.CSS_SELECTOR, "#graph g.node"):
        n.click()
    assert driver.execute_script("return window.__pwned === undefined")
    assert driver.find_elements(By.CSS_SELECTOR, "img, textarea, b") == []
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 2
    assert console_errors(driver) == []


def test_a_large_graph_draws_the_stated_top_actors_and_search_covers_the_rest(driver, tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import report_bench

    gaz, corpus = report_bench.generate(1000, str(tmp_path))
    out = tmp_path / "out"
    r = subprocess.run(
        [BIN, "extract", corpus, "--no-default-gazetteers", "-g", gaz, "-o", str(out), "-q"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    data = page_data(out / "report.html")
    nodes = rows(out / "nodes.csv")
    edges = rows(out / "edges.csv")
    assert data["meta"]["nodes"] == len(nodes) and data["meta"]["links"] == len(edges)
    assert data["meta"]["drawnNodes"] < len(nodes)
    browser.open_report(driver, out / "report.html")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#graph g.node")) == data["meta"]["drawnNodes"]
    assert len(driver.find_elements(By.CSS_SELECTOR, "#graph g.link")) == data["meta"]["drawnLinks"]
    notice = driver.find_element(By.ID, "notice").text
    assert f"{len(nodes) - data['meta']['drawnNodes']:,} actors" in notice
    # the least mentioned actor is not drawn, yet the search finds it
    least = min(nodes, key=lambda n: (int(n["mentions"]), n["Id"]))
    box = driver.find_element(By.ID, "search")
    box.send_keys(least["Label"])
    box.send_keys(Keys.ENTER)
    panel = driver.find_element(By.ID, "panel").text
    assert panel.startswith(least["Label"]) and "not drawn" in panel
    assert console_errors(driver) == []


def test_time_slider_shows_the_network_up_to_a_date(driver, tmp_path):
    corpus = tmp_path / "dated.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "date": "2025-01-10", "text": "Oman hosted talks between Iran and the United States."}) + "\n"
        + json.dumps({"id": "b", "date": "2025-02-20", "text": "Qatar and Egypt met in Cairo with Israel."}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    extract([str(corpus)], out)
    browser.open_report(driver, out / "report.html")
    assert driver.find_element(By.ID, "time-box").is_displayed()
    slider = driver.find_element(By.ID, "time")
    driver.execute_script(
        "arguments[0].value = '0'; arguments[0].dispatchEvent(new Event('input'))", slider
    )
    assert driver.find_element(By.ID, "time-value").text == "2025-01-10"
    shown = driver.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('#graph g.node'), function (g) { return g.style.display !== 'none'; }).map(function (g) { return g.getAttribute('aria-label').split(',')[0]; })"
    )
    later = {n["Label"] for n in rows(out / "nodes.csv") if n["first_seen"] > "2025-01-10"}
    assert later and not later & set(shown)
    assert "Oman" in shown
