// A plain main for a fuzz target, for builds without libFuzzer (gcc, ctest): runs every file
// named on the command line, and every regular file inside every folder named (sorted, not
// recursive), through LLVMFuzzerTestOneInput once.
//
//   fuzz_wire_replay fuzz/corpus/wire [more files or folders…]
//
// Exits 0 when every input passed; 1 when an input could not be read, a folder was empty, or
// the target let an exception other than galley::Error escape (the file is named). A crash
// or a sanitizer report ends the program; the input last named on stderr is the culprit.
#include "fuzz_target.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace {

bool read_file(const fs::path& path, std::string& bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " CORPUS_DIR_OR_FILE...\n";
        return 2;
    }
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg = argv[i];
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(arg, ec))
                if (entry.is_regular_file()) files.push_back(entry.path());
            if (ec || files.empty()) {
                std::cerr << arg.string() << ": no inputs in this folder\n";
                return 1;
            }
            std::sort(files.begin(), files.end());
            inputs.insert(inputs.end(), files.begin(), files.end());
        } else {
            inputs.push_back(arg);
        }
    }

    for (const fs::path& path : inputs) {
        std::string bytes;
        if (!read_file(path, bytes)) {
            std::cerr << path.string() << ": cannot read\n";
            return 1;
        }
        std::cerr << "running " << path.string() << " (" << bytes.size() << " bytes)\n";
        try {
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        } catch (const std::exception& e) {
            std::cerr << path.string() << ": FINDING: exception escaped the target: " << e.what() << '\n';
            return 1;
        } catch (...) {
            std::cerr << path.string() << ": FINDING: unknown exception escaped the target\n";
            return 1;
        }
    }
    std::cerr << inputs.size() << " inputs passed\n";
    return 0;
}
