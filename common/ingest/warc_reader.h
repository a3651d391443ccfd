// Reads web archives (".warc", ".warc.gz", WARC/1.0 and 1.1): every HTML page a "response"
// (or "resource") record holds with status 200 becomes an article, cleaned by clean_html_page
// with the record's target URI and the page's charset, and keeps where it was captured (file,
// record id, capture date). Other records are counted in one note per file; a damaged record is
// one rejection ("record at byte N: …") and reading goes on at the next record.
#pragma once

#include "common/ingest/article_reader.h"

#include <cstddef>
#include <map>
#include <string>

namespace dateline {

/// How the records of one WARC file were used.
struct WarcTally {
    std::size_t records = 0;                   // every record read, damaged ones included
    std::size_t pages = 0;                     // HTML pages handed to the cleaner
    std::size_t damaged = 0;                   // reported and skipped
    std::map<std::string, std::size_t> skipped; // why -> how many ("request", "response: not HTML", …)
};

/// "42 records: 5 HTML pages; skipped 16 request, 2 response (status 302), …" (what was skipped,
/// most frequent first).
std::string describe_warc_tally(const WarcTally& tally);

class WarcReader final : public ArticleReader {
public:
    [[nodiscard]] bool reads(const std::filesystem::path& path) const override;
    void learn(const SourceFile& file, ChromeModel& chrome) const override;
    void read(const SourceFile& file, const ReaderOutput& output) const override;
};

} // namespace dateline
