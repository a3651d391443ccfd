// Reads saved web pages (".html", ".htm", and the same gzipped: ".html.gz", ".htm.gz"): one
// article per file, cleaned by clean_html_page with the site chrome learned from every page
// of the run.
#pragma once

#include "common/ingest/article_reader.h"

#include <optional>
#include <string>

namespace dateline {

class HtmlReader final : public ArticleReader {
public:
    [[nodiscard]] bool reads(const std::filesystem::path& path) const override;
    void learn(const SourceFile& file, ChromeModel& chrome) const override;
    void read(const SourceFile& file, const ReaderOutput& output) const override;
};

/// The bytes of a file, gunzipped when it is gzip-compressed; nullopt with the reason when it
/// cannot be read (or inflates beyond 256 MB).
std::optional<std::string> read_maybe_gzipped(const std::filesystem::path& path, std::string& reason);

} // namespace dateline
