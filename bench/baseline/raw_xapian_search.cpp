// In-process search baseline: runs every query of QUERIES.tsv (id, class, text) ROUNDS times
// after one warm-up pass and prints "class<TAB>milliseconds" per timed query. Benchmark only.
#include "raw_query.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

int main(int argc, char** argv)
try {
    if (argc != 4) {
        std::cerr << "usage: bench-raw-search DBDIR QUERIES.tsv ROUNDS\n";
        return 2;
    }
    Xapian::Database db(argv[1]);
    std::vector<std::pair<std::string, std::string>> queries;
    std::ifstream in(argv[2]);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string id, cls, text;
        if (std::getline(fields, id, '\t') && std::getline(fields, cls, '\t') && std::getline(fields, text)) {
            queries.emplace_back(cls, text);
        }
    }
    const int rounds = std::stoi(argv[3]);
    for (int round = 0; round <= rounds; ++round) {
        for (const auto& [cls, text] : queries) {
            const auto start = std::chrono::steady_clock::now();
            const nlohmann::json result = run_raw_query(db, text);
            const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            if (round > 0) {
                std::cout << cls << '\t' << ms << '\n';
            }
        }
    }
    return 0;
} catch (const Xapian::Error& error) {
    std::cerr << "bench-raw-search: " << error.get_description() << '\n';
    return 1;
}
