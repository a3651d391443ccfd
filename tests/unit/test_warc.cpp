// Unit tests of WARC input (issue 17), layer by layer, on small WARC files built here: the gzip
// member stream (common/ingest/warc_stream.h), records (warc_record_reader.h), HTTP payloads
// (warc_http.h) and the reader in the ingest walk (warc_reader.h): pages become articles with
// their provenance, other records are counted, damaged ones reported without losing the rest.
#include "common/index/stored_article.h"
#include "common/ingest/extract_record.h"
#include "common/ingest/ingest.h"
#include "common/ingest/warc_http.h"
#include "common/ingest/warc_reader.h"
#include "common/ingest/warc_record_reader.h"
#include "common/ingest/warc_stream.h"
#include "common/web/article_view.h"

#include "tests/support/temp_dir.h"
#include "tests/support/warc_builder.h"

#include <brotli/encode.h>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using dateline::Article;
using dateline::HttpResponse;
using dateline::IngestReport;
using dateline::WarcRecord;
using dateline::WarcRecordReader;
using dateline::WarcRecordStatus;
using dateline::WarcStream;
using dateline::testing::chunked;
using dateline::testing::gzip_member;
using dateline::testing::html_response_record;
using dateline::testing::http_response;
using dateline::testing::news_page;
using dateline::testing::TempDir;
using dateline::testing::warc_record;
using Strings = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

// Everything a stream hands out, with the breaks it reported in between ("|break: …|").
std::string drain(WarcStream& stream)
{
    std::string out;
    char buffer[7]; // small reads cross member boundaries
    for (;;) {
        const std::size_t got = stream.read(buffer, sizeof buffer);
        if (got > 0) {
            out.append(buffer, got);
            continue;
        }
        const std::optional<std::string> what = stream.take_break();
        if (!what) {
            return out;
        }
        out += "|break: " + *what + "|";
    }
}

// What a record reader finds in `bytes`: one line per record, "record <type> <block size> @<offset>",
// "too_large <type>" or "damaged: <problem>".
Strings read_records(const std::string& bytes, std::size_t max_block = dateline::k_default_max_block)
{
    std::istringstream in(bytes);
    WarcStream stream(in);
    WarcRecordReader reader(stream, max_block);
    WarcRecord record;
    std::string problem;
    Strings seen;
    for (;;) {
        switch (reader.next(record, problem)) {
        case WarcRecordStatus::end:
            return seen;
        case WarcRecordStatus::damaged:
            seen.push_back("damaged: " + problem);
            break;
        case WarcRecordStatus::too_large:
            seen.push_back("too_large " + record.field("warc-type"));
            break;
        case WarcRecordStatus::record:
            seen.push_back("record " + record.field("WARC-Type") + " " + std::to_string(record.block.size()) + " @" +
                           std::to_string(record.offset));
            break;
        }
    }
}

// The lines one per row, so that doctest prints both sides of a failed comparison.
std::string lines(const Strings& rows)
{
    std::string text;
    for (const std::string& row : rows) {
        text += "\n" + row;
    }
    return text;
}

std::string info_record()
{
    return warc_record("warcinfo", {{"WARC-Record-ID", "<urn:uuid:info>"}}, "software: a test\r\n");
}

std::string request_record(const std::string& uri)
{
    return warc_record("request", {{"WARC-Target-URI", uri}}, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
}

struct Ingested {
    IngestReport report;
    std::map<std::string, Article> articles; // by id
};

Ingested ingest_file(const fs::path& path)
{
    Ingested result;
    result.report = dateline::ingest_paths({path.string()}, dateline::make_default_readers(),
                                           [&](Article&& article) { result.articles[article.id] = std::move(article); });
    return result;
}

void write_bytes(const fs::path& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

Strings rejection_reasons(const IngestReport& report)
{
    Strings reasons;
    for (const dateline::Rejection& rejection : report.rejections) {
        reasons.push_back(rejection.reason);
    }
    return reasons;
}

} // namespace

TEST_SUITE("warc stream")
{
    TEST_CASE("a plain file is read as it is")
    {
        std::istringstream in("WARC/1.0\r\nplain bytes");
        WarcStream stream(in);
        CHECK_FALSE(stream.compressed());
        CHECK(drain(stream) == "WARC/1.0\r\nplain bytes");
        CHECK(stream.file_offset_of(10) == 10);
    }

    TEST_CASE("gzip members are inflated one after the other, each known by its offset")
    {
        const std::string first = gzip_member("first member, ");
        const std::string second = gzip_member("second member, ");
        std::istringstream in(first + second + gzip_member("third"));
        WarcStream stream(in);
        CHECK(stream.compressed());
        CHECK(drain(stream) == "first member, second member, third");
        CHECK(stream.file_offset_of(0) == 0);
        CHECK(stream.file_offset_of(14) == first.size());
        CHECK(stream.file_offset_of(30) == first.size() + second.size());
    }

    TEST_CASE("a damaged member is reported with its offset and the next member still reads")
    {
        const std::string first = gzip_member("first member, ");
        std::string second = gzip_member(std::string(2000, 'x') + "second");
        for (std::size_t i = 10; i < 40; ++i) {
            second[i] = static_cast<char>(0xff); // a deflate block of the reserved type: inflate refuses it
        }
        std::istringstream in(first + second + gzip_member("third"));
        WarcStream stream(in);
        const std::string out = drain(stream);
        CHECK(out.starts_with("first member, "));
        CHECK(out.find("|break: damaged gzip member at byte " + std::to_string(first.size()) + ": ") != std::string::npos);
        CHECK(out.ends_with("|third"));
    }

    TEST_CASE("a file cut inside a member reports a truncated member")
    {
        const std::string first = gzip_member("first member, ");
        const std::string second = gzip_member(std::string(500, 'y'));
        std::istringstream in(first + second.substr(0, second.size() / 2));
        WarcStream stream(in);
        const std::string out = drain(stream);
        CHECK(out.starts_with("first member, "));
        CHECK(out.ends_with("|break: truncated gzip member at byte " + std::to_string(first.size()) + "|"));
    }
}

TEST_SUITE("warc records")
{
    TEST_CASE("reads WARC/1.0 and WARC/1.1 records with their fields and blocks")
    {
        const std::string first = info_record();
        const std::string second = warc_record("resource", {{"WARC-Target-URI", "https://a.example/x"}}, "block bytes",
                                               "WARC/1.1");
        CHECK(lines(read_records(first + second)) ==
              lines({"record warcinfo 18 @0", "record resource 11 @" + std::to_string(first.size())}));
        std::istringstream in(second);
        WarcStream stream(in);
        WarcRecordReader reader(stream);
        WarcRecord record;
        std::string problem;
        REQUIRE(reader.next(record, problem) == WarcRecordStatus::record);
        CHECK(record.version == "WARC/1.1");
        CHECK(record.field("warc-target-uri") == "https://a.example/x");
        CHECK(record.block == "block bytes");
    }

    TEST_CASE("in a .warc.gz a record's offset is its gzip member's")
    {
        const std::string first = gzip_member(info_record());
        const std::string second = gzip_member(request_record("https://a.example/"));
        CHECK(lines(read_records(first + second)) ==
              lines({"record warcinfo 18 @0", "record request 27 @" + std::to_string(first.size())}));
    }

    TEST_CASE("a damaged record in the middle is reported with its offset; the records after it still read")
    {
        const std::string first = info_record();
        const std::string bad_length = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\nhello\r\n\r\n";
        const std::string no_colon = "WARC/1.0\r\nWARC-Type response\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n";
        const std::string request = request_record("https://a.example/");
        CHECK(lines(read_records(first + bad_length + no_colon + request)) ==
              lines({"record warcinfo 18 @0",
                     "damaged: record at byte " + std::to_string(first.size()) + ": Content-Length \"12x\" is not a number",
                     "damaged: record at byte " + std::to_string(first.size() + bad_length.size()) +
                         ": bad header line \"WARC-Type response\" (want \"Name: value\")",
                     "record request 27 @" + std::to_string(first.size() + bad_length.size() + no_colon.size())}));
        // Bytes that are no record: reported once, then skipped up to the next record.
        const std::string garbage = "this is not a record\r\nnor this\r\n";
        CHECK(lines(read_records(first + garbage + request)) ==
              lines({"record warcinfo 18 @0",
                     "damaged: record at byte " + std::to_string(first.size()) +
                         ": not a WARC record: the line \"this is not a record\" should be \"WARC/1.0\" or \"WARC/1.1\"",
                     "record request 27 @" + std::to_string(first.size() + garbage.size())}));
    }

    TEST_CASE("a record without Content-Length and a file cut inside a block are reported")
    {
        const std::string first = info_record();
        const std::string no_length = "WARC/1.0\r\nWARC-Type: request\r\n\r\n";
        CHECK(lines(read_records(first + no_length + info_record())) ==
              lines({"record warcinfo 18 @0",
                     "damaged: record at byte " + std::to_string(first.size()) + ": no Content-Length field",
                     "record warcinfo 18 @" + std::to_string(first.size() + no_length.size())}));
        const std::string cut = request_record("https://a.example/");
        CHECK(lines(read_records(first + cut.substr(0, cut.size() - 12))) ==
              lines({"record warcinfo 18 @0",
                     "damaged: record at byte " + std::to_string(first.size()) +
                         ": truncated block: the file ends before the 27 bytes of Content-Length"}));
    }

    TEST_CASE("a damaged gzip member costs only its record")
    {
        const std::string first = gzip_member(info_record());
        std::string second = gzip_member(html_response_record("https://a.example/p", "urn:uuid:p", news_page("A", "bridge")));
        for (std::size_t i = 10; i < 40; ++i) {
            second[i] = static_cast<char>(0xff);
        }
        const Strings seen = read_records(first + second + gzip_member(request_record("https://a.example/")));
        REQUIRE(seen.size() == 3);
        CHECK(seen[0] == "record warcinfo 18 @0");
        CHECK(seen[1].starts_with("damaged: damaged gzip member at byte " + std::to_string(first.size())));
        CHECK(seen[2] == "record request 27 @" + std::to_string(first.size() + second.size()));
    }

    TEST_CASE("a block larger than the cap is skipped, not held, and the next record reads")
    {
        const std::string big = warc_record("resource", {}, std::string(5000, 'z'));
        CHECK(lines(read_records(info_record() + big + info_record(), 1000)) ==
              lines({"record warcinfo 18 @0", "too_large resource",
                     "record warcinfo 18 @" + std::to_string(info_record().size() + big.size())}));
    }
}

TEST_SUITE("warc http")
{
    TEST_CASE("reads status, fields and a plain body")
    {
        std::string problem;
        const auto response = dateline::parse_http_response(
            http_response(404, {{"Content-Type", "text/html"}, {"X-Folded", "a"}}, "<p>gone</p>"), problem);
        REQUIRE(response);
        CHECK(response->status == 404);
        CHECK(response->field("content-type") == "text/html");
        CHECK(response->payload == "<p>gone</p>");
    }

    TEST_CASE("undoes chunked transfer encoding and gzip content encoding")
    {
        const std::string html = news_page("Chunked", "pier");
        std::string problem;
        const auto response = dateline::parse_http_response(
            http_response(200, {{"Transfer-Encoding", "chunked"}, {"Content-Encoding", "gzip"}},
                          chunked(gzip_member(html), 100)),
            problem);
        REQUIRE(response);
        CHECK(problem.empty());
        CHECK(response->payload == html);
        // A body a crawler stored de-chunked and decoded, headers kept, reads as it is.
        const auto stored = dateline::parse_http_response(
            http_response(200, {{"Transfer-Encoding", "chunked"}, {"Content-Encoding", "gzip"}}, html), problem);
        REQUIRE(stored);
        CHECK(stored->payload == html);
    }

    TEST_CASE("decodes deflate (zlib and raw) and brotli")
    {
        const std::string html = news_page("Deflated", "ferry");
        std::string zlib_data(compressBound(static_cast<uLong>(html.size())), '\0');
        uLongf size = zlib_data.size();
        REQUIRE(compress(reinterpret_cast<Bytef*>(zlib_data.data()), &size, reinterpret_cast<const Bytef*>(html.data()),
                         html.size()) == Z_OK);
        zlib_data.resize(size);
        std::string problem;
        auto response = dateline::parse_http_response(http_response(200, {{"Content-Encoding", "deflate"}}, zlib_data), problem);
        REQUIRE(response);
        CHECK(response->payload == html);
        // Raw deflate: the zlib wrapper's two header bytes and four check bytes taken off.
        response = dateline::parse_http_response(
            http_response(200, {{"Content-Encoding", "deflate"}}, zlib_data.substr(2, zlib_data.size() - 6)), problem);
        REQUIRE(response);
        CHECK(response->payload == html);
        std::string brotli(BrotliEncoderMaxCompressedSize(html.size()), '\0');
        std::size_t brotli_size = brotli.size();
        REQUIRE(BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, html.size(),
                                      reinterpret_cast<const uint8_t*>(html.data()), &brotli_size,
                                      reinterpret_cast<uint8_t*>(brotli.data())) == BROTLI_TRUE);
        brotli.resize(brotli_size);
        response = dateline::parse_http_response(http_response(200, {{"Content-Encoding", "br"}}, brotli), problem);
        REQUIRE(response);
        CHECK(response->payload == html);
    }

    TEST_CASE("says why a block cannot be read")
    {
        std::string problem;
        CHECK_FALSE(dateline::parse_http_response("GET / HTTP/1.1\r\n\r\n", problem));
        CHECK(problem == "the block is not an HTTP response (no \"HTTP/1.1 200 OK\" status line)");
        CHECK_FALSE(dateline::parse_http_response(http_response(200, {{"Content-Encoding", "zstd"}}, "abc"), problem));
        CHECK(problem == "unknown Content-Encoding \"zstd\"");
        CHECK_FALSE(dateline::parse_http_response(
            http_response(200, {{"Content-Encoding", "gzip"}}, "\x1f\x8b\x08\xe0garbage-garbage-garbage"), problem));
        CHECK(problem.starts_with("damaged gzip content: "));
        // A payload that inflates beyond the bound is refused, never held.
        const std::string bomb = gzip_member(std::string(3 << 20, 'a'));
        CHECK_FALSE(dateline::parse_http_response(http_response(200, {{"Content-Encoding", "gzip"}}, bomb), problem, 1 << 20));
        CHECK(problem == "damaged gzip content: the payload inflates beyond 1 MB");
    }

    TEST_CASE("tells HTML payloads from others")
    {
        CHECK(dateline::media_type("Text/HTML; charset=UTF-8") == "text/html");
        CHECK(dateline::is_html_payload("text/html", ""));
        CHECK(dateline::is_html_payload("application/xhtml+xml; charset=utf-8", ""));
        CHECK_FALSE(dateline::is_html_payload("image/png", "<html>"));
        CHECK_FALSE(dateline::is_html_payload("text/plain", "<html>"));
        CHECK(dateline::is_html_payload("", "\xEF\xBB\xBF  <!DOCTYPE HTML><html>"));
        CHECK(dateline::is_html_payload("application/octet-stream", "<html lang=en>"));
        CHECK_FALSE(dateline::is_html_payload("", "User-agent: *"));
    }
}

TEST_SUITE("warc reader")
{
    TEST_CASE("each HTML page with status 200 becomes an article with its provenance; other records are counted")
    {
        TempDir dir;
        const std::string page = news_page("Sea wall plans shown to residents", "sea wall");
        const std::string gif = http_response(200, {{"Content-Type", "image/gif"}}, "GIF89a");
        const std::string moved = http_response(302, {{"Content-Type", "text/html"}, {"Location", "/x"}}, "<html>moved</html>");
        const std::string archive =
            gzip_member(info_record()) + gzip_member(request_record("https://brindle.example/news/sea-wall")) +
            gzip_member(html_response_record("https://brindle.example/news/sea-wall", "urn:uuid:1111", page)) +
            gzip_member(warc_record("response", {{"WARC-Target-URI", "https://brindle.example/logo.gif"}}, gif)) +
            gzip_member(warc_record("response", {{"WARC-Target-URI", "https://brindle.example/old"}}, moved)) +
            gzip_member(warc_record("revisit", {{"WARC-Target-URI", "https://brindle.example/news/sea-wall"}}, "")) +
            gzip_member(warc_record("metadata", {}, "via: x\r\n")) +
            gzip_member(warc_record("resource",
                                    {{"WARC-Target-URI", "file:///saved/library.html"},
                                     {"WARC-Record-ID", "<urn:uuid:2222>"},
                                     {"WARC-Date", "2023-05-07T00:00:00Z"},
                                     {"Content-Type", "text/html"}},
                                    news_page("Library reopens its doors", "library roof")));
        write_bytes(dir.path() / "crawl.warc.gz", archive);
        const Ingested ingested = ingest_file(dir.path() / "crawl.warc.gz");
        CHECK(ingested.report.rejections.empty());
        REQUIRE(ingested.articles.size() == 2);
        const Article& article = ingested.articles.at("https://brindle.example/news/sea-wall");
        CHECK(article.title == "Sea wall plans shown to residents");
        CHECK(article.body.size() == 2);
        CHECK(article.url == "https://brindle.example/news/sea-wall");
        CHECK(article.warc_file == "crawl.warc.gz");
        CHECK(article.warc_record_id == "urn:uuid:1111");
        CHECK(article.captured_at == "2023-05-06T07:08:09Z");
        // The capture date is not the publication date: the page states none.
        CHECK(article.date.empty());
        // A page without a web address (file:) is known by its place in the archive.
        const std::string resource_id = (dir.path() / "crawl.warc.gz").generic_string() + "#urn:uuid:2222";
        REQUIRE(ingested.articles.count(resource_id) == 1);
        CHECK(ingested.articles.at(resource_id).title == "Library reopens its doors");
        CHECK(ingested.report.notes ==
              Strings{dir.path().generic_string() + "/crawl.warc.gz: 8 records: 2 HTML pages; skipped 1 metadata, 1 "
                                                    "request, 1 response: not HTML, 1 response: status 302, 1 revisit, "
                                                    "1 warcinfo"});
    }

    TEST_CASE("the charset of the Content-Type header reaches the page cleaner")
    {
        TempDir dir;
        // windows-1252: 0xE9 is "é", 0x92 a right single quote; the page itself declares nothing.
        const std::string html = "<html><head><title>Caf\xE9 owners\x92 rent rises</title></head><body><article><p>The "
                                 "caf\xE9 on the quay will close for the winter, its owners said on Monday evening "
                                 "after a long meeting.</p></article></body></html>";
        const std::string http = http_response(200, {{"Content-Type", "text/html; charset=windows-1252"}}, html);
        write_bytes(dir.path() / "a.warc",
                    warc_record("response", {{"WARC-Target-URI", "https://quay.example/cafe"}}, http));
        const Ingested ingested = ingest_file(dir.path() / "a.warc");
        REQUIRE(ingested.articles.size() == 1);
        const Article& article = ingested.articles.begin()->second;
        CHECK(article.title == "Café owners’ rent rises");
        REQUIRE(article.body.size() == 1);
        CHECK(article.body[0].starts_with("The café on the quay"));
    }

    TEST_CASE("a damaged record is one rejection naming its offset; the rest of the file is read")
    {
        TempDir dir;
        const std::string first = gzip_member(html_response_record("https://b.example/1", "urn:uuid:1", news_page("First", "dock")));
        std::string second = gzip_member(html_response_record("https://b.example/2", "urn:uuid:2", news_page("Second", "mill")));
        for (std::size_t i = 10; i < 40; ++i) {
            second[i] = static_cast<char>(0xff);
        }
        const std::string bad_http = gzip_member(warc_record(
            "response", {{"WARC-Target-URI", "https://b.example/3"}},
            http_response(200, {{"Content-Encoding", "gzip"}}, "\x1f\x8b\x08\xe0not gzip data at all, not at all")));
        const std::string third = gzip_member(html_response_record("https://b.example/4", "urn:uuid:4", news_page("Fourth", "canal")));
        write_bytes(dir.path() / "d.warc.gz", first + second + bad_http + third.substr(0, third.size() / 2));
        const Ingested ingested = ingest_file(dir.path() / "d.warc.gz");
        CHECK(ingested.articles.size() == 1);
        CHECK(ingested.articles.count("https://b.example/1") == 1);
        const Strings reasons = rejection_reasons(ingested.report);
        REQUIRE(reasons.size() == 3);
        CHECK(reasons[0].starts_with("damaged gzip member at byte " + std::to_string(first.size()) + ": "));
        CHECK(reasons[1].starts_with("record at byte " + std::to_string(first.size() + second.size()) +
                                     " (https://b.example/3): damaged gzip content: "));
        CHECK(reasons[2] == "truncated gzip member at byte " + std::to_string(first.size() + second.size() + bad_http.size()));
        CHECK(ingested.report.articles_read() == ingested.report.articles_indexed + ingested.report.rejections.size());
    }

    TEST_CASE("provenance goes into extract's output, the stored form and the article page")
    {
        Article article;
        article.id = "https://b.example/1";
        article.title = "Captured";
        article.origin = "crawl.warc.gz";
        article.warc_file = "crawl.warc.gz";
        article.warc_record_id = "urn:uuid:1";
        article.captured_at = "2023-05-06T07:08:09Z";
        const nlohmann::ordered_json extracted = dateline::extract_record(article);
        CHECK(extracted["warc_file"] == "crawl.warc.gz");
        CHECK(extracted["warc_record_id"] == "urn:uuid:1");
        CHECK(extracted["captured_at"] == "2023-05-06T07:08:09Z");
        article.origin.clear();
        CHECK(dateline::decode_stored_article(dateline::encode_stored_article(article)) == article);
        const std::string page = dateline::render_article_view(article, {});
        CHECK(page.find("Captured from <span class=\"warc-file\">crawl.warc.gz</span>, record <span "
                        "class=\"warc-record\">urn:uuid:1</span>, on <time datetime=\"2023-05-06T07:08:09Z\">") !=
              std::string::npos);
        // An article from elsewhere keeps its shape.
        Article plain;
        plain.id = "p";
        plain.title = "Plain";
        CHECK_FALSE(dateline::extract_record(plain).contains("warc_file"));
        CHECK(dateline::render_article_view(plain, {}).find("Captured from") == std::string::npos);
    }

    TEST_CASE("provenance is stored after published_at, and data stored before it still reads")
    {
        Article article;
        article.id = "t";
        article.title = "Timed";
        const std::string plain = dateline::encode_stored_article(article);
        article.published_at = "2021-03-04T10:15:00+02:00";
        const std::string timed = dateline::encode_stored_article(article);
        article.warc_file = "x.warc";
        article.captured_at = "2023-01-01T00:00:00Z";
        const std::string captured = dateline::encode_stored_article(article);
        CHECK(captured.starts_with(timed));
        CHECK(dateline::decode_stored_article(captured) == article);
        article.published_at.clear();
        CHECK(dateline::decode_stored_article(dateline::encode_stored_article(article)) == article);
        CHECK(dateline::decode_stored_article(plain).warc_file.empty());
        CHECK(dateline::decode_stored_article(timed).warc_file.empty());
    }

    TEST_CASE("the real WARC files in ../shared read without a damaged record")
    {
        const fs::path dir = fs::path(DATELINE_SHARED_DIR) / "corpora" / "warc";
        for (const char* name : {"warcio-example.warc.gz", "ukwa-IAH-urls-wget.warc.gz"}) {
            const fs::path path = dir / name;
            if (!fs::exists(path)) {
                MESSAGE("SKIPPED: " << path.string() << " is not there (the shared data sits next to the repository)");
                continue;
            }
            CAPTURE(name);
            const Ingested ingested = ingest_file(path);
            CHECK(ingested.report.rejections.empty());
            for (const std::string& note : ingested.report.notes) {
                MESSAGE(note);
            }
            CHECK_FALSE(ingested.articles.empty());
            for (const auto& [id, article] : ingested.articles) {
                CHECK(article.warc_file == name);
                CHECK(article.warc_record_id.starts_with("urn:uuid:"));
                CHECK_FALSE(article.captured_at.empty());
            }
        }
    }
}
