#include "common/scrape_reader.h"

#include "common/cleaner.h"
#include "common/record_parser.h"
#include "common/text_utils.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dateline {

bool ScrapeReader::reads(const std::filesystem::path& path) const
{
    return to_lower(path.extension().string()) == ".txt";
}

void ScrapeReader::read(const SourceFile& file, const ReaderOutput& output) const
{
    std::ifstream in(file.path, std::ios::binary);
    if (!in) {
        output.on_reject(0, std::string("cannot open: ") + std::strerror(errno));
        return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        output.on_reject(0, std::string("read error: ") + std::strerror(errno));
        return;
    }
    const std::string content = text.str();
    if (content.find('\0') != std::string::npos) {
        output.on_reject(0, "not a text file (it contains NUL bytes)");
        return;
    }
    Extraction extraction = clean_scrape(content);
    if (extraction.article.title.empty() && extraction.article.body.empty()) {
        output.on_reject(0, "no article text found (the file is empty or holds only page chrome)");
        return;
    }
    // Without an id or a url, a scrape is known by its path relative to the directory it was found under.
    extraction.article.id = derive_article_id(extraction.article, file.relative_path);
    output.on_article(std::move(extraction.article));
}

} // namespace dateline
