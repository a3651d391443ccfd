// libFuzzer target: any bytes as a URL query string ("q=…&page=…&size=…&op=…"), through
// parameter parsing, query preparation and a real search on a small database. Bad parameters
// must be a bad_request Error; every accepted request must be answered without any other error.
#include "common/article.h"
#include "common/index/article_indexer.h"
#include "common/errors.h"
#include "common/search/search_request.h"
#include "common/search/search_service.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

std::unique_ptr<dateline::SearchService> g_service; // libFuzzer's entry points leave no other place for it

std::multimap<std::string, std::string> split_query_string(std::string_view text)
{
    std::multimap<std::string, std::string> params;
    while (!text.empty()) {
        const std::size_t amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        const std::size_t equals = pair.find('=');
        params.emplace(std::string(pair.substr(0, equals)),
                       equals == std::string_view::npos ? std::string() : std::string(pair.substr(equals + 1)));
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    }
    return params;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("dateline-fuzz-" + std::to_string(getpid()));
    {
        dateline::ArticleIndexer indexer(dir.string(), 100);
        const char* texts[] = {"The central bank held rates as ferry fares rose in Port Calder.",
                               "Seals returned to the harbour; the harbour master counted them.",
                               "A cold war exhibition opened at the museum on Müllerstraße."};
        int n = 0;
        for (const char* text : texts) {
            dateline::Article article;
            article.id = "fuzz-" + std::to_string(++n);
            article.title = std::string("Story ") + std::to_string(n);
            article.body = {text};
            article.section = n % 2 ? "Business" : "Science";
            article.date = "2023-0" + std::to_string(n) + "-01";
            indexer.add(article);
        }
        indexer.commit();
    }
    g_service = std::make_unique<dateline::SearchService>(dir.string());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    dateline::SearchRequest request;
    try {
        request = dateline::parse_search_request(split_query_string(text));
    } catch (const dateline::Error& error) {
        if (error.code() != dateline::ErrorCode::bad_request) {
            std::abort();
        }
        return 0;
    }
    const dateline::SearchResponse response = g_service->search(request);
    if (response.hits.size() > static_cast<std::size_t>(request.size)) {
        std::abort();
    }
    return 0;
}
