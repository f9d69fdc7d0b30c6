// Fuzz target: the press-kit manifest reader, galley::parse_presskit_manifest (YAML through
// yaml-cpp: anchors and aliases, nesting, wrong types, bad UTF-8), and the embargo parser.
#include "fuzz_target.hpp"

#include "galley/presskit.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view yaml(reinterpret_cast<const char*>(data), size);
    galley::Warnings warnings;
    try {
        const galley::PresskitManifest manifest =
            galley::parse_presskit_manifest(yaml, "fuzz.yaml", "/nonexistent", warnings);
        // What a kit would print from it must be computable.
        if (manifest.embargo) static_cast<void>(manifest.embargo->notice());
    } catch (const galley::Error&) {
        // A clear refusal is a correct answer to a bad input.
    }
    // The embargo parser on the raw bytes (up to a line's worth).
    if (auto embargo = galley::parse_presskit_embargo(yaml.substr(0, 64)))
        static_cast<void>(embargo->notice());
    return 0;
}
