// The engine limit for searching, shared by the in-process and HTTP baselines: parse with
// Xapian's QueryParser (English stemming, OR between words like Dateline's default), top 10
// with an estimated count, ids and titles read from the stored data. Benchmark only.
#pragma once

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <string>

inline nlohmann::json run_raw_query(Xapian::Database& db, const std::string& text)
{
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(db);
    parser.add_prefix("title", "S");
    Xapian::Enquire enquire(db);
    enquire.set_query(parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
                                                   Xapian::QueryParser::FLAG_BOOLEAN));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    nlohmann::json hits = nlohmann::json::array();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const nlohmann::json data = nlohmann::json::parse(it.get_document().get_data());
        hits.push_back({{"id", data["id"]}, {"title", data["title"]}, {"score", it.get_weight()}});
    }
    return {{"total", mset.get_matches_estimated()}, {"hits", std::move(hits)}};
}
