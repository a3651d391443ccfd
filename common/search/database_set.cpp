#include "common/search/database_set.h"

#include "common/errors.h"
#include "common/index/schema.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dateline {
namespace {

namespace fs = std::filesystem;

Error stub_error(const std::string& stub_path, std::size_t line, const std::string& message)
{
    return Error(ErrorCode::unavailable, stub_path + ":" + std::to_string(line) + ": " + message);
}

// "HOST:PORT" or "[IPv6]:PORT" of a remote line; throws naming the line when it is neither.
ShardLocation parse_remote(const std::string& where, const std::string& stub_path, std::size_t line)
{
    if (where.starts_with(":")) {
        throw stub_error(stub_path, line,
                         "\"remote :PROGRAM\" shards are not supported; serve the shard with xapian-tcpsrv and "
                         "write \"remote HOST:PORT\"");
    }
    const std::size_t colon = where.rfind(':');
    unsigned port = 0;
    const char* first = where.data() + (colon == std::string::npos ? where.size() : colon + 1);
    const char* last = where.data() + where.size();
    const auto [end, failure] = std::from_chars(first, last, port);
    if (colon == std::string::npos || colon == 0 || failure != std::errc() || end != last || port == 0 ||
        port > 65535) {
        throw stub_error(stub_path, line, "a remote shard needs HOST:PORT (a port from 1 to 65535), e.g. "
                                          "\"remote shard1.example:33333\"");
    }
    std::string host = where.substr(0, colon);
    if (host.starts_with("[") && host.ends_with("]")) {
        host = host.substr(1, host.size() - 2);
    }
    ShardLocation shard;
    shard.name = "remote " + where;
    shard.host = host;
    shard.port = port;
    return shard;
}

ShardLocation parse_local(const std::string& path, const std::string& stub_path, std::size_t line)
{
    if (path.empty()) {
        throw stub_error(stub_path, line, "a shard line needs a path, e.g. \"auto shard-2021\"");
    }
    ShardLocation shard;
    shard.name = path;
    const fs::path written(path);
    shard.path = written.is_absolute() ? path : (fs::path(stub_path).parent_path() / written).string();
    return shard;
}

std::string read_text_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(ErrorCode::unavailable, "cannot read the stub file " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

std::vector<ShardLocation> parse_stub(std::string_view text, const std::string& stub_path)
{
    std::vector<ShardLocation> shards;
    std::istringstream lines{std::string(text)};
    std::string line;
    for (std::size_t number = 1; std::getline(lines, line); ++number) {
        if (line.ends_with('\r')) {
            line.pop_back();
        }
        if (line.empty() || line.starts_with('#')) {
            continue;
        }
        const std::size_t space = line.find(' ');
        const std::string type = line.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
        if (type == "auto" || type == "glass") {
            shards.push_back(parse_local(rest, stub_path, number));
        } else if (type == "remote") {
            shards.push_back(parse_remote(rest, stub_path, number));
        } else {
            throw stub_error(stub_path, number,
                             "unknown shard type \"" + type +
                                 "\"; a line is \"auto PATH\", \"glass PATH\" or \"remote HOST:PORT\"");
        }
    }
    if (shards.empty()) {
        throw Error(ErrorCode::unavailable,
                    stub_path + ": the stub names no shard; add lines \"auto PATH\" or \"remote HOST:PORT\"");
    }
    return shards;
}

std::string find_stub(const std::string& db_path)
{
    std::error_code error;
    const std::string stub = (fs::path(db_path) / "XAPIANDB").string();
    if (fs::is_directory(db_path, error) && fs::is_regular_file(stub, error)) {
        return stub;
    }
    return db_path;
}

std::vector<ShardLocation> locate_shards(const std::string& db_path)
{
    std::error_code error;
    const std::string stub = find_stub(db_path);
    if (fs::is_regular_file(stub, error)) {
        return parse_stub(read_text_file(stub), stub);
    }
    ShardLocation single;
    single.name = db_path;
    single.path = db_path;
    return {single};
}

DatabaseSet::DatabaseSet(const std::string& db_path, ShardSettings settings)
    : m_stub_path(find_stub(db_path)), m_shards(locate_shards(db_path)), m_settings(settings),
      m_states(m_shards.size())
{
    m_single_local = m_shards.size() == 1 && !m_shards.front().remote() && m_shards.front().path == db_path;
    for (const ShardLocation& shard : m_shards) {
        m_any_remote = m_any_remote || shard.remote();
    }
}

Xapian::Database DatabaseSet::open_shard(const ShardLocation& shard) const
{
    const auto timeout = static_cast<unsigned>(m_settings.timeout.count());
    Xapian::Database db = shard.remote() ? Xapian::Remote::open(shard.host, shard.port, timeout, timeout)
                                         : Xapian::Database(shard.path);
    schema::check_schema_version(db, shard.name);
    return db;
}

void DatabaseSet::mark_down(std::size_t index, const std::string& problem)
{
    const std::lock_guard lock(m_mutex);
    State& state = m_states[index];
    state.retry_at = std::chrono::steady_clock::now() + m_settings.retry_after;
    state.problem = problem;
    if (state.up) {
        state.up = false;
        ++m_generation;
    }
}

void DatabaseSet::mark_up(std::size_t index)
{
    const std::lock_guard lock(m_mutex);
    State& state = m_states[index];
    state.problem.clear();
    if (!state.up) {
        state.up = true;
        ++m_generation;
    }
}

OpenedShards DatabaseSet::open()
{
    OpenedShards opened;
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t index = 0; index < m_shards.size(); ++index) {
        {
            const std::lock_guard lock(m_mutex);
            State& state = m_states[index];
            if (!state.up && now < state.retry_at) {
                opened.missing.push_back(m_shards[index].name);
                continue;
            }
            // Other requests leave the shard out while this one tries it.
            state.retry_at = now + m_settings.retry_after;
        }
        try {
            opened.db.add_database(open_shard(m_shards[index]));
            mark_up(index);
        } catch (const Xapian::Error& error) {
            if (m_single_local) {
                throw;
            }
            mark_down(index, error.get_description());
            opened.missing.push_back(m_shards[index].name);
        } catch (const Error& error) { // another schema version
            if (m_single_local) {
                throw;
            }
            mark_down(index, error.what());
            opened.missing.push_back(m_shards[index].name);
        }
    }
    opened.generation = generation();
    return opened;
}

bool DatabaseSet::check_shards(const OpenedShards& handle)
{
    bool marked = false;
    for (std::size_t index = 0; index < m_shards.size(); ++index) {
        const ShardLocation& shard = m_shards[index];
        if (std::find(handle.missing.begin(), handle.missing.end(), shard.name) != handle.missing.end()) {
            continue;
        }
        try {
            Xapian::Database db = open_shard(shard);
            db.get_doccount();
        } catch (const Error& error) { // another schema version
            mark_down(index, error.what());
            marked = true;
        } catch (const Xapian::Error& error) {
            mark_down(index, error.get_description());
            marked = true;
        }
    }
    return marked;
}

std::uint64_t DatabaseSet::generation() const
{
    const std::lock_guard lock(m_mutex);
    return m_generation;
}

bool DatabaseSet::retry_due() const
{
    const auto now = std::chrono::steady_clock::now();
    const std::lock_guard lock(m_mutex);
    for (const State& state : m_states) {
        if (!state.up && now >= state.retry_at) {
            return true;
        }
    }
    return false;
}

std::vector<ShardHealth> DatabaseSet::health() const
{
    std::vector<ShardHealth> health;
    const std::lock_guard lock(m_mutex);
    for (std::size_t index = 0; index < m_shards.size(); ++index) {
        health.push_back({m_shards[index].name, m_states[index].up, m_states[index].problem});
    }
    return health;
}

} // namespace dateline
