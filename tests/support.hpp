// Test support: paths to the checkout, the shared corpus and the CLI, and small file helpers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
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

// ---- bounded runs (tests/hostile/): a child with a deadline and resource limits

// Limits for one bounded run of a child process.
struct Bounds {
    double seconds = 60;                // wall clock; past it the child is killed (SIGKILL)
    std::uint64_t address_space = 0;    // RLIMIT_AS in bytes (0: none); not applied when
                                        // built_with_sanitizer() (shadow memory needs terabytes)
    std::uint64_t file_size = 0;        // RLIMIT_FSIZE in bytes (0: none)
    bool ignore_sigxfsz = true;         // ignore SIGXFSZ in the child, so that a write past
                                        // file_size fails with EFBIG (false: leave it to the
                                        // program, as a shell's `ulimit -f` does)
    std::vector<std::pair<std::string, std::string>> env; // set in the child before exec
};

struct BoundedResult : CommandResult {
    bool timed_out = false; // killed at the deadline
    int signal = 0;         // the signal that ended the child, 0 when it exited
    double seconds = 0;     // wall-clock time until it ended
    double cpu_seconds = 0; // the child's user and system CPU time
    long max_rss_kb = 0;    // the child's peak resident size
};

// Runs `argv` (no shell) like run_command, in its own process group, within `bounds`.
BoundedResult run_bounded(const std::vector<std::string>& argv, const Bounds& bounds);

// True when this build runs under AddressSanitizer or ThreadSanitizer (the whole build gets the
// same flags, the CLI too), whose shadow memory makes an address-space limit meaningless.
bool built_with_sanitizer();

// True when GALLEY_UPDATE_GOLDEN=1: golden tests then rewrite their expected files.
bool update_golden();

} // namespace galley::test
