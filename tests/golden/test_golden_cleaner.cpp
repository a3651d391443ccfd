// Golden tests of the scrape cleaner. Each tests/golden/cleaner/<quirk>.txt (one quirk of news
// pages per file, original invented text) is read the way `dateline-indexer extract` reads a
// single file, and its JSON must equal <quirk>.expected.json. On a mismatch the runner prints
// a field-by-field diff and writes <quirk>.actual.json; DATELINE_UPDATE_GOLDEN=1 rewrites the
// expected files instead (review `git diff` before committing them). Also here: the seed page
// of issue 3, read from ../shared at test time and skipped when it is not there.
#include "common/cleaning/chrome_model.h"
#include "common/ingest/extract_record.h"
#include "common/ingest/ingest.h"
#include "common/text/text_utils.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef DATELINE_GOLDEN_DIR
#error "DATELINE_GOLDEN_DIR must name tests/golden/cleaner (see tests/CMakeLists.txt)"
#endif
#ifndef DATELINE_SHARED_DIR
#error "DATELINE_SHARED_DIR must name the shared data directory (see tests/CMakeLists.txt)"
#endif

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

constexpr std::size_t k_shown_chars = 110;

std::string read_text(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_text(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE_MESSAGE(out.good(), "cannot write " << path.string());
}

// What extract prints for the page (its path shown as the file name), or, for a page extract
// rejects, {"path": …, "rejected": reason}, and for an empty file {"path": …, "records": 0}.
Json extract_page(const fs::path& page)
{
    dateline::ChromeModel chrome;
    std::vector<Json> records;
    dateline::IngestHooks hooks;
    hooks.chrome = &chrome;
    const dateline::IngestReport report = dateline::ingest_paths(
        {page.string()}, dateline::make_default_readers(),
        [&](dateline::Article&& article) { records.push_back(dateline::extract_record(article)); },
        hooks);
    if (!report.rejections.empty()) {
        return Json{{"path", page.filename().string()}, {"rejected", report.rejections.front().reason}};
    }
    if (!report.empty_files.empty()) {
        return Json{{"path", page.filename().string()}, {"records", 0}}; // an empty file holds none
    }
    REQUIRE(records.size() == 1);
    records.front()["path"] = page.filename().string();
    return records.front();
}

std::string shorten(const std::string& text)
{
    return text.size() <= k_shown_chars ? text : text.substr(0, k_shown_chars) + "…";
}

std::vector<std::string> paragraphs_of(const Json& value)
{
    return value.is_string() ? dateline::split_paragraphs(value.get<std::string>()) : std::vector<std::string>{};
}

// A readable diff: each field that differs, and for the body the paragraphs lost (-) and gained (+).
std::string describe_differences(const Json& expected, const Json& actual)
{
    std::set<std::string> keys;
    for (const auto& [key, value] : expected.items()) {
        keys.insert(key);
    }
    for (const auto& [key, value] : actual.items()) {
        keys.insert(key);
    }
    std::string out;
    for (const std::string& key : keys) {
        const Json want = expected.contains(key) ? expected[key] : Json();
        const Json got = actual.contains(key) ? actual[key] : Json();
        if (want == got) {
            continue;
        }
        if (key == "body") {
            const std::vector<std::string> want_paragraphs = paragraphs_of(want);
            const std::vector<std::string> got_paragraphs = paragraphs_of(got);
            out += "  body:\n";
            for (const std::string& paragraph : want_paragraphs) {
                if (std::find(got_paragraphs.begin(), got_paragraphs.end(), paragraph) == got_paragraphs.end()) {
                    out += "    - " + shorten(paragraph) + "\n";
                }
            }
            for (const std::string& paragraph : got_paragraphs) {
                if (std::find(want_paragraphs.begin(), want_paragraphs.end(), paragraph) == want_paragraphs.end()) {
                    out += "    + " + shorten(paragraph) + "\n";
                }
            }
            if (want_paragraphs.size() == got_paragraphs.size() && out.ends_with("  body:\n")) {
                out += "    (same paragraphs in another order)\n";
            }
        } else {
            out += "  " + key + ": expected " + shorten(want.dump()) + ", got " + shorten(got.dump()) + "\n";
        }
    }
    return out;
}

std::vector<fs::path> golden_pages()
{
    std::vector<fs::path> pages;
    for (const fs::directory_entry& entry : fs::directory_iterator(DATELINE_GOLDEN_DIR)) {
        if (entry.path().extension() == ".txt") {
            pages.push_back(entry.path());
        }
    }
    std::sort(pages.begin(), pages.end());
    return pages;
}

fs::path expected_path(const fs::path& page)
{
    return fs::path(page).replace_extension(".expected.json");
}

bool updating()
{
    const char* update = std::getenv("DATELINE_UPDATE_GOLDEN");
    return update != nullptr && std::string(update) == "1";
}

} // namespace

TEST_SUITE("golden cleaner")
{
    TEST_CASE("every golden page extracts to its expected JSON")
    {
        const std::vector<fs::path> pages = golden_pages();
        REQUIRE(pages.size() >= 10);
        for (const fs::path& page : pages) {
            const std::string quirk = page.stem().string();
            CAPTURE(quirk);
            const Json actual = extract_page(page);
            const fs::path expected_file = expected_path(page);
            const fs::path actual_file = fs::path(page).replace_extension(".actual.json");
            if (updating()) {
                write_text(expected_file, actual.dump(2) + "\n");
                fs::remove(actual_file);
                continue;
            }
            REQUIRE_MESSAGE(fs::exists(expected_file),
                            expected_file.string() << " is missing; write it, or run with DATELINE_UPDATE_GOLDEN=1 "
                                                      "and review the file it writes");
            const Json expected = Json::parse(read_text(expected_file));
            if (expected == actual) {
                fs::remove(actual_file);
                continue;
            }
            write_text(actual_file, actual.dump(2) + "\n");
            FAIL_CHECK(quirk << ".txt does not extract to " << expected_file.filename().string() << " (got "
                             << actual_file.filename().string() << "):\n"
                             << describe_differences(expected, actual));
        }
    }

    TEST_CASE("every expected file has its page")
    {
        for (const fs::directory_entry& entry : fs::directory_iterator(DATELINE_GOLDEN_DIR)) {
            const std::string name = entry.path().filename().string();
            if (name.ends_with(".expected.json")) {
                CAPTURE(name);
                const std::string stem = name.substr(0, name.size() - std::string(".expected.json").size());
                CHECK(fs::exists(entry.path().parent_path() / (stem + ".txt")));
            }
        }
    }

    TEST_CASE("the seed page extracts as issue 3 asks")
    {
        const fs::path seed = fs::path(DATELINE_SHARED_DIR) / "seed" / "000_24a4970a2a272e7e.txt";
        if (!fs::exists(seed)) {
            MESSAGE("SKIPPED: " << seed.string() << " is not there (the shared data sits next to the repository)");
            return;
        }
        const Json record = extract_page(seed);
        const std::string title = "Joe Biden, Vladimir Putin to speak today as tensions over Ukraine grow";
        CHECK(record["title"] == title);
        CHECK(record["section"] == "World");
        CHECK(record["dateline"] == "Washington");
        CHECK(record["source"] == "Bloomberg");
        CHECK(record["date"] == "2023-06-05");
        CHECK(record["date_kind"] == "page-banner");
        CHECK(record["language"] == "en");

        // What the page itself shows, found by its structure: the dek follows the title line (the
        // title also ends the breadcrumb line above it); the story runs from the dateline
        // paragraph to the one the wire signs.
        const std::string page = read_text(seed);
        std::vector<std::string> lines;
        for (std::string_view line : dateline::split_lines(page)) {
            if (!dateline::trim(line).empty()) {
                lines.emplace_back(dateline::trim(line));
            }
        }
        const auto repeat = std::find(lines.begin(), lines.end(), title);
        REQUIRE(repeat != lines.end());
        CHECK(record["subtitle"] == *(repeat + 1));
        const auto first = std::find_if(lines.begin(), lines.end(),
                                        [](const std::string& line) { return line.starts_with("Washington: "); });
        const auto last = std::find_if(first, lines.end(),
                                       [](const std::string& line) { return line.ends_with("\xE2\x80\x93" "Bloomberg"); });
        REQUIRE(first != lines.end());
        REQUIRE(last != lines.end());
        std::vector<std::string> story(first, last + 1);
        story.front().erase(0, std::string("Washington: ").size());
        story.back().erase(story.back().size() - std::string(" \xE2\x80\x93" "Bloomberg").size());
        const std::vector<std::string> body = paragraphs_of(record["body"]);
        CHECK(body == story);
        // None of the chrome lines: every other line of the page stays out of the body.
        const std::string body_text = record["body"].get<std::string>();
        for (auto line = lines.begin(); line != lines.end(); ++line) {
            const bool story_line = line >= first && line <= last;
            if (!story_line && *line != title && line != repeat + 1) {
                CAPTURE(*line);
                CHECK(body_text.find(*line) == std::string::npos);
            }
        }
    }
}
