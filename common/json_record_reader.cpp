#include "common/json_record_reader.h"

#include "common/record_parser.h"
#include "common/text_utils.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dateline {
namespace {

void emit(const ReaderOutput& output, Article article)
{
    article.id = derive_article_id(article, {});
    output.on_article(std::move(article));
}

} // namespace

void read_jsonl_records(std::istream& in, const ReaderOutput& output)
{
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (trim(line).empty()) {
            continue;
        }
        try {
            emit(output, parse_record_line(line));
        } catch (const RecordError& error) {
            output.on_reject(line_number, error.what());
        }
    }
}

namespace {

void read_json_document(std::istream& in, const ReaderOutput& output)
{
    std::ostringstream text;
    text << in.rdbuf();
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& error) {
        std::string detail = error.what();
        if (const std::size_t colon = detail.find(": "); colon != std::string::npos) {
            detail.erase(0, colon + 2);
        }
        output.on_reject(0, "invalid JSON at byte " + std::to_string(error.byte) + ": " + detail);
        return;
    }
    if (document.is_object()) {
        try {
            emit(output, parse_record(document));
        } catch (const RecordError& error) {
            output.on_reject(0, error.what());
        }
        return;
    }
    if (!document.is_array()) {
        output.on_reject(0, std::string("a .json file must hold a record or an array of records, not ") +
                                document.type_name());
        return;
    }
    for (std::size_t i = 0; i < document.size(); ++i) {
        try {
            emit(output, parse_record(document[i]));
        } catch (const RecordError& error) {
            output.on_reject(0, "record " + std::to_string(i + 1) + ": " + error.what());
        }
    }
}

} // namespace

bool JsonRecordReader::reads(const std::filesystem::path& path) const
{
    const std::string extension = to_lower(path.extension().string());
    return extension == ".jsonl" || extension == ".json";
}

void JsonRecordReader::read(const SourceFile& file, const ReaderOutput& output) const
{
    std::ifstream in(file.path, std::ios::binary);
    if (!in) {
        output.on_reject(0, std::string("cannot open: ") + std::strerror(errno));
        return;
    }
    if (to_lower(file.path.extension().string()) == ".jsonl") {
        read_jsonl_records(in, output);
    } else {
        read_json_document(in, output);
    }
    if (in.bad()) {
        output.on_reject(0, std::string("read error: ") + std::strerror(errno));
    }
}

} // namespace dateline
