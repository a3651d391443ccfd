// How a sharded archive splits its articles (issue 18): the rule (--shard-by year|month|hash:N),
// the shard each article belongs to, where a shard lives under the archive directory, and the
// text of the two files that describe the archive (the layout file and Xapian's stub file).
// Pure functions: no I/O and no Xapian, so the options parser may use the rule too.
#pragma once

#include "common/article.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// How articles are split into shards.
struct ShardRule {
    enum class Kind {
        year,  // one shard per publication year: "2023"
        month, // one shard per publication month: "2023-04"
        hash,  // `buckets` shards by a hash of the article id: "hash-03-of-16"
    };
    Kind kind = Kind::year;
    unsigned buckets = 0; // hash only: how many shards (2 to k_max_hash_buckets)

    bool operator==(const ShardRule&) const = default;
};

inline constexpr unsigned k_max_hash_buckets = 1000;

/// The shard of every article without a date (year and month rules).
inline constexpr std::string_view k_undated_shard = "undated";

/// Names inside the archive directory: the shards' folder, Xapian's stub file (which makes the
/// directory open as the union of its shards) and the file recording the rule.
inline constexpr std::string_view k_shards_folder = "shards";
inline constexpr std::string_view k_stub_file = "XAPIANDB";
inline constexpr std::string_view k_layout_file = "dateline-shards";

/// Parses "year", "month" or "hash:N".
/// @exception dateline::Error (bad_request) naming the text and what is wanted.
ShardRule parse_shard_rule(std::string_view text);

/// The rule as --shard-by spells it: "year", "month", "hash:8".
std::string describe_shard_rule(const ShardRule& rule);

/// The shard `article` belongs to under `rule`: "2023", "2023-04", "hash-3-of-8" (the number
/// zero-padded to the width of N, so names sort in bucket order), or "undated".
std::string shard_name(const ShardRule& rule, const Article& article);

/// True when `name` is a shard name `rule` can give (so that other directories beside the
/// shards, such as a compaction's work directory or a kept old copy, are never taken for one).
bool is_shard_name(const ShardRule& rule, std::string_view name);

/// A stable 64-bit hash of an article id (FNV-1a: the same on every machine and run).
std::uint64_t hash_article_id(std::string_view id);

/// Where shard `name` lives, relative to the archive directory: "shards/2023".
std::string shard_relative_path(std::string_view name);

/// The layout file's text for `rule`.
std::string format_layout(const ShardRule& rule);

/// The rule recorded in a layout file's `text`; `path` names the file in messages.
/// @exception dateline::Error (unavailable) when the text records no valid rule.
ShardRule parse_layout(std::string_view text, const std::string& path);

/// `stub` (a stub file's text, possibly empty) with an "auto shards/NAME" line added for each
/// of `names` it does not list yet; every line already there (remote shards an operator
/// added, comments) is kept as it was.
std::string add_shards_to_stub(std::string_view stub, const std::vector<std::string>& names);

} // namespace dateline
