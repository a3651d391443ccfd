// Owns what the search service knows about damage to its database (issue 15): Xapian's errors
// turned into a message safe for any client (Xapian's own text kept as the Error's detail, for
// the log), the damage last seen with the state of the table files it was seen on, and a cheap
// probe of a fresh handle whenever those files change, and Xapian's full check of a database
// of at most k_full_check_bytes on a thread of its own (never on a request: it reads every
// block, minutes on a large archive).
#pragma once

#include "common/errors.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <string>

namespace Xapian {
class Database;
class Error;
} // namespace Xapian

namespace dateline {

/// What a client is told when the database cannot be read; Xapian's message goes to the log.
inline constexpr const char* k_damaged_database_message =
    "the database cannot be read (it may be damaged); the server's log has the details";

/// The Error for a Xapian failure reading `path`: the generic message, Xapian's description
/// as the detail.
Error database_read_error(const std::string& path, const Xapian::Error& error);

/// Each file of the database directory with its size and modification time: changes with every
/// commit, swap, repair or damage. Empty when the directory cannot be read.
std::string describe_table_files(const std::string& path);

/// Reads a few blocks of every table of `db`: the first term's postings, the last document's
/// data, terms and positions, the metadata. Throws Xapian's error when one cannot be read.
void probe_tables(const Xapian::Database& db);

/// Databases up to this size (all tables) also get Xapian's full check after each change.
inline constexpr std::uintmax_t k_full_check_bytes = 256 << 20;

class DatabaseHealth {
public:
    explicit DatabaseHealth(std::string path) : m_path(std::move(path)) {}
    ~DatabaseHealth();
    DatabaseHealth(const DatabaseHealth&) = delete;
    DatabaseHealth& operator=(const DatabaseHealth&) = delete;

    /// Throws the damage seen on the files as they are now; when they changed since the last
    /// probe, probes a fresh handle first (a few block reads) and keeps its verdict, and starts
    /// the full check of a small database in the background (its verdict counts from the next
    /// call on, while the files stay as they were).
    /// @exception dateline::Error (unavailable) with Xapian's text as detail.
    void check();

    /// Records `error` (met while searching) against the files as they are now and throws its
    /// Error. A commit or a repair changes the files, and the next check() probes them again.
    [[noreturn]] void fail(const Xapian::Error& error);

private:
    void start_full_check(const std::string& files);
    void record(const std::string& files, const std::string& damage);

    std::string m_path;
    std::mutex m_mutex;
    std::string m_probed_files;  // describe_table_files at the last probe or failure
    std::string m_damage;        // Xapian's description of the damage on m_probed_files; "" none
    std::atomic<bool> m_checking = false;
    std::thread m_checker;       // the full check in progress or last done
};

} // namespace dateline
