// Archive-level learning of site chrome: the lines that repeat across many pages of one site
// (navigation, pitches, share buttons, footers). Counts hashed, normalised lines per site, so
// memory stays bounded whatever the archive's size. Knows no files and no Xapian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// The keys under which a block of page text is counted: its exact text (case and spacing
/// folded); for a short block with digits, its shape with every number folded ("Comments (12)"
/// and "Comments (345)" share it); for a block with a short "Label:" head, that label.
struct LineKeys {
    std::uint64_t exact = 0;
    std::uint64_t shape = 0; // 0 when there is none
    std::uint64_t label = 0; // 0 when there is none
};

/// The keys of one block (as split_page_blocks gives it).
LineKeys make_line_keys(std::string_view text);

/// How a block matched what was learned: `exact` (this very line repeats across the site's
/// pages) or `pattern` (its shape or its label does, e.g. "Comments (N)", "Tags: …").
enum class ChromeMatch { none, pattern, exact };

struct SiteStats;

/// What was learned about one site, as the cleaner asks it. Valid while its ChromeModel lives
/// and is not changed. A default SiteChrome knows nothing and matches nothing.
class SiteChrome {
public:
    SiteChrome() = default;
    explicit SiteChrome(const SiteStats* site) : m_site(site) {}
    [[nodiscard]] ChromeMatch match(const LineKeys& keys) const;
    [[nodiscard]] bool empty() const { return m_site == nullptr; }

private:
    const SiteStats* m_site = nullptr;
};

class ChromeModel {
public:
    ChromeModel();
    ~ChromeModel();
    ChromeModel(ChromeModel&&) noexcept;
    ChromeModel& operator=(ChromeModel&&) noexcept;
    ChromeModel(const ChromeModel&) = delete;
    ChromeModel& operator=(const ChromeModel&) = delete;

    /// Counts every distinct block of one page of `site` once. A page whose blocks this site
    /// has already counted (the same file read twice, or in an earlier run) is not counted again.
    void learn_page(std::string_view site, std::string_view page_text);

    /// Ends a learning pass: indexes each site's chrome lines so that chrome_for can match a
    /// page to the site it shares them with. Call it after the last learn_page or merge.
    void finish_learning();

    /// The chrome to clean a page of `site` with: that site's when it has learned from enough
    /// pages, else the learned site whose chrome lines the page shares most (as indexed by the
    /// last finish_learning), else nothing.
    /// `page_keys` are the keys of the page's blocks.
    [[nodiscard]] SiteChrome chrome_for(std::string_view site, const std::vector<LineKeys>& page_keys) const;

    /// The sites learned, in a stable order.
    [[nodiscard]] std::vector<std::string> sites() const;
    /// Distinct keys held in memory over all sites (bounded).
    [[nodiscard]] std::size_t tracked_keys() const;

    /// What was learned about `site`, as a self-describing text (for the database).
    [[nodiscard]] std::string serialise_site(std::string_view site) const;
    /// Adds a site serialised by serialise_site (from an earlier run) to what was learned.
    /// @exception std::runtime_error when `data` is not a serialised site.
    void merge_serialised_site(std::string_view data);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace dateline
