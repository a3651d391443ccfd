// Reads plain-text scrapes (".txt"): one article per file, cleaned by clean_scrape with the
// site chrome learned from every scrape of the run.
#pragma once

#include "common/ingest/article_reader.h"

namespace dateline {

class ScrapeReader final : public ArticleReader {
public:
    [[nodiscard]] bool reads(const std::filesystem::path& path) const override;
    void learn(const SourceFile& file, ChromeModel& chrome) const override;
    void read(const SourceFile& file, const ReaderOutput& output) const override;
};

} // namespace dateline
