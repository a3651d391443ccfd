// Reads plain-text scrapes (".txt"): one article per file, cleaned by clean_scrape.
#pragma once

#include "common/article_reader.h"

namespace dateline {

class ScrapeReader final : public ArticleReader {
public:
    [[nodiscard]] bool reads(const std::filesystem::path& path) const override;
    void read(const SourceFile& file, const ReaderOutput& output) const override;
};

} // namespace dateline
