// Keeps what the indexer learned about site chrome (cleaning/chrome_model.h) in the database's
// metadata, so that a later run on a single new file still cleans it. The keys are the schema's
// (schema::chrome_model_key); the schema itself knows nothing of the cleaner.
#pragma once

#include "common/cleaning/chrome_model.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace dateline {

/// Stores what was learned about site chrome: one metadata entry per site, replacing what an
/// earlier run stored for it (the model already holds that, see load_chrome_model).
/// @exception Xapian::Error when the metadata cannot be written.
void store_chrome_model(Xapian::WritableDatabase& db, const ChromeModel& model);

/// Adds the site chrome stored in `db` to `model`. Returns one message per stored entry that
/// could not be read (that site is then learned afresh); never throws for such an entry.
std::vector<std::string> load_chrome_model(const Xapian::Database& db, ChromeModel& model);

} // namespace dateline
