#include "common/ingest/html_reader.h"

#include "common/cleaning/html_page.h"
#include "common/ingest/record_parser.h"
#include "common/text/text_utils.h"

#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

namespace dateline {
namespace {

constexpr std::size_t k_max_page_bytes = std::size_t{256} << 20;

struct GzCloser {
    void operator()(gzFile file) const { gzclose(file); }
};

} // namespace

std::optional<std::string> read_maybe_gzipped(const std::filesystem::path& path, std::string& reason)
{
    // zlib reads a file that is not gzip-compressed as it is.
    errno = 0;
    std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
    if (!file) {
        reason = std::string("cannot open: ") + std::strerror(errno != 0 ? errno : ENOMEM);
        return std::nullopt;
    }
    std::string content;
    std::array<char, 65536> buffer{};
    for (;;) {
        const int got = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(file.get(), &code);
            reason = code == Z_ERRNO ? std::string("read error: ") + std::strerror(errno)
                                     : std::string("damaged gzip data: ") + message;
            return std::nullopt;
        }
        if (got == 0) {
            break;
        }
        content.append(buffer.data(), static_cast<std::size_t>(got));
        if (content.size() > k_max_page_bytes) {
            reason = "page larger than 256 MB";
            return std::nullopt;
        }
    }
    return content;
}

bool HtmlReader::reads(const std::filesystem::path& path) const
{
    const std::string name = ascii_lower(path.filename().string());
    for (std::string_view extension : {".html", ".htm", ".html.gz", ".htm.gz"}) {
        if (name.size() > extension.size() && name.ends_with(extension)) {
            return true;
        }
    }
    return false;
}

void HtmlReader::learn(const SourceFile& file, ChromeModel& chrome) const
{
    std::string reason;
    if (const std::optional<std::string> content = read_maybe_gzipped(file.path, reason)) {
        chrome.learn_page(file.site, html_page_lines(*content, {}));
    }
}

void HtmlReader::read(const SourceFile& file, const ReaderOutput& output) const
{
    std::string reason;
    const std::optional<std::string> content = read_maybe_gzipped(file.path, reason);
    if (!content) {
        output.on_reject(0, reason);
        return;
    }
    const HtmlPageContext context;
    Extraction extraction = output.chrome != nullptr ? clean_html_page(*content, context, *output.chrome, file.site)
                                                     : clean_html_page(*content, context);
    if (extraction.article.title.empty() && extraction.article.body.empty()) {
        output.on_reject(0, "no article text found (the page is empty or holds only page chrome)");
        return;
    }
    // A page is known by its canonical address, else by its path relative to the directory it was found under.
    extraction.article.id = derive_article_id(extraction.article, file.relative_path);
    output.on_article(std::move(extraction.article));
}

} // namespace dateline
