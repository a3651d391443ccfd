// Helpers shared by the unit tests: a temporary directory per test (kept when the test fails,
// like ccache's unittest/main.cpp), small archives indexed on disk or in memory, and the fixture
// corpus location. No TEST_CASE here.
#pragma once

#include "common/article.h"

#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dateline::testing {

/// A fresh directory under the system temporary directory. It is removed when the TempDir goes
/// away, unless the running test has failed or an exception is unwinding: then it is kept and
/// its path printed, so the database or files can be inspected.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    /// `name` inside the directory, as a string (what the constructors under test take).
    [[nodiscard]] std::string sub(const std::string& name) const;

private:
    std::filesystem::path m_path;
};

/// Set by the doctest listener in main.cpp.
void set_current_test_failed(bool failed);
bool current_test_failed();

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

} // namespace dateline::testing
