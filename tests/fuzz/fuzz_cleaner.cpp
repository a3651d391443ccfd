// libFuzzer target: any bytes as a scraped page. The cleaner must not crash, must return valid
// UTF-8 in every field, and must list exactly the fields it left empty.
#include "common/cleaning/cleaner.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view page(reinterpret_cast<const char*>(data), size);
    const dateline::Extraction extraction = dateline::clean_scrape(page);
    const dateline::Article& article = extraction.article;
    for (const std::string* field : {&article.title, &article.subtitle, &article.section, &article.source,
                                     &article.dateline, &article.date}) {
        if (!dateline::is_valid_utf8(*field)) {
            std::abort();
        }
    }
    for (const std::string& paragraph : article.body) {
        if (paragraph.empty() || !dateline::is_valid_utf8(paragraph)) {
            std::abort();
        }
    }
    const bool says_title_missing =
        std::find(extraction.missing.begin(), extraction.missing.end(), "title") != extraction.missing.end();
    if (says_title_missing != article.title.empty()) {
        std::abort();
    }
    return 0;
}
