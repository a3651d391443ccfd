#include "common/search/related.h"

#include "common/index/schema.h"

#include <vector>

namespace dateline {
namespace {

constexpr Xapian::termcount k_similar_terms = 25;

class PlainWordDecider : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override
    {
        return schema::is_plain_word_term(term) && term.size() > 2;
    }
};

} // namespace

Xapian::Query build_similar_query(const Xapian::Database& db, Xapian::docid docid)
{
    Xapian::RSet rset;
    rset.add_document(docid);
    Xapian::Enquire enquire(db);
    const PlainWordDecider decider;
    // Over several shards Xapian would estimate each word's frequency from the article's own
    // shard; exact frequencies pick the same words as one database would (issue 18).
    const Xapian::ESet eset = enquire.get_eset(k_similar_terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        terms.emplace_back(*it);
    }
    return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
}

} // namespace dateline
