#include "common/ingest/warc_reader.h"

#include "common/cleaning/html_page.h"
#include "common/ingest/record_parser.h"
#include "common/ingest/warc_http.h"
#include "common/ingest/warc_record_reader.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace dateline {
namespace {

// One HTML page found in a WARC file.
struct WarcPage {
    HtmlPageContext context;
    std::string payload;
    std::string record_id; // WARC-Record-ID without its angle brackets
    std::uint64_t offset = 0;
};

// What the walk over a file's records calls.
struct WarcVisitor {
    std::function<void(WarcPage&)> on_page;
    std::function<void(const std::string&)> on_damaged; // "record at byte N: …"
    std::function<void(const std::string&)> on_note;
};

std::string without_angle_brackets(std::string value)
{
    if (value.size() >= 2 && value.front() == '<' && value.back() == '>') {
        value = value.substr(1, value.size() - 2);
    }
    return value;
}

// "record at byte 784 (http://example.com/)".
std::string where(const WarcRecord& record, const std::string& uri)
{
    return "record at byte " + std::to_string(record.offset) + (uri.empty() ? "" : " (" + uri + ")");
}

// The site a page's chrome is learned for: the host of its address, else the file's folder.
std::string site_of_page(const std::string& uri, const std::string& file_site)
{
    const std::size_t scheme = uri.find("://");
    if (scheme == std::string::npos) {
        return file_site;
    }
    const std::size_t start = scheme + 3;
    const std::size_t end = uri.find_first_of(":/?#", start);
    const std::string host = ascii_lower(uri.substr(start, end == std::string::npos ? std::string::npos : end - start));
    return host.empty() ? file_site : host;
}

// The page a response or resource record holds, or nullopt when it holds none (counted in
// `tally`, or reported as damaged).
std::optional<WarcPage> page_of(WarcRecord& record, const std::string& type, WarcTally& tally,
                                const WarcVisitor& visitor)
{
    WarcPage page;
    page.context.url = without_angle_brackets(record.field("WARC-Target-URI"));
    std::string content_type = record.field("Content-Type");
    if (type == "response") {
        if (!record.block.starts_with("HTTP/")) {
            ++tally.skipped["response: not HTTP"]; // e.g. a crawler's DNS records
            return std::nullopt;
        }
        std::string problem;
        std::optional<HttpResponse> response = parse_http_response(record.block, problem);
        if (!response) {
            ++tally.damaged;
            visitor.on_damaged(where(record, page.context.url) + ": " + problem);
            return std::nullopt;
        }
        if (response->status != 200) {
            ++tally.skipped["response: status " + std::to_string(response->status)];
            return std::nullopt;
        }
        content_type = response->field("Content-Type");
        page.payload = std::move(response->payload);
    } else {
        page.payload = std::move(record.block);
    }
    if (!is_html_payload(content_type, page.payload)) {
        ++tally.skipped[type + ": not HTML"];
        return std::nullopt;
    }
    page.context.content_type = content_type;
    page.context.fetched_at = record.field("WARC-Date");
    page.record_id = without_angle_brackets(record.field("WARC-Record-ID"));
    page.offset = record.offset;
    return page;
}

void visit_record(WarcRecord& record, WarcRecordStatus status, WarcTally& tally, const WarcVisitor& visitor)
{
    std::string type = ascii_lower(record.field("WARC-Type"));
    if (type != "response" && type != "resource") {
        ++tally.skipped[type.empty() ? "record without WARC-Type" : type];
        return;
    }
    if (status == WarcRecordStatus::too_large) {
        ++tally.skipped[type + ": larger than 16 MB"];
        visitor.on_note(where(record, record.field("WARC-Target-URI")) + " is larger than 16 MB: skipped");
        return;
    }
    if (std::optional<WarcPage> page = page_of(record, type, tally, visitor)) {
        ++tally.pages;
        visitor.on_page(*page);
    }
}

// Reads every record of `path`; false with `error` set when the file cannot be opened.
bool visit_file(const std::filesystem::path& path, WarcTally& tally, const WarcVisitor& visitor, std::string& error)
{
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::string("cannot open: ") + std::strerror(errno != 0 ? errno : ENOENT);
        return false;
    }
    WarcStream stream(in);
    WarcRecordReader reader(stream);
    WarcRecord record;
    std::string problem;
    for (;;) {
        const WarcRecordStatus status = reader.next(record, problem);
        if (status == WarcRecordStatus::end) {
            return true;
        }
        ++tally.records;
        if (status == WarcRecordStatus::damaged) {
            ++tally.damaged;
            visitor.on_damaged(problem);
            continue;
        }
        visit_record(record, status, tally, visitor);
    }
}

} // namespace

std::string describe_warc_tally(const WarcTally& tally)
{
    std::string text = std::to_string(tally.records) + (tally.records == 1 ? " record: " : " records: ") +
                       std::to_string(tally.pages) + (tally.pages == 1 ? " HTML page" : " HTML pages");
    std::vector<std::pair<std::string, std::size_t>> skipped(tally.skipped.begin(), tally.skipped.end());
    std::stable_sort(skipped.begin(), skipped.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t i = 0; i < skipped.size(); ++i) {
        text += (i == 0 ? "; skipped " : ", ") + std::to_string(skipped[i].second) + " " + skipped[i].first;
    }
    if (tally.damaged > 0) {
        text += "; " + std::to_string(tally.damaged) + " damaged";
    }
    return text;
}

bool WarcReader::reads(const std::filesystem::path& path) const
{
    const std::string name = ascii_lower(path.filename().string());
    for (std::string_view extension : {".warc", ".warc.gz"}) {
        if (name.size() > extension.size() && name.ends_with(extension)) {
            return true;
        }
    }
    return false;
}

void WarcReader::learn(const SourceFile& file, ChromeModel& chrome) const
{
    WarcTally tally;
    WarcVisitor visitor;
    visitor.on_page = [&](WarcPage& page) {
        chrome.learn_page(site_of_page(page.context.url, file.site), html_page_lines(page.payload, page.context));
    };
    visitor.on_damaged = [](const std::string&) {};
    visitor.on_note = [](const std::string&) {};
    std::string error;
    visit_file(file.path, tally, visitor, error);
}

void WarcReader::read(const SourceFile& file, const ReaderOutput& output) const
{
    WarcTally tally;
    WarcVisitor visitor;
    visitor.on_page = [&](WarcPage& page) {
        const std::string site = site_of_page(page.context.url, file.site);
        Extraction extraction = output.chrome != nullptr
                                    ? clean_html_page(page.payload, page.context, *output.chrome, site)
                                    : clean_html_page(page.payload, page.context);
        if (extraction.article.title.empty() && extraction.article.body.empty()) {
            output.on_reject(0, "record at byte " + std::to_string(page.offset) + " (" + page.context.url +
                                    "): no article text found (the page is empty or holds only page chrome)");
            return;
        }
        Article& article = extraction.article;
        article.warc_file = file.path.filename().string();
        article.warc_record_id = page.record_id;
        article.captured_at = page.context.fetched_at;
        // Known by its canonical address, else its target URI, else its place in the archive.
        article.id = derive_article_id(article, file.relative_path + "#" + page.record_id);
        output.on_article(std::move(article));
    };
    visitor.on_damaged = [&](const std::string& problem) { output.on_reject(0, problem); };
    visitor.on_note = [&](const std::string& note) {
        if (output.on_note) {
            output.on_note(note);
        }
    };
    std::string error;
    if (!visit_file(file.path, tally, visitor, error)) {
        output.on_reject(0, error);
        return;
    }
    visitor.on_note(describe_warc_tally(tally));
}

} // namespace dateline
