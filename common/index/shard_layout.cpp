#include "common/index/shard_layout.h"

#include "common/errors.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <set>

namespace dateline {

namespace {

constexpr std::string_view k_hash_prefix = "hash:";
constexpr std::string_view k_layout_key = "shard-by ";

bool parse_buckets(std::string_view digits, unsigned& buckets)
{
    const char* end = digits.data() + digits.size();
    const auto [stop, error] = std::from_chars(digits.data(), end, buckets);
    return error == std::errc() && stop == end && buckets >= 2 && buckets <= k_max_hash_buckets;
}

// "hash-03-of-16": the bucket zero-padded to the width of the last one, so names sort in order.
std::string hash_shard_name(unsigned buckets, unsigned bucket)
{
    std::string number = std::to_string(bucket);
    const std::size_t width = std::to_string(buckets - 1).size();
    if (number.size() < width) {
        number.insert(0, width - number.size(), '0');
    }
    return "hash-" + number + "-of-" + std::to_string(buckets);
}

} // namespace

ShardRule parse_shard_rule(std::string_view text)
{
    if (text == "year") {
        return ShardRule{ShardRule::Kind::year, 0};
    }
    if (text == "month") {
        return ShardRule{ShardRule::Kind::month, 0};
    }
    ShardRule rule{ShardRule::Kind::hash, 0};
    if (text.starts_with(k_hash_prefix) && parse_buckets(text.substr(k_hash_prefix.size()), rule.buckets)) {
        return rule;
    }
    throw Error(ErrorCode::bad_request, "\"" + std::string(text) + "\" is not a shard rule: want year, month or hash:N (N from 2 to " +
                                            std::to_string(k_max_hash_buckets) + ")");
}

std::string describe_shard_rule(const ShardRule& rule)
{
    switch (rule.kind) {
    case ShardRule::Kind::year: return "year";
    case ShardRule::Kind::month: return "month";
    case ShardRule::Kind::hash: return std::string(k_hash_prefix) + std::to_string(rule.buckets);
    }
    return "year";
}

std::uint64_t hash_article_id(std::string_view id)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : id) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string shard_name(const ShardRule& rule, const Article& article)
{
    if (rule.kind == ShardRule::Kind::hash) {
        return hash_shard_name(rule.buckets, static_cast<unsigned>(hash_article_id(article.id) % rule.buckets));
    }
    // The ingest readers give "YYYY-MM-DD" or nothing.
    const std::size_t length = rule.kind == ShardRule::Kind::year ? 4 : 7;
    if (article.date.size() < length) {
        return std::string(k_undated_shard);
    }
    return article.date.substr(0, length);
}

bool is_shard_name(const ShardRule& rule, std::string_view name)
{
    const auto digits = [&name](std::size_t from, std::size_t count) {
        return name.size() >= from + count &&
               std::all_of(name.begin() + static_cast<std::ptrdiff_t>(from),
                           name.begin() + static_cast<std::ptrdiff_t>(from + count),
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    switch (rule.kind) {
    case ShardRule::Kind::year: return name == k_undated_shard || (name.size() == 4 && digits(0, 4));
    case ShardRule::Kind::month:
        return name == k_undated_shard || (name.size() == 7 && digits(0, 4) && name[4] == '-' && digits(5, 2));
    case ShardRule::Kind::hash: break;
    }
    for (unsigned bucket = 0; bucket < rule.buckets; ++bucket) {
        if (name == hash_shard_name(rule.buckets, bucket)) {
            return true;
        }
    }
    return false;
}

std::string shard_relative_path(std::string_view name)
{
    return std::string(k_shards_folder) + "/" + std::string(name);
}

std::string format_layout(const ShardRule& rule)
{
    return "# Written by dateline-indexer: how this archive is split into shards (docs/deployment.md).\n"
           "# Do not edit: a different rule would put articles in other shards than the ones holding them.\n" +
           std::string(k_layout_key) + describe_shard_rule(rule) + "\n";
}

ShardRule parse_layout(std::string_view text, const std::string& path)
{
    for (const std::string_view line : split_lines(text)) {
        if (line.starts_with(k_layout_key)) {
            try {
                return parse_shard_rule(trim(line.substr(k_layout_key.size())));
            } catch (const Error& error) {
                throw Error(ErrorCode::unavailable, path + ": " + error.what());
            }
        }
    }
    throw Error(ErrorCode::unavailable, path + " records no shard rule (want a line \"shard-by year\", \"shard-by "
                                               "month\" or \"shard-by hash:N\")");
}

std::string add_shards_to_stub(std::string_view stub, const std::vector<std::string>& names)
{
    std::string text(stub);
    if (text.empty()) {
        text = "# Xapian stub database written by dateline-indexer: one line per shard (docs/deployment.md).\n";
    } else if (!text.ends_with('\n')) {
        text += '\n';
    }
    std::set<std::string, std::less<>> listed;
    for (const std::string_view line : split_lines(stub)) {
        listed.emplace(trim(line));
    }
    for (const std::string& name : names) {
        const std::string line = "auto " + shard_relative_path(name);
        if (listed.insert(line).second) {
            text += line + "\n";
        }
    }
    return text;
}

} // namespace dateline
