#include "galley/resources.hpp"

#include <cstdlib>

#ifndef GALLEY_DATA_DIR
#error "GALLEY_DATA_DIR must be defined by the build"
#endif

namespace galley {

namespace fs = std::filesystem;

fs::path data_dir() {
    if (const char* env = std::getenv("GALLEY_DATA_DIR"); env && *env) return fs::path(env);
#ifdef GALLEY_INSTALLED_DATA_DIR
    {
        std::error_code ec;
        if (fs::is_directory(fs::path(GALLEY_INSTALLED_DATA_DIR) / "styles", ec))
            return GALLEY_INSTALLED_DATA_DIR;
    }
#endif
    return fs::path(GALLEY_DATA_DIR);
}

fs::path styles_dir() { return data_dir() / "styles"; }
fs::path fonts_dir() { return data_dir() / "fonts"; }

} // namespace galley
