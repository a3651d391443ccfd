// Writes a sharded archive (issue 18): DIR/shards/NAME holds one Dateline database per shard,
// DIR/XAPIANDB is Xapian's stub file naming them (so DIR opens as their union) and
// DIR/dateline-shards records the rule. Owns one ArticleIndexer per shard, all open at once, so
// that an article that moved shard leaves no copy behind. The rule itself is shard_layout.h's.
#pragma once

#include "common/errors.h"
#include "common/index/article_indexer.h"
#include "common/index/article_writer.h"
#include "common/index/shard_layout.h"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dateline {

/// The rule recorded in the archive at `db_dir`, or nothing when it is not a sharded archive.
/// @exception dateline::Error (unavailable) when the layout file cannot be read or is garbled.
std::optional<ShardRule> read_shard_layout(const std::string& db_dir);

/// The rule an index run into `db_dir` uses, given --shard-by `requested` (empty: not given):
/// the recorded one when there is one, `requested` for a new archive, nothing for a single
/// database.
/// @exception dateline::Error (bad_request) when `requested` differs from the recorded rule or
/// `db_dir` already holds a single database; (unavailable) when `db_dir` holds a stub database
/// that dateline-indexer did not write, or an unreadable layout.
std::optional<ShardRule> choose_shard_rule(const std::string& db_dir, const std::string& requested);

/// The error for a command that works on one database at a time (`command`: "reindex") given
/// the sharded archive `db_dir`: it says to run the command on each shard.
Error sharded_archive_error(const std::string& db_dir, const ShardRule& rule, const std::string& command);

/// Writes `text` to `path` through a temporary file beside it and a rename, so that a reader
/// sees the old or the new file whole, never a part.
/// @exception dateline::Error (internal) when it cannot be written.
void write_file_atomically(const std::string& path, const std::string& text);

class ShardWriter final : public ArticleWriter {
public:
    /// Opens every shard of the archive at `db_dir` (creating the archive, its layout file and
    /// its stub with Open::create_or_open when it is new). `rule` must be the recorded one
    /// (choose_shard_rule). Shards it finds that the stub does not list are added to it.
    /// @exception dateline::Error as ArticleIndexer's constructor, naming the shard.
    ShardWriter(const std::string& db_dir, const ShardRule& rule, std::size_t batch_size,
                ArticleIndexer::Open open = ArticleIndexer::Open::create_or_open);
    ~ShardWriter() override;
    ShardWriter(const ShardWriter&) = delete;
    ShardWriter& operator=(const ShardWriter&) = delete;

    /// Adds the article to its shard (created, and added to the stub, when new) and removes any
    /// article with its id from every other shard.
    void add(const Article& article) override;
    /// Removes the article with this id from every shard; false when no shard had it.
    bool remove(const std::string& id) override;
    /// remove_missing of every shard; the ids in shard order.
    std::vector<std::string> remove_missing(const MissingScope& scope) override;
    /// Commits every shard.
    void commit() override;
    /// The chrome stored with the first shard (every shard holds the same, see store_chrome).
    [[nodiscard]] std::vector<std::string> load_chrome(ChromeModel& chrome) const override;
    /// Stores `chrome` in every shard, so that any shard (or a new first one) has all of it.
    void store_chrome(const ChromeModel& chrome) override;
    /// Documents in all shards.
    [[nodiscard]] std::size_t document_count() const override;

    /// The shards' names, in order.
    [[nodiscard]] std::vector<std::string> shard_names() const;

private:
    ArticleIndexer& open_shard(const std::string& name, ArticleIndexer::Open open);
    void update_stub() const;

    std::string m_dir;
    ShardRule m_rule;
    std::size_t m_batch_size;
    std::map<std::string, std::unique_ptr<ArticleIndexer>> m_shards;
};

} // namespace dateline
