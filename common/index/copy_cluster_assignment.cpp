#include "common/index/copy_cluster_assignment.h"

#include "common/index/schema.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace dateline {
namespace {

// The documents of `db` below `limit` (0: any) that share a MinHash band with `fingerprint`,
// most shared bands first, equal counts most recent first (so results are reproducible), within
// `limits`. A band that thousands of articles share is page template or boilerplate; reading it
// whole for every new article made indexing quadratic (12,000 tiny look-alike files took 71 s,
// 3,000 took 7 s).
std::vector<Xapian::docid> band_candidates(const Xapian::Database& db, const BodyFingerprint& fingerprint,
                                           Xapian::docid limit, const CopySearchLimits& limits)
{
    std::vector<std::pair<Xapian::doccount, std::string>> bands;
    bands.reserve(fingerprint.bands.size());
    for (std::uint64_t band : fingerprint.bands) {
        std::string term = schema::duplicate_band_term(band);
        const Xapian::doccount frequency = db.get_termfreq(term);
        if (frequency > 0) {
            bands.emplace_back(frequency, std::move(term));
        }
    }
    std::sort(bands.begin(), bands.end());
    const Xapian::docid end = limit != 0 ? limit : db.get_lastdocid() + 1;
    Xapian::doccount budget = limits.posting_budget;
    std::map<Xapian::docid, std::size_t> shared_bands;
    for (const auto& [frequency, term] : bands) {
        if (budget == 0) {
            break;
        }
        auto it = db.postlist_begin(term);
        if (frequency > budget && end > budget) {
            it.skip_to(end - budget); // at most one posting per document id: at most `budget` read
        }
        for (; it != db.postlist_end(term) && budget > 0; ++it, --budget) {
            if (*it >= end) {
                break; // postings are in document order
            }
            ++shared_bands[*it];
        }
    }
    std::vector<std::pair<std::size_t, Xapian::docid>> ranked;
    ranked.reserve(shared_bands.size());
    for (const auto& [docid, count] : shared_bands) {
        ranked.emplace_back(count, docid);
    }
    std::sort(ranked.begin(), ranked.end(),
              [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second > y.second; });
    if (ranked.size() > limits.max_candidates) {
        ranked.resize(limits.max_candidates);
    }
    std::vector<Xapian::docid> candidates;
    candidates.reserve(ranked.size());
    for (const auto& [count, docid] : ranked) {
        candidates.push_back(docid);
    }
    return candidates;
}

// The fingerprint of a stored document, or nullopt when its record cannot be read (a document
// whose stored record cannot be read is nobody's copy).
std::optional<BodyFingerprint> stored_fingerprint(const Xapian::Document& doc)
{
    try {
        return fingerprint_article(schema::read_stored_article(doc));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The near-duplicates among `candidates` that have a cluster key, and the most similar of them.
struct Copies {
    Xapian::docid best = 0;
    std::vector<Xapian::docid> all; // in candidate order
};

Copies find_copies(const Xapian::Database& db, const BodyFingerprint& fingerprint,
                   const std::vector<Xapian::docid>& candidates, FingerprintCache* cache)
{
    Copies copies;
    double best_resemblance = 0;
    for (const Xapian::docid docid : candidates) {
        const Xapian::Document doc = db.get_document(docid);
        if (schema::read_cluster_key(doc).empty()) {
            continue;
        }
        const std::optional<BodyFingerprint> other =
            cache != nullptr ? cache->get(docid, doc) : stored_fingerprint(doc);
        if (!other || !are_near_duplicates(fingerprint, *other)) {
            continue;
        }
        copies.all.push_back(docid);
        const double resemblance = shingle_resemblance(fingerprint, *other);
        if (resemblance > best_resemblance) {
            best_resemblance = resemblance;
            copies.best = docid;
        }
    }
    return copies;
}

// The earliest document before `docid` with the same title and body as `doc`: exact copies
// share their default cluster key, so the first holder of the key's term is the candidate
// (0 when there is none, or when the holder's text differs: a key changed by an earlier link,
// or a hash collision).
Xapian::docid earlier_exact_copy(const Xapian::Database& db, Xapian::docid docid, const Xapian::Document& doc)
{
    const std::string key = schema::read_cluster_key(doc);
    if (key.empty()) {
        return 0;
    }
    const std::string term = schema::cluster_term(key);
    const Xapian::PostingIterator first = db.postlist_begin(term);
    if (first == db.postlist_end(term) || *first >= docid) {
        return 0;
    }
    try {
        const Article mine = schema::read_stored_article(doc);
        const Article theirs = schema::read_stored_article(db.get_document(*first));
        return mine.title == theirs.title && mine.body == theirs.body ? *first : 0;
    } catch (const std::exception&) {
        return 0;
    }
}

} // namespace

std::optional<BodyFingerprint> FingerprintCache::get(Xapian::docid docid, const Xapian::Document& doc)
{
    if (const auto it = m_entries.find(docid); it != m_entries.end()) {
        return it->second;
    }
    if (m_entries.size() >= m_capacity) {
        m_entries.clear(); // cheap and bounded; copies are usually close together in document order
    }
    std::optional<BodyFingerprint> fingerprint = stored_fingerprint(doc);
    m_entries.emplace(docid, fingerprint);
    return fingerprint;
}

std::string default_cluster_key(const Article& article, const BodyFingerprint& fingerprint)
{
    const std::string content = article.title + '\x1F' + body_text(article);
    return fingerprint_hex(fingerprint.bands.empty() ? article.id + '\x1F' + content : content);
}

ClusterAssignment assign_cluster(const Xapian::Database& db, const Article& article, const BodyFingerprint& fingerprint,
                                 const CopySearchLimits& limits)
{
    const Copies copies = find_copies(db, fingerprint, band_candidates(db, fingerprint, 0, limits), nullptr);
    ClusterAssignment assignment;
    if (copies.best == 0) {
        assignment.key = default_cluster_key(article, fingerprint);
        return assignment;
    }
    assignment.key = schema::read_cluster_key(db.get_document(copies.best));
    std::set<std::string> others;
    for (const Xapian::docid docid : copies.all) {
        others.insert(schema::read_cluster_key(db.get_document(docid)));
    }
    others.erase(assignment.key);
    assignment.merged.assign(others.begin(), others.end());
    return assignment;
}

void merge_cluster(Xapian::WritableDatabase& db, const std::string& from, const std::string& to)
{
    const std::string from_term = schema::cluster_term(from);
    std::vector<Xapian::docid> members;
    for (auto it = db.postlist_begin(from_term); it != db.postlist_end(from_term); ++it) {
        members.push_back(*it);
    }
    for (const Xapian::docid docid : members) {
        Xapian::Document doc = db.get_document(docid);
        schema::change_cluster_key(doc, to);
        db.replace_document(docid, doc);
    }
}

std::vector<EarlierCopy> find_earlier_copies(const Xapian::Database& db, Xapian::docid first, Xapian::docid end,
                                             std::size_t cache_capacity)
{
    std::vector<EarlierCopy> copies;
    FingerprintCache cache(cache_capacity);
    for (Xapian::docid docid = first; docid < end; ++docid) {
        Xapian::Document doc;
        try {
            doc = db.get_document(docid);
        } catch (const Xapian::DocNotFoundError&) {
            continue;
        }
        // Syndicated wire copy is often verbatim: one posting list and two stored records
        // settle it, where a search among the band candidates computes up to 32 fingerprints.
        if (const Xapian::docid exact = earlier_exact_copy(db, docid, doc); exact != 0) {
            copies.push_back(EarlierCopy{docid, exact, {exact}});
            continue;
        }
        // Most articles have no earlier copy: skip them before computing their fingerprint.
        const std::vector<std::string> bands = schema::read_band_terms(doc);
        const bool shares_band = std::any_of(bands.begin(), bands.end(), [&](const std::string& band) {
            const Xapian::PostingIterator first_holder = db.postlist_begin(band);
            return first_holder != db.postlist_end(band) && *first_holder < docid;
        });
        if (!shares_band) {
            continue;
        }
        const std::optional<BodyFingerprint> fingerprint = cache.get(docid, doc);
        if (!fingerprint || fingerprint->bands.empty()) {
            continue;
        }
        Copies found = find_copies(db, *fingerprint, band_candidates(db, *fingerprint, docid, CopySearchLimits{}), &cache);
        if (found.best != 0) {
            copies.push_back(EarlierCopy{docid, found.best, std::move(found.all)});
        }
    }
    return copies;
}

} // namespace dateline
