// libFuzzer target: any bytes as one JSONL line. Parsing either rejects the line with a
// RecordError or yields an article with a title or a body whose record reads back the same.
#include "common/article.h"
#include "common/ingest/record_parser.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    dateline::Article article;
    try {
        article = dateline::parse_record_line(line);
    } catch (const dateline::RecordError&) {
        return 0;
    }
    if (article.title.empty() && article.body.empty()) {
        std::abort();
    }
    // The record Dateline stores and exports must parse back to the same article.
    article.id = dateline::derive_article_id(article, {});
    const nlohmann::json record = dateline::article_to_record(article);
    if (dateline::parse_record(record) != article) {
        std::abort();
    }
    return 0;
}
