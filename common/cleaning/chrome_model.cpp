#include "common/cleaning/chrome_model.h"

#include "common/cleaning/page_blocks.h"
#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace dateline {

namespace {

// A line is chrome when it repeats on at least this many pages of its site...
constexpr std::uint32_t k_min_pages = 3;
// ...and on at least this share (per thousand) of them: exact lines, and shapes or labels.
constexpr std::uint64_t k_exact_share = 100;
constexpr std::uint64_t k_pattern_share = 300;
// Only short lines get a shape (digits folded): long ones are story text.
constexpr std::size_t k_max_shape_words = 12;
// A label is a head of at most this many words and bytes before a colon.
constexpr std::size_t k_max_label_words = 3;
constexpr std::size_t k_max_label_bytes = 32;
// Memory bounds: distinct keys per site and over all sites, pages remembered per site (to
// count a page only once), and keys kept per site in the database.
constexpr std::size_t k_max_site_keys = 50'000;
constexpr std::size_t k_max_total_keys = 2'000'000;
constexpr std::size_t k_max_remembered_pages = 256;
constexpr std::size_t k_max_stored_keys = 4'096;
// A page is matched to a site it is not filed under when it shares this many chrome lines.
constexpr std::size_t k_min_shared_lines = 2;

constexpr std::uint64_t k_fnv_offset = 14695981039346656037ULL;
constexpr std::uint64_t k_fnv_prime = 1099511628211ULL;
// Each kind of key starts from its own seed, so that equal texts of two kinds never collide.
constexpr std::uint64_t k_seed_exact = k_fnv_offset;
constexpr std::uint64_t k_seed_shape = k_fnv_offset ^ 0x5348415045ULL;
constexpr std::uint64_t k_seed_label = k_fnv_offset ^ 0x4C4142454CULL;

constexpr std::string_view k_format_header = "dateline-chrome 1";

std::uint64_t mix(std::uint64_t hash, unsigned char c)
{
    return (hash ^ c) * k_fnv_prime;
}

// Keys are never 0: 0 means "no key".
std::uint64_t non_zero(std::uint64_t hash)
{
    return hash == 0 ? 1 : hash;
}

std::uint64_t parse_hex(std::string_view text)
{
    std::uint64_t value = 0;
    const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (error != std::errc() || ptr != text.data() + text.size() || text.empty()) {
        throw std::runtime_error("bad hexadecimal number \"" + std::string(text) + "\"");
    }
    return value;
}

std::uint64_t parse_count(std::string_view text)
{
    std::uint64_t value = 0;
    const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || ptr != text.data() + text.size() || text.empty()) {
        throw std::runtime_error("bad count \"" + std::string(text) + "\"");
    }
    return value;
}

// ASCII capitals of the eight bytes in `word` folded to lower case, all at once: a byte gets
// 0x20 added when it is at least 'A' and at most 'Z' (bytes of 0x80 and up never are).
std::uint64_t fold_ascii_word(std::uint64_t word)
{
    constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
    constexpr std::uint64_t k_high = 0x8080808080808080ULL;
    const std::uint64_t low7 = word & ~k_high;
    const std::uint64_t at_least_a = low7 + (0x80 - 'A') * k_ones;
    const std::uint64_t above_z = low7 + (0x80 - 'Z' - 1) * k_ones;
    const std::uint64_t capitals = at_least_a & ~above_z & ~word & k_high;
    return word | (capitals >> 2);
}

// A 64-bit hash of the text with ASCII case folded, eight bytes at a time.
std::uint64_t hash_folded(std::string_view text, std::uint64_t seed)
{
    std::uint64_t hash = seed ^ (text.size() * k_fnv_prime);
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, 8);
        hash = (hash ^ fold_ascii_word(word)) * k_fnv_prime;
        hash ^= hash >> 29;
    }
    std::uint64_t tail = 0;
    if (i < text.size()) {
        std::memcpy(&tail, text.data() + i, text.size() - i);
    }
    hash = (hash ^ fold_ascii_word(tail)) * k_fnv_prime;
    return hash ^ (hash >> 32);
}

} // namespace

LineKeys make_line_keys(std::string_view text)
{
    LineKeys keys;
    keys.exact = non_zero(hash_folded(text, k_seed_exact));
    const auto words = static_cast<std::size_t>(std::count(text.begin(), text.end(), ' ')) + 1;
    if (words <= k_max_shape_words && has_ascii_digit(text)) {
        std::uint64_t shape = k_seed_shape;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (!is_ascii_digit(text[i])) {
                shape = mix(shape, static_cast<unsigned char>(to_ascii_lower(text[i])));
                continue;
            }
            shape = mix(shape, '#');
            // A number with its inner separators ("1,234.5", "10:28", "2023-06-05") folds to one '#'.
            while (i + 1 < text.size() &&
                   (is_ascii_digit(text[i + 1]) ||
                    ((text[i + 1] == ',' || text[i + 1] == '.' || text[i + 1] == ':' || text[i + 1] == '/' ||
                      text[i + 1] == '-') &&
                     i + 2 < text.size() && is_ascii_digit(text[i + 2])))) {
                ++i;
            }
        }
        keys.shape = non_zero(shape);
    }
    const std::size_t colon = text.substr(0, k_max_label_bytes + 1).find(':');
    if (colon != std::string_view::npos && colon > 0 && colon + 1 < text.size()) {
        const std::string_view head = text.substr(0, colon);
        const auto head_words = static_cast<std::size_t>(std::count(head.begin(), head.end(), ' ')) + 1;
        if (head_words <= k_max_label_words && std::none_of(head.begin(), head.end(), is_ascii_digit)) {
            keys.label = non_zero(hash_folded(head, k_seed_label));
        }
    }
    return keys;
}

struct SiteStats {
    std::string name;
    std::uint64_t pages = 0;
    std::unordered_map<std::uint64_t, std::uint32_t> counts; // key -> pages holding it
    std::unordered_set<std::uint64_t> seen_pages;            // fingerprints, at most k_max_remembered_pages

    [[nodiscard]] bool repeats(std::uint64_t key, std::uint64_t share_per_thousand) const
    {
        if (key == 0) {
            return false;
        }
        const auto it = counts.find(key);
        return it != counts.end() && it->second >= k_min_pages && it->second * 1000ULL >= share_per_thousand * pages;
    }
};

ChromeMatch SiteChrome::match(const LineKeys& keys) const
{
    if (m_site == nullptr) {
        return ChromeMatch::none;
    }
    if (m_site->repeats(keys.exact, k_exact_share)) {
        return ChromeMatch::exact;
    }
    if (m_site->repeats(keys.shape, k_pattern_share) || m_site->repeats(keys.label, k_pattern_share)) {
        return ChromeMatch::pattern;
    }
    return ChromeMatch::none;
}

struct ChromeModel::Impl {
    std::map<std::string, SiteStats, std::less<>> sites;
    std::size_t total_keys = 0;
    // Chrome line -> the sites it is chrome of (built by finish_learning).
    std::unordered_map<std::uint64_t, std::vector<const SiteStats*>> shared_lines;

    SiteStats& site(std::string_view name)
    {
        auto it = sites.find(name);
        if (it == sites.end()) {
            it = sites.emplace(std::string(name), SiteStats{}).first;
            it->second.name = std::string(name);
        }
        return it->second;
    }

    // Forgets the rarest keys until `stats` holds at most `target`: lines seen on few pages go
    // first; lines on many pages (the chrome) survive.
    void prune(SiteStats& stats, std::size_t target)
    {
        if (stats.counts.size() <= target) {
            return;
        }
        std::vector<std::uint32_t> counts;
        counts.reserve(stats.counts.size());
        for (const auto& entry : stats.counts) {
            counts.push_back(entry.second);
        }
        // Every key counted at most `floor` goes, where `floor` leaves at most `target` keys.
        const auto cut = counts.begin() + static_cast<std::ptrdiff_t>(counts.size() - target - 1);
        std::nth_element(counts.begin(), cut, counts.end());
        const std::uint32_t floor = *cut;
        const std::size_t before = stats.counts.size();
        std::erase_if(stats.counts, [&](const auto& entry) { return entry.second <= floor; });
        total_keys -= before - stats.counts.size();
    }

    void bound_memory(SiteStats& stats)
    {
        if (stats.counts.size() > k_max_site_keys) {
            prune(stats, k_max_site_keys / 2);
        }
        if (total_keys > k_max_total_keys) {
            for (auto& [name, other] : sites) {
                prune(other, other.counts.size() / 2);
            }
        }
    }

    void count(SiteStats& stats, std::vector<std::uint64_t>& keys, std::uint64_t pages)
    {
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        for (std::uint64_t key : keys) {
            auto [it, inserted] = stats.counts.try_emplace(key, 0);
            it->second += static_cast<std::uint32_t>(pages);
            total_keys += inserted ? 1 : 0;
        }
        bound_memory(stats);
    }
};

ChromeModel::ChromeModel() : m_impl(std::make_unique<Impl>()) {}
ChromeModel::~ChromeModel() = default;
ChromeModel::ChromeModel(ChromeModel&&) noexcept = default;
ChromeModel& ChromeModel::operator=(ChromeModel&&) noexcept = default;

void ChromeModel::learn_page(std::string_view site, std::string_view page_text)
{
    const std::vector<PageBlock> blocks = split_page_blocks(page_text);
    if (blocks.empty()) {
        return;
    }
    std::vector<std::uint64_t> keys;
    keys.reserve(blocks.size() * 2);
    std::uint64_t fingerprint = k_fnv_offset;
    for (const PageBlock& block : blocks) {
        const LineKeys line = make_line_keys(block.text);
        fingerprint = (fingerprint ^ line.exact) * k_fnv_prime;
        for (std::uint64_t key : {line.exact, line.shape, line.label}) {
            if (key != 0) {
                keys.push_back(key);
            }
        }
    }
    SiteStats& stats = m_impl->site(site);
    if (stats.seen_pages.contains(fingerprint)) {
        return;
    }
    if (stats.seen_pages.size() < k_max_remembered_pages) {
        stats.seen_pages.insert(fingerprint);
    }
    ++stats.pages;
    m_impl->count(stats, keys, 1);
}

void ChromeModel::finish_learning()
{
    m_impl->shared_lines.clear();
    for (const auto& [name, stats] : m_impl->sites) {
        if (stats.pages < k_min_pages) {
            continue;
        }
        for (const auto& [key, pages] : stats.counts) {
            if (stats.repeats(key, k_exact_share)) {
                m_impl->shared_lines[key].push_back(&stats);
            }
        }
    }
}

SiteChrome ChromeModel::chrome_for(std::string_view site, const std::vector<LineKeys>& page_keys) const
{
    const auto own = m_impl->sites.find(site);
    if (own != m_impl->sites.end() && own->second.pages >= k_min_pages) {
        return SiteChrome(&own->second);
    }
    // A page filed on its own (a new folder, a single file) is cleaned with the chrome of the
    // site it shares the most chrome lines with.
    std::unordered_map<const SiteStats*, std::size_t> votes;
    for (const LineKeys& keys : page_keys) {
        if (const auto it = m_impl->shared_lines.find(keys.exact); it != m_impl->shared_lines.end()) {
            for (const SiteStats* stats : it->second) {
                ++votes[stats];
            }
        }
    }
    const SiteStats* best = nullptr;
    std::size_t best_votes = 0;
    for (const auto& [stats, count] : votes) {
        const bool better = count > best_votes ||
                            (count == best_votes && best != nullptr &&
                             (stats->pages > best->pages || (stats->pages == best->pages && stats->name < best->name)));
        if (better) {
            best = stats;
            best_votes = count;
        }
    }
    if (best != nullptr && best_votes >= k_min_shared_lines) {
        return SiteChrome(best);
    }
    return {};
}

std::vector<std::string> ChromeModel::sites() const
{
    std::vector<std::string> names;
    for (const auto& [name, stats] : m_impl->sites) {
        names.push_back(name);
    }
    return names;
}

std::size_t ChromeModel::tracked_keys() const
{
    return m_impl->total_keys;
}

std::string ChromeModel::serialise_site(std::string_view site) const
{
    const auto it = m_impl->sites.find(site);
    if (it == m_impl->sites.end()) {
        return {};
    }
    const SiteStats& stats = it->second;
    // The most repeated keys first; ties in key order, so the text is stable.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries(stats.counts.begin(), stats.counts.end());
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    if (entries.size() > k_max_stored_keys) {
        entries.resize(k_max_stored_keys);
    }
    std::vector<std::uint64_t> seen(stats.seen_pages.begin(), stats.seen_pages.end());
    std::sort(seen.begin(), seen.end());

    std::string out(k_format_header);
    out += "\nsite\t" + stats.name + "\npages\t" + std::to_string(stats.pages) + "\nseen";
    for (std::uint64_t fingerprint : seen) {
        out += ' ' + format_hex64(fingerprint);
    }
    out += "\nkeys";
    for (const auto& [key, count] : entries) {
        out += ' ' + format_hex64(key) + ':' + std::to_string(count);
    }
    out += '\n';
    return out;
}

void ChromeModel::merge_serialised_site(std::string_view data)
{
    const std::vector<std::string_view> lines = split_lines(data);
    if (lines.size() != 5 || lines[0] != k_format_header || !lines[1].starts_with("site\t") ||
        !lines[2].starts_with("pages\t") || !lines[3].starts_with("seen") || !lines[4].starts_with("keys")) {
        throw std::runtime_error("not learned site chrome (want the \"" + std::string(k_format_header) + "\" format)");
    }
    const std::string_view name = lines[1].substr(5);
    const std::uint64_t pages = parse_count(lines[2].substr(6));
    std::vector<std::uint64_t> seen;
    for (std::string_view item : split_at_spaces(lines[3].substr(4))) {
        seen.push_back(parse_hex(item));
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> entries;
    for (std::string_view item : split_at_spaces(lines[4].substr(4))) {
        const std::size_t colon = item.find(':');
        if (colon == std::string_view::npos) {
            throw std::runtime_error("bad key entry \"" + std::string(item) + "\"");
        }
        entries.emplace_back(parse_hex(item.substr(0, colon)), parse_count(item.substr(colon + 1)));
    }
    SiteStats& stats = m_impl->site(name);
    stats.pages += pages;
    for (std::uint64_t fingerprint : seen) {
        if (stats.seen_pages.size() >= k_max_remembered_pages) {
            break;
        }
        stats.seen_pages.insert(fingerprint);
    }
    for (const auto& [key, count] : entries) {
        auto [it, inserted] = stats.counts.try_emplace(key, 0);
        it->second += static_cast<std::uint32_t>(count);
        m_impl->total_keys += inserted ? 1 : 0;
    }
    m_impl->bound_memory(stats);
}

} // namespace dateline
