#include "common/index/chrome_store.h"

#include "common/index/schema.h"

#include <stdexcept>

namespace dateline {

void store_chrome_model(Xapian::WritableDatabase& db, const ChromeModel& model)
{
    for (const std::string& site : model.sites()) {
        db.set_metadata(schema::chrome_model_key(site), model.serialise_site(site));
    }
}

std::vector<std::string> load_chrome_model(const Xapian::Database& db, ChromeModel& model)
{
    std::vector<std::string> problems;
    const std::string prefix = schema::chrome_model_key_prefix();
    for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
        try {
            model.merge_serialised_site(db.get_metadata(*key));
        } catch (const std::runtime_error& error) {
            problems.push_back("ignored the learned site chrome stored under \"" + *key + "\" (" + error.what() +
                               "); it is learned again from this run's pages");
        }
    }
    return problems;
}

} // namespace dateline
