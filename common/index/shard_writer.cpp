#include "common/index/shard_writer.h"

#include "common/errors.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace dateline {
namespace fs = std::filesystem;

namespace {

std::string in_dir(const std::string& dir, std::string_view name)
{
    return (fs::path(dir) / std::string(name)).string();
}

// The whole file, or "" when it does not exist.
std::string read_text_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (fs::exists(path)) {
            throw Error(ErrorCode::unavailable, "cannot read " + path + "; check its permissions");
        }
        return {};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The shard directories under DIR/shards, by name; other directories there (a compaction's
// work directory, an old copy kept aside) are no shards.
std::vector<std::string> list_shard_directories(const std::string& db_dir, const ShardRule& rule)
{
    std::vector<std::string> names;
    std::error_code error;
    for (fs::directory_iterator it(in_dir(db_dir, k_shards_folder), error), end; !error && it != end; it.increment(error)) {
        if (std::string name = it->path().filename().string(); it->is_directory(error) && is_shard_name(rule, name)) {
            names.push_back(std::move(name));
        }
    }
    return names;
}

bool holds_single_database(const std::string& db_dir)
{
    return fs::exists(in_dir(db_dir, "iamglass")) || fs::exists(in_dir(db_dir, "iamchert"));
}

} // namespace

std::optional<ShardRule> read_shard_layout(const std::string& db_dir)
{
    const std::string path = in_dir(db_dir, k_layout_file);
    if (!fs::exists(path)) {
        return std::nullopt;
    }
    return parse_layout(read_text_file(path), path);
}

std::optional<ShardRule> choose_shard_rule(const std::string& db_dir, const std::string& requested)
{
    const std::optional<ShardRule> recorded = read_shard_layout(db_dir);
    if (recorded) {
        if (!requested.empty() && parse_shard_rule(requested) != *recorded) {
            throw Error(ErrorCode::bad_request,
                        db_dir + " is sharded by " + describe_shard_rule(*recorded) + ", not by " + requested +
                            ": leave out --shard-by (or give --shard-by " + describe_shard_rule(*recorded) +
                            ") to add to it, or index into a new --db to split the articles another way");
        }
        return recorded;
    }
    if (fs::exists(in_dir(db_dir, k_stub_file))) {
        throw Error(ErrorCode::unavailable,
                    db_dir + " holds a stub database that dateline-indexer did not write (no " +
                        std::string(k_layout_file) + " file beside it): index into each shard's own directory");
    }
    if (requested.empty()) {
        return std::nullopt;
    }
    if (holds_single_database(db_dir)) {
        throw Error(ErrorCode::bad_request, db_dir + " holds a single database: --shard-by " + requested +
                                                " needs a new or empty directory; index into a new --db");
    }
    return parse_shard_rule(requested);
}

Error sharded_archive_error(const std::string& db_dir, const ShardRule& rule, const std::string& command)
{
    return Error(ErrorCode::bad_request, db_dir + " is a sharded archive (--shard-by " + describe_shard_rule(rule) +
                                             "); " + command + " works on one database at a time: run it on each shard, e.g. "
                                             "dateline-indexer " + command + " --db " +
                                             in_dir(db_dir, std::string(k_shards_folder) + "/NAME"));
}

void write_file_atomically(const std::string& path, const std::string& text)
{
    const std::string temporary = path + ".new-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            fs::remove(temporary);
            throw Error(ErrorCode::internal, "cannot write " + temporary + " (is the disk full?)");
        }
    }
    std::error_code error;
    fs::rename(temporary, path, error);
    if (error) {
        fs::remove(temporary);
        throw Error(ErrorCode::internal, "cannot rename " + temporary + " to " + path + ": " + error.message());
    }
}

ShardWriter::ShardWriter(const std::string& db_dir, const ShardRule& rule, std::size_t batch_size,
                         ArticleIndexer::Open open)
    : m_dir(db_dir), m_rule(rule), m_batch_size(batch_size)
{
    if (open == ArticleIndexer::Open::existing && !read_shard_layout(db_dir)) {
        throw Error(ErrorCode::unavailable, "no sharded archive at " + db_dir + "; check --db");
    }
    if (!read_shard_layout(db_dir)) {
        std::error_code error;
        fs::create_directories(in_dir(db_dir, k_shards_folder), error);
        if (error) {
            throw Error(ErrorCode::unavailable, "cannot create " + in_dir(db_dir, k_shards_folder) + ": " + error.message());
        }
        write_file_atomically(in_dir(db_dir, k_layout_file), format_layout(rule));
    }
    for (const std::string& name : list_shard_directories(db_dir, rule)) {
        open_shard(name, ArticleIndexer::Open::existing);
    }
    update_stub();
}

ShardWriter::~ShardWriter() = default;

ArticleIndexer& ShardWriter::open_shard(const std::string& name, ArticleIndexer::Open open)
{
    auto& slot = m_shards[name];
    if (!slot) {
        slot = std::make_unique<ArticleIndexer>(in_dir(m_dir, shard_relative_path(name)), m_batch_size, open);
    }
    return *slot;
}

void ShardWriter::update_stub() const
{
    const std::string path = in_dir(m_dir, k_stub_file);
    const std::string old_stub = read_text_file(path);
    const std::string new_stub = add_shards_to_stub(old_stub, shard_names());
    if (new_stub != old_stub) {
        write_file_atomically(path, new_stub);
    }
}

void ShardWriter::add(const Article& article)
{
    const std::string name = shard_name(m_rule, article);
    const bool is_new = m_shards.find(name) == m_shards.end();
    ArticleIndexer& shard = open_shard(name, ArticleIndexer::Open::create_or_open);
    if (is_new) {
        // A new shard is an empty database as soon as it is created: listing it at once keeps
        // the stub true whatever commits first.
        update_stub();
    }
    shard.add(article);
    for (const auto& [other, indexer] : m_shards) {
        if (other != name) {
            // The article moved shard (its date changed): no stale copy stays behind.
            indexer->remove(article.id);
        }
    }
}

bool ShardWriter::remove(const std::string& id)
{
    bool removed = false;
    for (const auto& [name, indexer] : m_shards) {
        removed = indexer->remove(id) || removed;
    }
    return removed;
}

std::vector<std::string> ShardWriter::remove_missing(const MissingScope& scope)
{
    std::vector<std::string> removed;
    for (const auto& [name, indexer] : m_shards) {
        const std::vector<std::string> ids = indexer->remove_missing(scope);
        removed.insert(removed.end(), ids.begin(), ids.end());
    }
    return removed;
}

void ShardWriter::commit()
{
    for (const auto& [name, indexer] : m_shards) {
        indexer->commit();
    }
}

std::vector<std::string> ShardWriter::load_chrome(ChromeModel& chrome) const
{
    if (m_shards.empty()) {
        return {};
    }
    return m_shards.begin()->second->load_chrome(chrome);
}

void ShardWriter::store_chrome(const ChromeModel& chrome)
{
    for (const auto& [name, indexer] : m_shards) {
        indexer->store_chrome(chrome);
    }
}

std::size_t ShardWriter::document_count() const
{
    std::size_t documents = 0;
    for (const auto& [name, indexer] : m_shards) {
        documents += indexer->document_count();
    }
    return documents;
}

std::vector<std::string> ShardWriter::shard_names() const
{
    std::vector<std::string> names;
    for (const auto& [name, indexer] : m_shards) {
        names.push_back(name);
    }
    return names;
}

} // namespace dateline
