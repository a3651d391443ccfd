// Browser tests of the Dateline web pages: the real dateline-indexer indexes corpus/, the real
// dateline-server serves it on an ephemeral port, and Debian's headless Chromium (driven by
// playwright-core, never a downloaded browser) walks through what a reader does.
// Run by ctest (label "browser"); see tests/browser/CMakeLists.txt for the environment.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run the browser tests through ctest (ctest --test-dir build -L browser)`);
  return value;
};

const k_chromium = process.env.DATELINE_CHROMIUM || "/usr/bin/chromium";
const k_chromium_args = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const k_wide = { width: 1280, height: 900 };

// Flows that need issue-4b's search features (sort, date and facet filters, "did you mean",
// related articles) are written against the expected markup and skipped, by name, until
// issue-4b is merged; then this turns true and they must pass.
const k_search_quality_merged = true;
const needs_4b = k_search_quality_merged
  ? {}
  : { skip: "needs issue-4b (sort, filters, facets, did-you-mean, related articles)" };
const k_narrow = { width: 375, height: 812 };

let work_dir;
let server;
let base_url;
let context;
let artifacts;

// --- the server -------------------------------------------------------------------------------

function index_corpus(db) {
  const result = spawnSync(env("DATELINE_INDEXER"), ["--db", db, env("DATELINE_CORPUS_DIR")], { encoding: "utf8" });
  assert.equal(result.status, 0, `dateline-indexer failed:\n${result.stderr}`);
}

function start_server(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(env("DATELINE_SERVER"), ["--db", db, "--host", "127.0.0.1", "--port", "0"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`dateline-server did not start:\n${seen}`)), 20000);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
      if (match && !base_url) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`dateline-server exited (${code}):\n${seen}`)));
  });
}

// --- pages --------------------------------------------------------------------------------------

// A new tab that records script errors and Content-Security-Policy violations.
async function new_page(viewport = k_wide) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") {
      page.problems.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => page.problems.push(`script error: ${error.message}`));
  return page;
}

async function visit(page, target, status = 200) {
  const response = await page.goto(base_url + target);
  assert.equal(response.status(), status, `GET ${target}`);
  await check_page_basics(page, response);
  return response;
}

// What every HTML page must have: CSP, no inline script or handler, OpenSearch link, favicon,
// landmarks and a labelled search box.
async function check_page_basics(page, response) {
  const headers = response.headers();
  assert.match(headers["content-security-policy"] ?? "", /script-src 'self'/);
  assert.equal(headers["x-content-type-options"], "nosniff");
  const facts = await page.evaluate(() => ({
    inline_scripts: [...document.scripts].filter((s) => !s.src).length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
    style_attributes: document.querySelectorAll("[style]").length,
    opensearch: document.querySelector('link[rel="search"][type="application/opensearchdescription+xml"]')?.getAttribute("href"),
    icon: document.querySelector('link[rel="icon"]')?.getAttribute("href"),
    main: document.querySelectorAll("main").length,
    banner: document.querySelectorAll("header.site-header").length,
    search_label: document.querySelector('label[for="q"]')?.textContent,
    search_role: document.querySelector('form[role="search"]') !== null,
    stylesheet_loaded: getComputedStyle(document.body).fontFamily !== "",
  }));
  assert.equal(facts.inline_scripts, 0, "no inline <script>");
  assert.equal(facts.handlers, 0, "no inline event handler attributes");
  assert.equal(facts.style_attributes, 0, "no style attributes");
  assert.equal(facts.opensearch, "/opensearch.xml");
  assert.ok(facts.icon, "a favicon link");
  assert.equal(facts.main, 1, "one <main> landmark");
  assert.equal(facts.banner, 1, "a header landmark");
  assert.ok(facts.search_label, "the search box has a label");
  assert.ok(facts.search_role, "the search form has role=search");
}

function assert_no_problems(page) {
  assert.deepEqual(page.problems, [], "no script errors or CSP violations");
}

async function screenshot(page, name) {
  for (const [label, viewport] of [["1280", k_wide], ["375", k_narrow]]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(artifacts, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(k_wide);
}

async function result_titles(page) {
  return page.locator(".result h2 a").allTextContents();
}

async function result_dates(page) {
  return page.locator(".result time").evaluateAll((times) => times.map((t) => t.getAttribute("datetime")));
}

// --- set-up ---------------------------------------------------------------------------------------

before(async () => {
  assert.ok(existsSync(k_chromium),
    `Chromium is missing at ${k_chromium}: install Debian's package with "sh .ci/setup" (or apt-get install chromium)`);
  artifacts = env("DATELINE_ARTIFACTS_DIR");
  mkdirSync(artifacts, { recursive: true });
  work_dir = mkdtempSync(path.join(tmpdir(), "dateline-browser-"));
  const db = path.join(work_dir, "db");
  index_corpus(db);
  server = await start_server(db);
  base_url = server.url;
  context = await chromium.launchPersistentContext(path.join(work_dir, "profile"), {
    executablePath: k_chromium,
    headless: true,
    args: k_chromium_args,
    viewport: k_wide,
  });
  context.setDefaultTimeout(10000);
});

after(async () => {
  await context?.close();
  server?.child.kill("SIGTERM");
  if (work_dir) {
    rmSync(work_dir, { recursive: true, force: true });
  }
});

// --- flows ----------------------------------------------------------------------------------------

test("the home page has a focused search box; typing a query shows highlighted results", async () => {
  const page = await new_page();
  await visit(page, "/");
  assert.equal(await page.title(), "Dateline");
  assert.ok(await page.locator("#q").evaluate((box) => box === document.activeElement), "search box focused");
  await screenshot(page, "home");

  await page.locator("#q").fill("tidal barrage");
  await Promise.all([page.waitForURL(/\/search\?q=tidal\+barrage/), page.locator("#q").press("Enter")]);
  assert.equal(await page.locator("#q").inputValue(), "tidal barrage", "the box keeps the query");
  const titles = await result_titles(page);
  assert.ok(titles.length >= 2, `results for tidal barrage: ${titles}`);
  const marks = (await page.locator(".result .snippet mark").allTextContents()).map((m) => m.toLowerCase());
  assert.ok(marks.some((m) => m.includes("tidal")), `highlighted terms: ${marks}`);
  assert.match(await page.locator(".summary").textContent(), /\d+ results? \(\d+\.\d ms\)|of \d+/);
  const first = page.locator(".result").first();
  assert.ok(await first.locator(".source").count(), "a result names its source");
  assert.ok(await first.locator("time[datetime]").count(), "a result has its date");
  await screenshot(page, "results");
  assert_no_problems(page);
});

test("pagination: page 2 shows other results and marks the current page", async () => {
  const page = await new_page();
  await visit(page, "/search?q=port");
  const first_page = await result_titles(page);
  assert.equal(first_page.length, 10);
  await Promise.all([page.waitForURL(/page=2/), page.locator('a[rel="next"]').click()]);
  assert.equal(await page.locator('.pagination [aria-current="page"]').textContent(), "2");
  const second_page = await result_titles(page);
  assert.ok(second_page.length > 0);
  assert.ok(second_page.every((title) => !first_page.includes(title)), "page 2 repeats nothing from page 1");
  assert.ok(await page.locator('a[rel="prev"]').count(), "a link back to page 1");
  assert_no_problems(page);
});

test("sort by newest: the select submits itself and the dates come newest first", needs_4b, async () => {
  const page = await new_page();
  await visit(page, "/search?q=port");
  await Promise.all([page.waitForURL(/sort=newest/), page.locator("#sort").selectOption("newest")]);
  assert.equal(await page.locator("#sort").inputValue(), "newest");
  assert.equal(await page.locator("#q").inputValue(), "port");
  const dates = await result_dates(page);
  assert.deepEqual(dates, [...dates].sort().reverse(), `newest first: ${dates}`);
  assert_no_problems(page);
});

test("a date range narrows the results and shows as a removable chip", needs_4b, async () => {
  const page = await new_page();
  await visit(page, "/search?q=port");
  await page.locator("#from").fill("2022-01-01");
  await page.locator("#to").fill("2022-12-31");
  await Promise.all([page.waitForURL(/from=2022-01-01/), page.locator('.toolbar button[type="submit"]').click()]);
  assert.match(page.url(), /to=2022-12-31/);
  const dates = await result_dates(page);
  assert.ok(dates.length > 0, "results in 2022");
  assert.ok(dates.every((d) => d >= "2022-01-01" && d <= "2022-12-31"), `dates in range: ${dates}`);
  const chip = page.locator(".chip", { hasText: "From" });
  assert.equal(await chip.count(), 1);
  await Promise.all([page.waitForURL((url) => !url.search.includes("from=")), chip.locator("a").click()]);
  assert.equal(await page.locator("#from").inputValue(), "");
  assert_no_problems(page);
});

test("a facet filters in one click and its chip removes it", needs_4b, async () => {
  const page = await new_page();
  await visit(page, "/search?q=port");
  const facet = page.locator('.facets .facet a:not(.active)').first();
  assert.ok(await facet.count(), "the sidebar lists facet values");
  const value = (await facet.locator(".value").textContent()).trim();
  const count = Number((await facet.locator(".count").textContent()).replace(/,/g, ""));
  await Promise.all([page.waitForURL(/(source|section|tag|year)=/), facet.click()]);
  const chip = page.locator(".chip", { hasText: value });
  assert.equal(await chip.count(), 1, `a chip for ${value}`);
  assert.match(page.url(), /source=/, "the first facet is the source");
  const sources = await page.locator(".result .source").allTextContents();
  assert.ok(sources.length > 0 && sources.every((source) => source === value), `every hit from ${value}: ${sources}`);
  // The facet counts every match; collapsed syndicated copies can make the result count smaller.
  const shown = Number((/(\d[\d,]*) results?/.exec(await page.locator(".summary").textContent()) ?? [0, "0"])[1].replace(/,/g, ""));
  assert.ok(shown > 0 && shown <= count, `${shown} results for a facet count of ${count}`);
  await screenshot(page, "facet-filtered");
  await Promise.all([page.waitForURL((url) => !/(source|section|tag|year)=/.test(url.search)), chip.locator("a").click()]);
  assert.equal(await page.locator(".chip").count(), 0);
  assert_no_problems(page);
});

test("an article page shows the story", async () => {
  const page = await new_page();
  await visit(page, "/search?q=tidal+barrage");
  const title = (await page.locator(".result h2 a").first().textContent()).trim();
  await Promise.all([page.waitForURL(/\/articles\//), page.locator(".result h2 a").first().click()]);
  await check_page_basics(page, await page.reload());
  assert.equal((await page.locator("h1").textContent()).trim(), title);
  assert.ok(await page.locator(".article .meta time").count(), "the date");
  assert.ok((await page.locator(".body p").count()) >= 2, "the body's paragraphs");
  assert.ok(await page.locator(".article .meta .source").count(), "the source");
  await screenshot(page, "article-scrape");

  // A record with an original address links it, safely.
  await visit(page, "/articles/mna-2023-0605-tidal-barrage");
  assert.match(await page.locator(".original a").getAttribute("rel"), /noopener/);
  assert.ok(await page.locator(".byline").count(), "the byline");
  assert.ok(await page.locator(".dek").count(), "the subtitle");
  await screenshot(page, "article");
  assert_no_problems(page);
});

test("an article page lists related articles and copies, and one opens", needs_4b, async () => {
  const page = await new_page();
  await visit(page, "/articles/mna-2023-0605-tidal-barrage");
  const related = page.locator(".related a").first();
  assert.ok(await related.count(), "related articles or copies are listed");
  const other = (await related.textContent()).trim();
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith("/articles/")), related.click()]);
  assert.equal((await page.locator("h1").textContent()).trim(), other);
  assert_no_problems(page);
});

test("a misspelt query offers a 'did you mean' link that searches the correction", needs_4b, async () => {
  const page = await new_page();
  await visit(page, "/search?q=harbuor");
  const suggestion = page.locator(".did-you-mean a");
  assert.equal(await suggestion.count(), 1, "a did-you-mean link");
  const corrected = (await suggestion.textContent()).trim();
  await Promise.all([page.waitForURL(/\/search\?/), suggestion.click()]);
  assert.equal(await page.locator("#q").inputValue(), corrected);
  assert.ok((await result_titles(page)).length > 0);
  assert_no_problems(page);
});

test("no results: the empty state helps, and a broken query still answers with a note", async () => {
  const page = await new_page();
  await visit(page, "/search?q=zqxjvw&source=Nowhere");
  assert.equal(await page.locator(".empty h2").count(), 1);
  assert.match(await page.locator(".empty").textContent(), /spelling/);
  assert.ok(await page.locator(".empty a", { hasText: "without any filter" }).count(), "a way out of the filters");

  await visit(page, "/search?q=" + encodeURIComponent('"tidal barrage'));
  assert.match(await page.locator(".note").textContent(), /could not read the query/);
  assert.ok((await result_titles(page)).length > 0, "results for the plain words");
  assert_no_problems(page);
});

test("markup and script in a query show up as text only", async () => {
  const page = await new_page();
  const hostile = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">"'&amp;`;
  await visit(page, "/search?q=" + encodeURIComponent(hostile) + "&source=" + encodeURIComponent("<b>x</b>"));
  assert.equal(await page.evaluate(() => window.__xss), undefined, "nothing ran");
  assert.equal(await page.locator("#q").inputValue(), hostile, "the box holds the text as typed");
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(await page.locator(".chips b").count(), 0, "a filter value is text");
  assert.ok((await page.title()).startsWith(hostile), "the title shows the text");
  const feed = await page.request.get(base_url + "/search.rss?q=" + encodeURIComponent(hostile));
  assert.equal(feed.status(), 200);
  assert.ok(!(await feed.text()).includes("<script>"), "the feed escapes it");
  const article = await page.goto(base_url + "/articles/" + encodeURIComponent(hostile));
  assert.equal(article.status(), 404);
  assert.equal(await page.evaluate(() => window.__xss), undefined, "nothing ran on the not-found page");
  assert_no_problems({ problems: page.problems.filter((p) => !p.includes("404")) });
});

test("the subscribe link returns valid RSS 2.0, newest first", async () => {
  const page = await new_page();
  await visit(page, "/search?q=port");
  const href = await page.locator("a.feed-link").getAttribute("href");
  assert.equal(await page.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute("href"), href);
  const response = await page.request.get(base_url + href);
  assert.equal(response.status(), 200);
  assert.match(response.headers()["content-type"], /^application\/rss\+xml/);
  const feed = await page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, "application/xml");
    const items = [...doc.querySelectorAll("channel > item")];
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      root: doc.documentElement.nodeName,
      version: doc.documentElement.getAttribute("version"),
      title: doc.querySelector("channel > title")?.textContent,
      link: doc.querySelector("channel > link")?.textContent,
      items: items.map((item) => ({
        title: item.querySelector("title")?.textContent,
        link: item.querySelector("link")?.textContent,
        date: Date.parse(item.querySelector("pubDate")?.textContent ?? ""),
      })),
    };
  }, await response.text());
  assert.equal(feed.error, null, "the feed is well-formed XML");
  assert.equal(feed.root, "rss");
  assert.equal(feed.version, "2.0");
  assert.match(feed.title, /port/);
  assert.ok(feed.link.startsWith(base_url + "/search?"));
  assert.ok(feed.items.length > 0);
  for (const item of feed.items) {
    assert.ok(item.title && item.link.startsWith(base_url + "/articles/"), JSON.stringify(item));
    assert.ok(!Number.isNaN(item.date), "a valid pubDate");
  }
  if (k_search_quality_merged) {
    const dates = feed.items.map((item) => item.date);
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a), "newest first");
  }
  const article = await page.request.get(feed.items[0].link);
  assert.equal(article.status(), 200, "item links open article pages");
});

test("the OpenSearch description is valid and its suggestions answer", async () => {
  const page = await new_page();
  await visit(page, "/");
  const response = await page.request.get(base_url + "/opensearch.xml");
  assert.equal(response.status(), 200);
  assert.match(response.headers()["content-type"], /^application\/opensearchdescription\+xml/);
  const description = await page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, "application/xml");
    const ns = "http://a9.com/-/spec/opensearch/1.1/";
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      root: doc.documentElement.localName,
      namespace: doc.documentElement.namespaceURI,
      short_name: doc.getElementsByTagNameNS(ns, "ShortName")[0]?.textContent,
      urls: [...doc.getElementsByTagNameNS(ns, "Url")].map((u) => [u.getAttribute("type"), u.getAttribute("template")]),
    };
  }, await response.text());
  assert.equal(description.error, null, "well-formed XML");
  assert.equal(description.root, "OpenSearchDescription");
  assert.equal(description.namespace, "http://a9.com/-/spec/opensearch/1.1/");
  assert.ok(description.short_name.length <= 16, "ShortName fits OpenSearch's 16 characters");
  const html = description.urls.find(([type]) => type === "text/html");
  assert.equal(html[1], base_url + "/search?q={searchTerms}");
  const suggest = description.urls.find(([type]) => type === "application/x-suggestions+json");
  const answer = await page.request.get(suggest[1].replace("{searchTerms}", encodeURIComponent("tidal bar")));
  const [typed, completions] = await answer.json();
  assert.equal(typed, "tidal bar");
  assert.ok(completions.length > 0 && completions.every((c) => typeof c === "string"), JSON.stringify(completions));

  // The search box offers the same suggestions while typing (the script fills a datalist).
  await page.locator("#q").pressSequentially("tidal bar", { delay: 20 });
  await page.waitForFunction(() => document.querySelectorAll("#q-suggestions option").length > 0);
  assert_no_problems(page);
});

test("keyboard: skip link, visible focus, and / jumps to the search box", async () => {
  const page = await new_page();
  await visit(page, "/search?q=harbour");
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.press("/");
  assert.ok(await page.locator("#q").evaluate((box) => box === document.activeElement), "/ focuses the box");
  await page.goto(base_url + "/search?q=harbour");
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const element = document.activeElement;
    const box = element.getBoundingClientRect();
    return { text: element.textContent, top: box.top, outline: getComputedStyle(element).outlineStyle };
  });
  assert.equal(skip.text, "Skip to content");
  assert.ok(skip.top >= 0, "the skip link shows when focused");
  for (let i = 0; i < 3; i += 1) {
    await page.keyboard.press("Tab");
  }
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "the focused element has a visible outline");
  assert_no_problems(page);
});

test("pages fit a 360 px wide screen without sideways scrolling", async () => {
  const page = await new_page({ width: 360, height: 740 });
  for (const target of ["/", "/search?q=port", "/search?q=port&from=2021-01-01&source=Meridian%20News%20Agency",
                        "/articles/mna-2023-0605-tidal-barrage"]) {
    await visit(page, target);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0] <= widths[1], `${target}: content ${widths[0]} px wide in a ${widths[1]} px window`);
  }
  assert_no_problems(page);
});
