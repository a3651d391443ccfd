// Hostile files for the indexer's readers: each is reported precisely (path, line, reason),
// everything else is read, and memory stays bounded. Files are generated per test, not stored.
#include "common/ingest/ingest.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using dateline::Article;
using dateline::IngestReport;
using dateline::testing::TempDir;

namespace {

void write_file(const std::filesystem::path& path, const std::string& content)
{
    std::ofstream(path, std::ios::binary) << content;
}

struct Walked {
    IngestReport report;
    std::vector<std::string> ids;
};

Walked walk(const std::string& dir)
{
    Walked walked;
    const auto readers = dateline::make_default_readers();
    walked.report = dateline::ingest_paths({dir}, readers, [&](Article&& article) { walked.ids.push_back(article.id); });
    return walked;
}

std::string rejection_text(const IngestReport& report, std::size_t i)
{
    return i < report.rejections.size() ? dateline::format_rejection(report.rejections[i]) : std::string("(none)");
}

} // namespace

TEST_SUITE("hostile input")
{
    TEST_CASE("a line longer than the record limit is refused without being held in memory")
    {
        TempDir dir;
        std::string content = R"({"id":"before","title":"Before"})"
                              "\n";
        content += R"({"id":"huge","title":"Huge","body":")" + std::string(17u << 20, 'x') + "\"}\n";
        content += R"({"id":"after","title":"After"})"
                   "\n";
        write_file(dir.path() / "big.jsonl", content);
        const Walked walked = walk(dir.path().string());
        CHECK(walked.ids == std::vector<std::string>{"before", "after"});
        REQUIRE(walked.report.rejections.size() == 1);
        CHECK(rejection_text(walked.report, 0) ==
              dir.sub("big.jsonl") + ":2: the line is longer than 16 MiB; a record must be smaller (split the body?)");
    }

    TEST_CASE("invalid UTF-8, NUL bytes, binary and empty files are reported and the rest is read")
    {
        TempDir dir;
        write_file(dir.path() / "utf8.jsonl", "{\"id\":\"bad\",\"title\":\"caf\xE9\"}\n{\"id\":\"good\",\"title\":\"Good\"}\n");
        write_file(dir.path() / "nul.txt", std::string("Title\n\nBody\0more", 16));
        std::string binary;
        for (int i = 0; i < 4096; ++i) {
            binary += static_cast<char>((i * 7919) % 256);
        }
        write_file(dir.path() / "binary.txt", binary);
        write_file(dir.path() / "empty.txt", "");
        write_file(dir.path() / "empty.jsonl", "");
        const Walked walked = walk(dir.path().string());
        CHECK(walked.ids == std::vector<std::string>{"good"});
        REQUIRE(walked.report.rejections.size() == 3);
        CHECK(rejection_text(walked.report, 0) == dir.sub("binary.txt") + ": not a text file (it contains NUL bytes)");
        CHECK(rejection_text(walked.report, 1) == dir.sub("nul.txt") + ": not a text file (it contains NUL bytes)");
        // The parser quotes the bad byte; the report replaces it so it stays valid UTF-8.
        CHECK(rejection_text(walked.report, 2).starts_with(dir.sub("utf8.jsonl") + ":1: invalid JSON at column"));
        CHECK(rejection_text(walked.report, 2).find("ill-formed UTF-8 byte") != std::string::npos);
        CHECK(rejection_text(walked.report, 2).find('\xE9') == std::string::npos);
        // Empty files of any format hold no record (issue 15).
        CHECK(walked.report.empty_files == std::vector<std::string>{dir.sub("empty.jsonl"), dir.sub("empty.txt")});
        CHECK(walked.report.articles_read() == walked.report.articles_indexed + walked.report.rejections.size());
    }

    TEST_CASE("deeply nested and truncated JSON are rejected by line")
    {
        TempDir dir;
        const std::string nested = R"({"title":"x","body":)" + std::string(50000, '[') + std::string(50000, ']') + "}\n";
        write_file(dir.path() / "nested.jsonl", nested + R"({"id":"ok","title":"Fine"})" + "\n" + R"({"id":"cut","ti)");
        const Walked walked = walk(dir.path().string());
        CHECK(walked.ids == std::vector<std::string>{"ok"});
        REQUIRE(walked.report.rejections.size() == 2);
        CHECK(rejection_text(walked.report, 0) == dir.sub("nested.jsonl") + ":1: \"body\"[0] must be a string, not array");
        CHECK(rejection_text(walked.report, 1).starts_with(dir.sub("nested.jsonl") + ":3: invalid JSON at column"));
    }

    TEST_CASE("a symbolic link loop is not followed")
    {
        TempDir dir;
        write_file(dir.path() / "one.jsonl", R"({"id":"one","title":"One"})");
        std::filesystem::create_directory_symlink(dir.path(), dir.path() / "loop");
        const Walked walked = walk(dir.path().string());
        CHECK(walked.ids == std::vector<std::string>{"one"});
        CHECK(walked.report.rejections.empty());
    }

    TEST_CASE("duplicate ids within and across files are noted; the later article wins")
    {
        TempDir dir;
        write_file(dir.path() / "a.jsonl", R"({"id":"same","title":"First"})"
                                           "\n"
                                           R"({"id":"same","title":"Second"})"
                                           "\n");
        write_file(dir.path() / "b.jsonl", R"({"id":"same","title":"Third"})");
        const Walked walked = walk(dir.path().string());
        CHECK(walked.ids.size() == 3);
        CHECK(walked.report.duplicate_ids == 2);
        CHECK(walked.report.notes.size() == 2);
    }
}
