#include "common/ingest/record_parser.h"

#include "common/text/char_class.h"
#include "common/text/dates.h"
#include "common/text/text_utils.h"

#include <nlohmann/json.hpp>

namespace dateline {
namespace {

using nlohmann::json;

std::string quoted(std::string_view name)
{
    return "\"" + std::string(name) + "\"";
}

[[noreturn]] void throw_wrong_type(std::string_view field, std::string_view wanted, const json& value)
{
    throw RecordError(quoted(field) + " must be " + std::string(wanted) + ", not " + value.type_name());
}

// A single-line text field: a string or null; white space collapsed.
std::string read_text(const json& record, std::string_view field)
{
    const auto it = record.find(field);
    if (it == record.end() || it->is_null()) {
        return {};
    }
    if (!it->is_string()) {
        throw_wrong_type(field, "a string", *it);
    }
    return collapse_whitespace(it->get_ref<const std::string&>());
}

// A list field: an array of strings, a single string, or null. Empty entries are dropped.
std::vector<std::string> read_list(const json& record, std::string_view field)
{
    std::vector<std::string> values;
    const auto it = record.find(field);
    if (it == record.end() || it->is_null()) {
        return values;
    }
    const std::string_view wanted = "a string or an array of strings";
    if (it->is_string()) {
        std::string value = collapse_whitespace(it->get_ref<const std::string&>());
        if (!value.empty()) {
            values.push_back(std::move(value));
        }
        return values;
    }
    if (!it->is_array()) {
        throw_wrong_type(field, wanted, *it);
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& item = (*it)[i];
        if (!item.is_string()) {
            throw RecordError(quoted(field) + "[" + std::to_string(i) + "] must be a string, not " +
                              item.type_name());
        }
        std::string value = collapse_whitespace(item.get_ref<const std::string&>());
        if (!value.empty()) {
            values.push_back(std::move(value));
        }
    }
    return values;
}

std::vector<std::string> read_body(const json& record)
{
    const auto it = record.find("body");
    if (it == record.end() || it->is_null()) {
        return {};
    }
    if (it->is_string()) {
        return split_paragraphs(it->get_ref<const std::string&>());
    }
    if (!it->is_array()) {
        throw_wrong_type("body", "a string or an array of strings", *it);
    }
    std::vector<std::string> paragraphs;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& item = (*it)[i];
        if (!item.is_string()) {
            throw RecordError("\"body\"[" + std::to_string(i) + "] must be a string, not " + item.type_name());
        }
        // An array item is one paragraph, even if it holds line breaks.
        std::string paragraph = collapse_whitespace(item.get_ref<const std::string&>());
        if (!paragraph.empty()) {
            paragraphs.push_back(std::move(paragraph));
        }
    }
    return paragraphs;
}

std::string read_id(const json& record)
{
    const auto it = record.find("id");
    if (it == record.end() || it->is_null()) {
        return {};
    }
    if (it->is_string()) {
        return std::string(trim(it->get_ref<const std::string&>()));
    }
    if (it->is_number_integer()) {
        // Covers both signed and unsigned integers.
        return it->dump();
    }
    throw_wrong_type("id", "a string or an integer", *it);
}

// The publication date-time with its time and zone: the record's "published_at" (what Dateline
// writes back), else its "date" when that is a date-time; empty when only a day was given.
std::string read_published_at(const json& record)
{
    const std::string text = read_text(record, "published_at");
    if (text.empty()) {
        const std::string date = read_text(record, "date");
        return date.size() > 10 ? date : std::string();
    }
    if (text.size() <= 10 || !parse_iso_date(text)) {
        throw RecordError("\"published_at\" is not an ISO 8601 date-time: \"" + text + "\"");
    }
    return text;
}

std::string read_date(const json& record)
{
    const std::string text = read_text(record, "date");
    if (text.empty()) {
        return {};
    }
    std::optional<std::string> date = parse_iso_date(text);
    if (!date) {
        throw RecordError("\"date\" is not a date (want YYYY-MM-DD or an ISO 8601 date-time): \"" + text + "\"");
    }
    return *date;
}

// "en", "EN", "en-GB", "en_US" -> "en"; anything else is refused.
std::string read_language(const json& record)
{
    const std::string text = read_text(record, "language");
    if (text.empty()) {
        return {};
    }
    const std::string code = to_lower(text.substr(0, 2));
    const bool letters = code.size() == 2 && is_ascii_lower(code[0]) && is_ascii_lower(code[1]);
    const bool region_ok = text.size() == 2 || ((text[2] == '-' || text[2] == '_') && text.size() <= 8);
    if (!letters || !region_ok) {
        throw RecordError("\"language\" must be an ISO 639-1 code such as \"en\" or \"de\", got \"" + text + "\"");
    }
    return code;
}

} // namespace

Article parse_record(const json& record)
{
    if (!record.is_object()) {
        throw RecordError(std::string("a record must be a JSON object, not ") + record.type_name());
    }
    Article article;
    article.id = read_id(record);
    article.url = read_text(record, "url");
    article.title = read_text(record, "title");
    article.subtitle = read_text(record, "subtitle");
    article.section = read_text(record, "section");
    article.source = read_text(record, "source");
    article.authors = read_list(record, "authors");
    article.date = read_date(record);
    article.published_at = read_published_at(record);
    article.dateline = read_text(record, "dateline");
    article.tags = read_list(record, "tags");
    article.body = read_body(record);
    article.language = read_language(record);
    article.warc_file = read_text(record, "warc_file");
    article.warc_record_id = read_text(record, "warc_record_id");
    article.captured_at = read_text(record, "captured_at");
    if (article.title.empty() && article.body.empty()) {
        throw RecordError("a record needs a \"title\" or a \"body\"");
    }
    return article;
}

Article parse_record_line(std::string_view line)
{
    json record;
    try {
        record = json::parse(line);
    } catch (const json::parse_error& error) {
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, column N: ".
        std::string detail = error.what();
        if (const std::size_t colon = detail.find(": "); colon != std::string::npos) {
            detail.erase(0, colon + 2);
        }
        throw RecordError("invalid JSON at column " + std::to_string(error.byte) + ": " + detail);
    } catch (const json::exception& error) {
        // Not a syntax error but a value the parser cannot hold, e.g. a number such as 5e5555.
        std::string detail = error.what();
        if (const std::size_t bracket = detail.find("] "); bracket != std::string::npos) {
            detail.erase(0, bracket + 2);
        }
        throw RecordError("invalid JSON: " + detail);
    }
    return parse_record(record);
}

std::string derive_article_id(const Article& article, std::string_view scrape_path)
{
    if (!article.id.empty()) {
        return article.id;
    }
    if (!article.url.empty()) {
        return article.url;
    }
    if (!scrape_path.empty()) {
        return std::string(scrape_path);
    }
    const std::string content = article.title + '\x1f' + article.date + '\x1f' + join_paragraphs(article.body);
    return "hash:" + fingerprint_hex(content);
}

} // namespace dateline
