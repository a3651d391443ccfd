// Whole-database operations of dateline-indexer: statistics of any Dateline database (also of
// an older schema version), rebuilding from the stored articles (reindex), compaction in place
// or into a copy (the backup), and the swap that puts a rebuilt database in place without ever
// losing the old one. It writes only through ArticleIndexer and Xapian's compactor.
#pragma once

#include "common/index/database_stats.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace dateline {

/// A new, empty directory beside `path`: "<path>.<tag>-XXXXXX" (same file system, so that a
/// rename can swap it in).
/// @exception dateline::Error (internal) when it cannot be created.
std::string make_sibling_directory(const std::string& path, const std::string& tag);

/// Removes a directory tree, ignoring errors (for work directories).
void remove_directory_quietly(const std::string& path);

/// Puts the complete database in `new_dir` at `db_dir`: the old one is renamed aside first and
/// renamed back if the second rename fails, so that `db_dir` holds a whole database before and
/// after. Returns where the old one is now (remove it with dispose_old_database once its lock is released).
/// @exception dateline::Error (internal) when a rename fails, saying where each database is.
std::string swap_in_database(const std::string& new_dir, const std::string& db_dir);

/// Removes the swapped-out database `old_dir` unless `keep_old`; returns where it is kept, or "".
std::string dispose_old_database(const std::string& old_dir, bool keep_old);

/// The statistics of the database in `db_dir`, whatever its schema version.
/// @exception dateline::Error (unavailable) when there is no readable Xapian database there.
DatabaseStats read_database_stats(const std::string& db_dir);

struct ReindexResult {
    std::size_t articles = 0;
    int from_version = 0;
    std::string kept_old; // where the replaced database was kept, or empty when it was removed
};

/// Rebuilds the database in `db_dir` from its stored articles with this program's schema, into
/// a new directory beside it that is swapped in only when complete (holding the writer lock all
/// along, so no indexer commits in between). The old database is removed afterwards unless
/// `keep_old`. `progress` is called with (articles done, articles in all) now and then.
/// @exception dateline::Error (unavailable) when the database is missing, locked, not a Dateline
/// database or of a newer schema; (internal) when a stored article cannot be read or writing
/// fails. On any failure the old database is left exactly as it was.
ReindexResult reindex_database(const std::string& db_dir, std::size_t batch_size, bool keep_old,
                               const std::function<void(std::size_t, std::size_t)>& progress);

struct CompactResult {
    std::size_t documents = 0;
    std::uintmax_t size_before = 0;
    std::uintmax_t size_after = 0;
    std::string written;  // the directory the compacted database is in now
    std::string kept_old; // in place with keep_old: where the uncompacted database was kept
};

/// Compacts the database in `db_dir` (Xapian::Database::compact, what xapian-compact runs;
/// document ids are kept). With an empty `destination`, in place: the compacted copy replaces
/// the database when complete, holding the writer lock meanwhile. With a `destination` (which
/// must not exist), a compacted copy of the last commit is written there and the database is
/// not touched: a consistent backup, safe while the server and an indexer run.
/// @exception dateline::Error (bad_request) when `destination` exists; (unavailable) when the
/// database is missing, locked (in place) or not a Dateline database; (internal) when writing
/// fails. On any failure the database is left as it was and no partial copy remains.
CompactResult compact_database(const std::string& db_dir, const std::string& destination, bool keep_old);

} // namespace dateline
