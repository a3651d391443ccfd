// Helpers shared by the unit tests: a temporary directory per test (kept when the test fails,
// like ccache's unittest/main.cpp), small archives indexed on disk or in memory, and the fixture
// corpus location. No TEST_CASE here.
#pragma once

#include "common/article.h"
#include "tests/support/temp_dir.h"

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {
class ChromeModel;
}

namespace dateline::testing {

/// The name of the dateline::ErrorCode that `action` throws ("unavailable", ...), "no exception",
/// or "other exception: <what>"; a string so that doctest prints it when a CHECK fails.
std::string catch_error_code(const std::function<void()>& action);

/// Indexes `articles` into the database at `db_dir` (created when missing) in batches of
/// `batch_size`, and commits.
void index_articles(const std::string& db_dir, const std::vector<Article>& articles, std::size_t batch_size = 100);

/// Indexes `articles` into the database "db" inside `dir` and returns its path (what a
/// SearchService over them takes).
std::string indexed_db(const TempDir& dir, const std::vector<Article>& articles);

/// A database in memory (Xapian's InMemory backend) holding `articles` as ArticleIndexer writes
/// them, for a SearchService over them: nothing touches the disk. It keeps no spelling data
/// ("did you mean" needs indexed_db) and no revisions (the service then caches no answers);
/// copies of the handle share the database, so more can be indexed into it later.
Xapian::WritableDatabase in_memory_db(const std::vector<Article>& articles);

/// Indexes `articles` into `db` (an in_memory_db) and commits.
void index_articles(const Xapian::WritableDatabase& db, const std::vector<Article>& articles);

/// The fixture corpus tests/data, from the DATELINE_TEST_DATA_DIR compile definition.
std::string test_data_dir();

/// Page `n` of the invented site "Lowmoor Lantern", whose chrome (a masthead, a menu, a notes
/// counter, a "Filed in:" label and a sign-off pitch) uses words no general rule knows, so only
/// learning removes it. Its stories differ in their words, as real stories do.
std::string lantern_page(int n);

/// The headline and the one story paragraph of lantern_page(n).
std::string lantern_title(int n);
std::string lantern_story(int n);

/// The pages `model` counted for `site`, as its stored form (serialise_site) records them; 0 for
/// a site it does not know.
std::uint64_t counted_pages(const ChromeModel& model, std::string_view site);

} // namespace dateline::testing
