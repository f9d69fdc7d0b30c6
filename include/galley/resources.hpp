// galley — where the bundled styles and fonts are.
#pragma once

#include <filesystem>

namespace galley {

// The folder holding galley's bundled data (`styles/`, `fonts/`): the environment variable
// GALLEY_DATA_DIR when set, else the installed data folder, else the source tree it was built
// from. Never empty.
std::filesystem::path data_dir();

// data_dir() / "styles" and data_dir() / "fonts".
std::filesystem::path styles_dir();
std::filesystem::path fonts_dir();

} // namespace galley
