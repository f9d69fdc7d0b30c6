#include "galley/resources.hpp"

#include <cstdlib>

#ifndef GALLEY_DATA_DIR
#error "GALLEY_DATA_DIR must be defined by the build"
#endif

namespace galley {

namespace fs = std::filesystem;

namespace {
bool has_styles(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "styles", ec);
}
} // namespace

fs::path data_dir() {
    // 1. An explicit choice. 2. The source tree galley was built from, while it exists: a
    // build tree must never pick up older styles and fonts installed elsewhere. 3. The
    // installed data folder.
    if (const char* env = std::getenv("GALLEY_DATA_DIR"); env && *env) return fs::path(env);
    if (has_styles(GALLEY_DATA_DIR)) return fs::path(GALLEY_DATA_DIR);
#ifdef GALLEY_INSTALLED_DATA_DIR
    if (has_styles(GALLEY_INSTALLED_DATA_DIR)) return fs::path(GALLEY_INSTALLED_DATA_DIR);
#endif
    return fs::path(GALLEY_DATA_DIR);
}

fs::path styles_dir() { return data_dir() / "styles"; }
fs::path fonts_dir() { return data_dir() / "fonts"; }

} // namespace galley
