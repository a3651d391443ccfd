#include "common/ingest/scrape_reader.h"

#include "common/cleaning/cleaner.h"
#include "common/ingest/record_parser.h"
#include "common/text/text_utils.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace dateline {
namespace {

// The file's text, or nullopt with the reason it cannot be read as a scrape.
std::optional<std::string> read_scrape(const std::filesystem::path& path, std::string& reason)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        reason = std::string("cannot open: ") + std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        reason = std::string("read error: ") + std::strerror(errno);
        return std::nullopt;
    }
    std::string content = std::move(text).str();
    if (content.find('\0') != std::string::npos) {
        reason = "not a text file (it contains NUL bytes)";
        return std::nullopt;
    }
    return content;
}

} // namespace

bool ScrapeReader::reads(const std::filesystem::path& path) const
{
    return to_lower(path.extension().string()) == ".txt";
}

void ScrapeReader::learn(const SourceFile& file, ChromeModel& chrome) const
{
    std::string reason;
    if (const std::optional<std::string> content = read_scrape(file.path, reason)) {
        chrome.learn_page(file.site, *content);
    }
}

void ScrapeReader::read(const SourceFile& file, const ReaderOutput& output) const
{
    std::string reason;
    const std::optional<std::string> content = read_scrape(file.path, reason);
    if (!content) {
        output.on_reject(0, reason);
        return;
    }
    Extraction extraction = output.chrome != nullptr ? clean_scrape(*content, *output.chrome, file.site)
                                                     : clean_scrape(*content);
    if (extraction.article.title.empty() && extraction.article.body.empty()) {
        output.on_reject(0, "no article text found (the file is empty or holds only page chrome)");
        return;
    }
    // Without an id or a url, a scrape is known by its path relative to the directory it was found under.
    extraction.article.id = derive_article_id(extraction.article, file.relative_path);
    output.on_article(std::move(extraction.article));
}

} // namespace dateline
