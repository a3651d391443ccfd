#include "tests/unit/test_support.h"

#include "common/cleaning/chrome_model.h"
#include "common/index/article_indexer.h"
#include "common/errors.h"

#include <exception>
#include <vector>

#ifndef DATELINE_TEST_DATA_DIR
#error "DATELINE_TEST_DATA_DIR must name the fixture corpus (see tests/CMakeLists.txt)"
#endif

namespace dateline::testing {

std::string catch_error_code(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& error) {
        return std::string(error_code_name(error.code()));
    } catch (const std::exception& error) {
        return std::string("other exception: ") + error.what();
    }
    return "no exception";
}

void index_articles(const std::string& db_dir, const std::vector<Article>& articles, std::size_t batch_size)
{
    ArticleIndexer indexer(db_dir, batch_size);
    for (const Article& article : articles) {
        indexer.add(article);
    }
    indexer.commit();
}

std::string indexed_db(const TempDir& dir, const std::vector<Article>& articles)
{
    const std::string db_dir = dir.sub("db");
    index_articles(db_dir, articles);
    return db_dir;
}

void index_articles(const Xapian::WritableDatabase& db, const std::vector<Article>& articles)
{
    ArticleIndexer indexer(db, 100);
    for (const Article& article : articles) {
        indexer.add(article);
    }
    indexer.commit();
}

Xapian::WritableDatabase in_memory_db(const std::vector<Article>& articles)
{
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    index_articles(db, articles);
    return db;
}

std::string test_data_dir()
{
    return DATELINE_TEST_DATA_DIR;
}

namespace {

std::string lantern_place(int n)
{
    static const std::vector<std::string> k_places = {"Lowmoor", "Fellside", "Crag End", "Tarn Head", "Mossbeck",
                                                      "Brackenridge", "Heron Ghyll", "Scarth", "Windle", "Oxenholme"};
    return k_places[static_cast<std::size_t>(n) % k_places.size()];
}

std::string lantern_event(int n)
{
    static const std::vector<std::string> k_events = {"sheepdog trial", "hay auction", "choir contest", "bridge repair",
                                                      "school fete", "bus timetable", "flood warning", "wool fair",
                                                      "chapel roof", "post office"};
    return k_events[static_cast<std::size_t>(n * 3 + 1) % k_events.size()];
}

} // namespace

std::string lantern_title(int n)
{
    return lantern_place(n) + " " + lantern_event(n) + " draws a crowd (part " + std::to_string(n) + ")";
}

std::string lantern_story(int n)
{
    return "The " + lantern_event(n) + " at " + lantern_place(n) + " went ahead on day " + std::to_string(n) +
           ", organisers said.";
}

std::string lantern_page(int n)
{
    return "Lowmoor Lantern, lit since 1921\n"
           "Ferries  Fells  Fairs\n\n" +
           lantern_title(n) + "\n\n"
           "Lantern-bearers' notes (" + std::to_string(n * 7) + ")\n\n" +
           lantern_story(n) + "\n\n"
           "Filed in: " + lantern_place(n) + "\n\n"
           "Carry the Lantern home each Thursday for two farthings.\n";
}

std::uint64_t counted_pages(const ChromeModel& model, std::string_view site)
{
    const std::string stored = model.serialise_site(site);
    const std::size_t start = stored.find("\npages\t");
    if (start == std::string::npos) {
        return 0;
    }
    return std::stoull(stored.substr(start + 7, stored.find('\n', start + 7) - (start + 7)));
}

} // namespace dateline::testing
