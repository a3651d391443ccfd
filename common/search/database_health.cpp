#include "common/search/database_health.h"

#include <xapian.h>

#include <filesystem>
#include <sys/stat.h>

namespace dateline {

Error database_read_error(const std::string& path, const Xapian::Error& error)
{
    return Error(ErrorCode::unavailable, k_damaged_database_message, path + ": " + error.get_description());
}

std::string describe_table_files(const std::string& path)
{
    std::string description;
    std::error_code failed;
    for (const auto& entry : std::filesystem::directory_iterator(path, failed)) {
        struct stat info {};
        if (::stat(entry.path().c_str(), &info) == 0) {
            description += entry.path().filename().string() + " " + std::to_string(info.st_size) + " " +
                           std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec) + "\n";
        }
    }
    return description;
}

void probe_tables(const Xapian::Database& db)
{
    for (auto term = db.allterms_begin(); term != db.allterms_end(); ++term) {
        for (auto posting = db.postlist_begin(*term); posting != db.postlist_end(*term); ++posting) {
            break; // the first posting of the first term reads the postlist table's spine
        }
        break;
    }
    (void)db.get_metadata("dateline:probe"); // any key: the lookup walks the table
    (void)db.metadata_keys_begin();
    const Xapian::docid last = db.get_lastdocid();
    if (last == 0) {
        return;
    }
    try {
        const Xapian::Document document = db.get_document(last);
        (void)document.get_data();
        for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
            (void)term.positionlist_count();
            break;
        }
    } catch (const Xapian::DocNotFoundError&) {
        // the last document was deleted: nothing more to read cheaply
    }
}

namespace {

std::uintmax_t directory_bytes(const std::string& path)
{
    std::uintmax_t bytes = 0;
    std::error_code failed;
    for (const auto& entry : std::filesystem::directory_iterator(path, failed)) {
        bytes += entry.is_regular_file(failed) ? entry.file_size(failed) : 0;
    }
    return bytes;
}

} // namespace

DatabaseHealth::~DatabaseHealth()
{
    if (m_checker.joinable()) {
        m_checker.join();
    }
}

void DatabaseHealth::record(const std::string& files, const std::string& damage)
{
    const std::lock_guard lock(m_mutex);
    m_probed_files = files;
    m_damage = damage;
}

void DatabaseHealth::start_full_check(const std::string& files)
{
    if (m_checking.exchange(true)) {
        return; // one at a time; the next change starts another
    }
    if (m_checker.joinable()) {
        m_checker.join(); // the last one has finished (m_checking was false)
    }
    m_checker = std::thread([this, files] {
        std::string damage;
        try {
            if (Xapian::Database::check(m_path, 0, nullptr) != 0) {
                damage = "Xapian's check found errors in the tables";
            }
        } catch (const Xapian::DatabaseModifiedError&) {
        } catch (const Xapian::Error& error) {
            damage = error.get_description();
        }
        // A commit during the check can look like damage: only unchanged files count.
        if (!damage.empty() && describe_table_files(m_path) == files) {
            record(files, damage);
        }
        m_checking = false;
    });
}

void DatabaseHealth::check()
{
    if (m_path.empty()) {
        return; // a database given open: nothing on disk to watch
    }
    const std::string files = describe_table_files(m_path);
    {
        const std::lock_guard lock(m_mutex);
        if (files == m_probed_files) {
            if (!m_damage.empty()) {
                throw Error(ErrorCode::unavailable, k_damaged_database_message, m_path + ": " + m_damage);
            }
            return;
        }
    }
    std::string damage;
    try {
        probe_tables(Xapian::Database(m_path));
    } catch (const Xapian::DatabaseModifiedError&) {
        return; // a commit landed during the probe; the next check probes the new files
    } catch (const Xapian::DatabaseNotFoundError&) {
        return; // not damage: the service's own open says there is no database
    } catch (const Xapian::Error& error) {
        damage = error.get_description();
    }
    record(files, damage);
    if (!damage.empty()) {
        throw Error(ErrorCode::unavailable, k_damaged_database_message, m_path + ": " + damage);
    }
    if (directory_bytes(m_path) <= k_full_check_bytes) {
        start_full_check(files);
    }
}

void DatabaseHealth::fail(const Xapian::Error& error)
{
    if (!m_path.empty()) {
        record(describe_table_files(m_path), error.get_description());
    }
    throw database_read_error(m_path.empty() ? "the open database" : m_path, error);
}

} // namespace dateline
