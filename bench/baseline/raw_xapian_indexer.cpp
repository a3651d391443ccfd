// The engine limit for indexing: the least a Xapian indexer of news JSONL can do (title with
// and without prefix, body, positions, English stemming, replace by id, a commit every
// 10,000 documents). Written for the benchmark only; not part of Dateline.
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv)
try {
    if (argc != 3) {
        std::cerr << "usage: bench-raw-indexer ARTICLES.jsonl DBDIR\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "bench-raw-indexer: cannot open " << argv[1] << '\n';
        return 1;
    }
    Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator termgen;
    termgen.set_stemmer(Xapian::Stem("english"));
    constexpr unsigned long k_commit_every = 10000;
    unsigned long count = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        const nlohmann::json record = nlohmann::json::parse(line);
        const std::string id = record.at("id").is_string() ? record.at("id").get<std::string>() : record.at("id").dump();
        const std::string title = record.value("title", "");
        const std::string body = record.contains("body") && record["body"].is_string() ? record["body"].get<std::string>() : "";
        Xapian::Document doc;
        termgen.set_document(doc);
        termgen.index_text(title, 1, "S");
        termgen.increase_termpos();
        termgen.index_text(title);
        termgen.increase_termpos();
        termgen.index_text(body);
        doc.set_data(nlohmann::json{{"id", id}, {"title", title}}.dump());
        const std::string id_term = "Q" + id;
        doc.add_boolean_term(id_term);
        db.replace_document(id_term, doc);
        if (++count % k_commit_every == 0) {
            db.commit();
        }
    }
    db.commit();
    std::cout << count << '\n';
    return 0;
} catch (const std::exception& error) {
    std::cerr << "bench-raw-indexer: " << error.what() << '\n';
    return 1;
} catch (const Xapian::Error& error) {
    std::cerr << "bench-raw-indexer: " << error.get_description() << '\n';
    return 1;
}
