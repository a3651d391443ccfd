// Reads JSON records: ".jsonl" (one object per line) and ".json" (one object or an array).
#pragma once

#include "common/ingest/article_reader.h"

#include <iosfwd>

namespace dateline {

class JsonRecordReader final : public ArticleReader {
public:
    [[nodiscard]] bool reads(const std::filesystem::path& path) const override;
    void read(const SourceFile& file, const ReaderOutput& output) const override;
};

/// Reads JSONL records from a stream (one object per line, blank lines ignored); each record
/// ends in one on_article (id from the record: id, url or content hash) or on_reject call.
void read_jsonl_records(std::istream& in, const ReaderOutput& output);

} // namespace dateline
