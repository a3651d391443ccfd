#include "common/index/maintenance.h"

#include "common/index/article_indexer.h"
#include "common/cleaning/chrome_model.h"
#include "common/index/chrome_store.h"
#include "common/text/dates.h"
#include "common/errors.h"
#include "common/index/schema.h"

#include <xapian.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace dateline {
namespace fs = std::filesystem;

namespace {

// Compaction reads one revision; an indexer committing twice meanwhile invalidates it.
constexpr int k_max_compact_attempts = 5;
constexpr std::size_t k_progress_every = 1000;

std::string without_trailing_slash(std::string path)
{
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    return path;
}

// Opens a database with `open`, turning Xapian's exceptions into messages that say what to do.
template <typename Open> auto open_or_explain(const std::string& path, Open open)
{
    try {
        return open();
    } catch (const Xapian::DatabaseLockError& error) {
        throw Error(ErrorCode::unavailable, describe_lock_failure(path, error.get_msg()));
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorCode::unavailable, "no database at " + path);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::unavailable, "cannot open database " + path + ": " + error.get_description());
    }
}

Xapian::Database open_any_version(const std::string& path)
{
    return open_or_explain(path, [&] { return Xapian::Database(path); });
}

// Opening for writing takes the writer lock: no indexer commits while we hold it.
Xapian::WritableDatabase lock_database(const std::string& path)
{
    return open_or_explain(path, [&] { return Xapian::WritableDatabase(path, Xapian::DB_OPEN); });
}

void require_dateline_database(const Xapian::Database& db, const std::string& path)
{
    if (schema::read_schema_version(db) == 0) {
        throw Error(ErrorCode::unavailable, path + " is not a Dateline database (no schema version)");
    }
}

std::uintmax_t database_size(const std::string& path)
{
    std::uintmax_t total = 0;
    std::error_code error;
    for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
        std::error_code size_error;
        const std::uintmax_t size = it->is_regular_file(size_error) ? it->file_size(size_error) : 0;
        total += size_error ? 0 : size;
    }
    return total;
}

// Compacts the last commit of `db_dir` into the empty directory `output`, retrying when an
// indexer commit overtakes the read.
void compact_into(const std::string& db_dir, const std::string& output)
{
    for (int attempt = 1;; ++attempt) {
        try {
            Xapian::Database source = open_any_version(db_dir);
            // Keep document ids: the copy answers exactly as the original (ties rank by docid).
            // Fuller blocks: an archive grows by appends, and the index is about 6 % smaller.
            source.compact(output, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULLER);
            return;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= k_max_compact_attempts) {
                throw Error(ErrorCode::unavailable, db_dir + " changed too often during compaction; try again when "
                                                             "the indexer is idle");
            }
            remove_directory_quietly(output);
            fs::create_directories(output);
        } catch (const Xapian::Error& error) {
            throw Error(ErrorCode::internal, "cannot compact " + db_dir + ": " + error.get_description());
        }
    }
}

} // namespace

// A new, empty directory beside `path`: "<path>.<tag>-XXXXXX" (same file system, so a rename
// can swap it in).
std::string make_sibling_directory(const std::string& path, const std::string& tag)
{
    std::string pattern = path + "." + tag + "-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
        throw Error(ErrorCode::internal, "cannot create a directory beside " + path + ": " + std::strerror(errno));
    }
    return buffer.data();
}

void remove_directory_quietly(const std::string& path)
{
    std::error_code ignored;
    fs::remove_all(path, ignored);
}

namespace {

// "<db>.old-20240501T120000Z" (with a suffix if that exists already).
std::string old_database_name(const std::string& db_dir)
{
    std::string stamp;
    for (const char c : format_utc_time(std::chrono::system_clock::now(), false)) {
        if (c != '-' && c != ':') {
            stamp += c;
        }
    }
    std::string name = db_dir + ".old-" + stamp;
    for (int suffix = 2; fs::exists(name); ++suffix) {
        name = db_dir + ".old-" + stamp + "-" + std::to_string(suffix);
    }
    return name;
}

} // namespace

// Puts the complete database in `new_dir` at `db_dir`. The old one is renamed aside first and
// renamed back if the second rename fails, so that `db_dir` always holds a whole database.
// Returns where the old one is now.
std::string swap_in_database(const std::string& new_dir, const std::string& db_dir)
{
    const std::string old_dir = old_database_name(db_dir);
    std::error_code error;
    fs::rename(db_dir, old_dir, error);
    if (error) {
        throw Error(ErrorCode::internal, "cannot move " + db_dir + " aside: " + error.message() +
                                             " (it is unchanged; the new database is in " + new_dir + ")");
    }
    fs::rename(new_dir, db_dir, error);
    if (error) {
        std::error_code restore_error;
        fs::rename(old_dir, db_dir, restore_error);
        throw Error(ErrorCode::internal, "cannot move the new database into place: " + error.message() +
                                             (restore_error ? " (the old database is at " + old_dir + ")"
                                                            : " (the old database is back in place)"));
    }
    return old_dir;
}

// After the swap and once its lock is released: the old database's new name, or empty when it
// was removed.
std::string dispose_old_database(const std::string& old_dir, bool keep_old)
{
    if (keep_old) {
        return old_dir;
    }
    remove_directory_quietly(old_dir);
    return {};
}

DatabaseStats read_database_stats(const std::string& db_dir)
{
    const Xapian::Database db = open_any_version(db_dir);
    try {
        return compute_database_stats(db, db_dir);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::unavailable, "cannot read database " + db_dir + ": " + error.get_description());
    }
}

namespace {

// Indexes every article stored in `old_db` (the database at `db_dir`) into the new database
// `new_dir`, with the site chrome it learned; reports every k_progress_every articles. Returns
// how many it indexed.
std::size_t rebuild_articles(const Xapian::Database& old_db, const std::string& db_dir, const std::string& new_dir,
                             std::size_t batch_size, const std::function<void(std::size_t, std::size_t)>& progress)
{
    const std::size_t total = old_db.get_doccount();
    std::size_t articles = 0;
    ArticleIndexer indexer(new_dir, batch_size);
    // What the old database learned about site chrome stays learned.
    ChromeModel chrome;
    static_cast<void>(load_chrome_model(old_db, chrome));
    indexer.store_chrome(chrome);
    for (auto it = old_db.postlist_begin(""); it != old_db.postlist_end(""); ++it) {
        Article article;
        try {
            article = schema::read_stored_article(old_db.get_document(*it));
        } catch (const std::exception& error) {
            throw Error(ErrorCode::internal, "document " + std::to_string(*it) + " of " + db_dir +
                                                 " holds no readable article (" + error.what() +
                                                 "); nothing was changed");
        }
        article.origin = db_dir + "#" + std::to_string(*it);
        indexer.add(article);
        if (++articles % k_progress_every == 0 && progress) {
            progress(articles, total);
        }
    }
    indexer.commit();
    if (indexer.document_count() != total) {
        throw Error(ErrorCode::internal, "the rebuilt database holds " + std::to_string(indexer.document_count()) +
                                             " articles, not " + std::to_string(total) +
                                             " (are ids repeated?); nothing was changed");
    }
    return articles;
}

} // namespace

ReindexResult reindex_database(const std::string& db_dir_argument, std::size_t batch_size, bool keep_old,
                               const std::function<void(std::size_t, std::size_t)>& progress)
{
    const std::string db_dir = without_trailing_slash(db_dir_argument);
    Xapian::WritableDatabase old_db = lock_database(db_dir);
    ReindexResult result;
    result.from_version = schema::read_schema_version(old_db);
    require_dateline_database(old_db, db_dir);
    if (result.from_version > schema::k_schema_version) {
        throw Error(ErrorCode::unavailable, db_dir + " was built with schema version " +
                                                std::to_string(result.from_version) + " by a newer Dateline; this "
                                                "program uses version " + std::to_string(schema::k_schema_version) +
                                                " and cannot reindex it");
    }
    const std::string new_dir = make_sibling_directory(db_dir, "reindex");
    try {
        const std::size_t total = old_db.get_doccount();
        result.articles = rebuild_articles(old_db, db_dir, new_dir, batch_size, progress);
        if (progress) {
            progress(result.articles, total);
        }
        const std::string old_dir = swap_in_database(new_dir, db_dir);
        old_db.close(); // release the writer lock of the old database before removing it
        result.kept_old = dispose_old_database(old_dir, keep_old);
    } catch (const Xapian::Error& error) {
        remove_directory_quietly(new_dir);
        throw Error(ErrorCode::internal, "cannot reindex " + db_dir + ": " + error.get_description() +
                                             "; nothing was changed");
    } catch (...) {
        remove_directory_quietly(new_dir);
        throw;
    }
    return result;
}

CompactResult compact_database(const std::string& db_dir_argument, const std::string& destination_argument,
                               bool keep_old)
{
    const std::string db_dir = without_trailing_slash(db_dir_argument);
    const std::string destination = without_trailing_slash(destination_argument);
    CompactResult result;
    if (!destination.empty() && fs::exists(destination)) {
        throw Error(ErrorCode::bad_request, destination + " exists; compact --to writes a new directory and never "
                                                          "overwrites one: choose another or remove it");
    }
    {
        const Xapian::Database db = open_any_version(db_dir);
        require_dateline_database(db, db_dir);
        result.documents = db.get_doccount();
    }
    result.size_before = database_size(db_dir);

    if (!destination.empty()) {
        const std::string partial = make_sibling_directory(destination, "partial");
        try {
            compact_into(db_dir, partial);
            fs::rename(partial, destination);
        } catch (const fs::filesystem_error& error) {
            remove_directory_quietly(partial);
            throw Error(ErrorCode::internal, "cannot move the copy to " + destination + ": " + error.code().message());
        } catch (...) {
            remove_directory_quietly(partial);
            throw;
        }
        result.written = destination;
        result.size_after = database_size(destination);
        return result;
    }

    // In place: hold the writer lock so that no commit lands between the copy and the swap.
    Xapian::WritableDatabase lock = lock_database(db_dir);
    const std::string new_dir = make_sibling_directory(db_dir, "compact");
    try {
        compact_into(db_dir, new_dir);
        const std::string old_dir = swap_in_database(new_dir, db_dir);
        lock.close();
        result.kept_old = dispose_old_database(old_dir, keep_old);
    } catch (...) {
        remove_directory_quietly(new_dir);
        throw;
    }
    result.written = db_dir;
    result.size_after = database_size(db_dir);
    return result;
}

} // namespace dateline
