// Unit tests of common/web/access_log.h and common/web/log_file.h: the JSON access-log line, which
// incoming request ids are adopted, generated ids, and a log file reopened after rotation.
#include "common/web/access_log.h"
#include "common/web/log_file.h"

#include "common/errors.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using dateline::AccessLogEntry;
using dateline::LogFile;

namespace {

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_SUITE("access log")
{
    TEST_CASE("writes one JSON object per request with the fields in a fixed order")
    {
        AccessLogEntry entry;
        entry.time = "2024-05-01T12:00:00.123Z";
        entry.request_id = "3f9c2a7d1e4b8c05";
        entry.remote = "127.0.0.1";
        entry.method = "GET";
        entry.target = "/api/v1/search?q=%22tidal+barrage%22";
        entry.route = "/api/v1/search";
        entry.status = 200;
        entry.bytes = 1830;
        entry.duration_ms = 2.41666;
        entry.user_agent = "curl/7.88.1 \"quoted\"";
        const std::string line = dateline::format_access_log_line(entry);
        CHECK(line == R"({"time":"2024-05-01T12:00:00.123Z","request_id":"3f9c2a7d1e4b8c05","remote":"127.0.0.1",)"
                      R"("method":"GET","target":"/api/v1/search?q=%22tidal+barrage%22","route":"/api/v1/search",)"
                      R"("status":200,"bytes":1830,"duration_ms":2.417,"user_agent":"curl/7.88.1 \"quoted\""})");
        CHECK(line.find('\n') == std::string::npos);
        entry.user_agent = "bad \xff utf-8\nnewline";
        const nlohmann::json parsed = nlohmann::json::parse(dateline::format_access_log_line(entry));
        CHECK(parsed["user_agent"].get<std::string>().find('\n') != std::string::npos);
    }

    TEST_CASE("adopts sane incoming request ids only")
    {
        for (const char* good : {"3f9c2a7d1e4b8c05", "123e4567-e89b-12d3-a456-426614174000", "req_1.2:3/4+5=@x", "a"}) {
            CAPTURE(good);
            CHECK(dateline::is_acceptable_request_id(good));
        }
        for (const std::string& bad : {std::string(), std::string("has space"), std::string("quote\""),
                                       std::string("new\nline"), std::string(129, 'a'), std::string("é")}) {
            CAPTURE(bad);
            CHECK_FALSE(dateline::is_acceptable_request_id(bad));
        }
        CHECK(dateline::is_acceptable_request_id(std::string(128, 'a')));
    }

    TEST_CASE("generates distinct 16-digit hex ids")
    {
        dateline::RequestIdGenerator ids;
        std::set<std::string> seen;
        for (int i = 0; i < 1000; ++i) {
            const std::string id = ids.next();
            CHECK(id.size() == 16);
            CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
            seen.insert(id);
        }
        CHECK(seen.size() == 1000);
    }

    TEST_CASE("appends to a log file and reopens it after rotation")
    {
        dateline::testing::TempDir dir;
        const std::filesystem::path path = dir.path() / "access.log";
        std::ofstream(path) << "earlier line\n";
        LogFile log(path.string());
        log.write_line("one");
        std::filesystem::rename(path, dir.path() / "access.log.1"); // what logrotate does
        log.write_line("two"); // still the old (renamed) file
        CHECK(log.reopen().empty());
        log.write_line("three");
        CHECK(read_file(dir.path() / "access.log.1") == "earlier line\none\ntwo\n");
        CHECK(read_file(path) == "three\n");
    }

    TEST_CASE("keeps writing to the old file when reopening fails, and refuses an unopenable path")
    {
        dateline::testing::TempDir dir;
        const std::filesystem::path logs = dir.path() / "logs";
        std::filesystem::create_directories(logs);
        LogFile log((logs / "access.log").string());
        std::filesystem::rename(logs, dir.path() / "moved");
        CHECK_FALSE(log.reopen().empty());
        log.write_line("still here");
        CHECK(read_file(dir.path() / "moved" / "access.log") == "still here\n");
        CHECK_THROWS_AS(LogFile((dir.path() / "no" / "such" / "dir.log").string()), dateline::Error);
        LogFile off("off");
        off.write_line("discarded");
        CHECK(off.reopen().empty());
    }
}
