#include "common/ingest/json_record_reader.h"

#include "common/ingest/record_parser.h"
#include "common/text/text_utils.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dateline {
namespace {

// Larger records are refused, so memory stays bounded whatever the input.
constexpr std::size_t k_max_record_bytes = std::size_t{16} << 20;
// A .json file is parsed whole; past this size, JSONL is the format to use.
constexpr std::uintmax_t k_max_json_file_bytes = std::uintmax_t{256} << 20;

void emit(const ReaderOutput& output, Article article)
{
    article.id = derive_article_id(article, {});
    output.on_article(std::move(article));
}

// Reads one line into `line`, keeping at most k_max_record_bytes of it so a huge line cannot
// exhaust memory. Returns false at the end of input; sets `too_long` when the line was cut.
bool read_bounded_line(std::istream& in, std::string& line, bool& too_long)
{
    line.clear();
    too_long = false;
    char buffer[65536];
    bool any = false;
    while (in.get(buffer, sizeof buffer, '\n')) {
        any = true;
        const std::size_t got = static_cast<std::size_t>(in.gcount());
        if (line.size() + got > k_max_record_bytes) {
            too_long = true;
        } else {
            line.append(buffer, got);
        }
    }
    if (in.eof()) {
        return any;
    }
    in.clear(); // get() fails on an empty line; the newline is still there
    if (in.get() == '\n') {
        return true;
    }
    return any;
}

} // namespace

void read_jsonl_records(std::istream& in, const ReaderOutput& output)
{
    std::string line;
    std::size_t line_number = 0;
    bool too_long = false;
    while (read_bounded_line(in, line, too_long)) {
        ++line_number;
        if (too_long) {
            output.on_reject(line_number, "the line is longer than " + std::to_string(k_max_record_bytes >> 20) +
                                              " MiB; a record must be smaller (split the body?)");
            continue;
        }
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
    } catch (const nlohmann::json::exception& error) {
        // Not a syntax error but a value the parser cannot hold, e.g. a number such as 5e5555.
        std::string detail = error.what();
        if (const std::size_t bracket = detail.find("] "); bracket != std::string::npos) {
            detail.erase(0, bracket + 2);
        }
        output.on_reject(0, "invalid JSON: " + detail);
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
        std::error_code error;
        if (std::filesystem::file_size(file.path, error) > k_max_json_file_bytes && !error) {
            output.on_reject(0, "the .json file is larger than " + std::to_string(k_max_json_file_bytes >> 20) +
                                    " MiB; write big archives as JSONL (one record per line)");
            return;
        }
        read_json_document(in, output);
    }
    if (in.bad()) {
        output.on_reject(0, std::string("read error: ") + std::strerror(errno));
    }
}

} // namespace dateline
