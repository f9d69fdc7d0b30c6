#include "galley/error.hpp"

namespace galley {

const char* to_string(ErrorCode code) {
    switch (code) {
    case ErrorCode::usage: return "usage";
    case ErrorCode::io: return "io";
    case ErrorCode::output: return "output";
    case ErrorCode::empty_input: return "empty-input";
    case ErrorCode::binary_input: return "binary-input";
    case ErrorCode::encoding: return "encoding";
    case ErrorCode::syntax: return "syntax";
    case ErrorCode::invalid: return "invalid";
    case ErrorCode::version: return "version";
    case ErrorCode::unsupported: return "unsupported";
    case ErrorCode::limit: return "limit";
    case ErrorCode::backend: return "backend";
    case ErrorCode::internal: return "internal";
    }
    return "internal";
}

std::string location_prefix(const std::string& file, const Position& pos) {
    std::string out = file;
    if (pos.line > 0) {
        out += (out.empty() ? "" : ":") + std::to_string(pos.line);
        if (pos.column > 0) out += ":" + std::to_string(pos.column);
    }
    if (!out.empty()) out += ": ";
    return out;
}

Error::Error(ErrorCode code, std::string file, Position pos, std::string message)
    : std::runtime_error(location_prefix(file, pos) + message), code_(code),
      file_(std::move(file)), pos_(pos), message_(std::move(message)) {}

std::string Warning::to_string() const {
    return location_prefix(file, pos) + "warning: " + message;
}

int exit_status(ErrorCode code) {
    switch (code) {
    case ErrorCode::usage: return 2;
    case ErrorCode::io:
    case ErrorCode::empty_input:
    case ErrorCode::binary_input:
    case ErrorCode::encoding:
    case ErrorCode::syntax:
    case ErrorCode::invalid:
    case ErrorCode::version:
    case ErrorCode::unsupported:
    case ErrorCode::limit: return 3;
    case ErrorCode::output:
    case ErrorCode::backend: return 4;
    case ErrorCode::internal: return 70;
    }
    return 70;
}

} // namespace galley
