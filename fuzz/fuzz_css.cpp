// Fuzz target: the style sheet parser, galley::parse_style_sheet.
#include "fuzz_target.hpp"

#include "galley/style.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view css(reinterpret_cast<const char*>(data), size);
    galley::Warnings warnings;
    try {
        galley::StyleSheet sheet = galley::parse_style_sheet(css, "fuzz.css", warnings);
        static_cast<void>(sheet);
    } catch (const galley::Error&) {
        // A clear refusal is a correct answer to a bad input.
    }
    return 0;
}
