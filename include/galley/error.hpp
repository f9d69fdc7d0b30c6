// galley — errors and warnings shared by every area.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace galley {

// What went wrong, in kinds a caller can act on. The CLI maps each kind to a documented
// exit status (see `exit_status`).
enum class ErrorCode {
    usage,        // a caller asked for something that makes no sense (bad option, bad format name)
    io,           // an input file (article, style sheet, image, font) could not be read
    output,       // an output could not be written (folder, permissions, full disk)
    empty_input,  // the input has no content
    binary_input, // the input is not text (NUL bytes, an image, an archive)
    encoding,     // the input is not valid in its encoding (invalid UTF-8, undeclared high bytes)
    syntax,       // the input is malformed in its own format (XML, JSON, YAML, CSS)
    invalid,      // well-formed, but not what the format requires (NITF without body, wrong root)
    version,      // a versioned input of a version this build does not read
    unsupported,  // a feature galley does not handle (e.g. a photo-only NewsML-G2 item)
    limit,        // an input that exceeds a safety limit (entity expansion, nesting, size)
    backend,      // a library used by a backend failed (libharu, Cairo, libzip)
    internal,     // a bug in galley
};

// A stable, lower-case name for an error code ("syntax", "encoding", …), for reports.
const char* to_string(ErrorCode code);

// A position in an input file: 1-based line and column; 0 means unknown. `offset` is the byte
// offset from the start of the file, or -1 when unknown.
struct Position {
    int line = 0;
    int column = 0;
    std::int64_t offset = -1;
    bool operator==(const Position&) const = default;
};

// The one exception type galley throws. `what()` is the whole one-line message,
// "FILE:LINE:COL: message" (parts that are unknown are left out).
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, std::string file, Position pos, std::string message);
    Error(ErrorCode code, std::string file, std::string message)
        : Error(code, std::move(file), Position{}, std::move(message)) {}

    ErrorCode code() const noexcept { return code_; }
    const std::string& file() const noexcept { return file_; }
    const Position& position() const noexcept { return pos_; }
    // The message without the file and position prefix.
    const std::string& message() const noexcept { return message_; }

private:
    ErrorCode code_;
    std::string file_;
    Position pos_;
    std::string message_;
};

// A recoverable problem, reported beside the output instead of stopping it.
struct Warning {
    std::string file;
    Position pos;
    std::string message;

    // "FILE:LINE:COL: warning: message"
    std::string to_string() const;
};

using Warnings = std::vector<Warning>;

// "FILE:LINE:COL: " with the unknown parts left out; empty when nothing is known.
std::string location_prefix(const std::string& file, const Position& pos);

// The CLI's exit status for an error of this kind: 2 for usage errors, 3 for inputs that
// cannot be read or are invalid, 4 for failures while writing output, 70 for internal errors.
int exit_status(ErrorCode code);

} // namespace galley
