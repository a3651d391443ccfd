// Reads JSON records: ".jsonl" (one object per line) and ".json" (one object or an array).
#pragma once

#include "common/article_reader.h"

namespace dateline {

class JsonRecordReader final : public ArticleReader {
public:
    [[nodiscard]] bool reads(const std::filesystem::path& path) const override;
    void read(const SourceFile& file, const ReaderOutput& output) const override;
};

} // namespace dateline
