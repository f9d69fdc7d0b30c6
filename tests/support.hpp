// Test support: paths to the checkout, the shared corpus and the CLI, and small file helpers.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace galley::test {

std::filesystem::path source_dir();   // the checkout
std::filesystem::path shared_dir();   // ../shared beside the checkout
std::filesystem::path corpus(const std::string& relative); // shared/corpus/<relative>
std::filesystem::path cli();          // the built `galley` executable

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

// A fresh, empty temporary folder for one test (removed when the object goes away).
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int status = -1; // exit status, or -1 when the process did not exit normally
    std::string out;
    std::string err;
};
// Runs `argv` (no shell) with stdin from /dev/null and captures stdout and stderr.
CommandResult run_command(const std::vector<std::string>& argv);

// True when GALLEY_UPDATE_GOLDEN=1: golden tests then rewrite their expected files.
bool update_golden();

} // namespace galley::test
