// galley's command line: parses the subcommand and hands the rest to it.
#include "cli/commands.hpp"

#include "galley/error.hpp"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

namespace galley::cli {

int fail(int status, const std::string& message) {
    std::cerr << "galley: " << message << "\n";
    return status;
}

namespace {

struct Command {
    const char* name;
    int (*run)(const Args&);
    const char* summary;
};

constexpr Command commands[] = {
    {"convert", convert, "convert articles to PDF, EPUB, print layouts (PDF, PNG, SVG) and JSON"},
    {"inspect", inspect, "read an article and print its model as JSON"},
    {"check-style", check_style, "check a style sheet and print its errors and warnings"},
    {"styles", styles, "list the bundled style sheets"},
    {"fonts", fonts, "list the fonts each role of a style resolves to"},
    {"presskit", presskit, "build a press kit (ZIP or folder) from a YAML manifest"},
    {"edition", edition, "make up a newspaper edition (PDF, PNG, SVG) from a YAML manifest"},
};

void print_usage(std::FILE* out) {
    std::fprintf(out, "usage: galley COMMAND [ARGS...]\n"
                      "       galley --version | --help | help COMMAND\n\n"
                      "Commands:\n");
    for (const auto& c : commands) std::fprintf(out, "  %-12s %s\n", c.name, c.summary);
    std::fprintf(out,
                 "\nRun 'galley help COMMAND' or 'galley COMMAND --help' for a command's options.\n\n"
                 "Exit status:\n"
                 "  0  success\n"
                 "  1  some inputs failed (batch commands)\n"
                 "  2  usage error (unknown command or option, bad arguments)\n"
                 "  3  an input could not be read or is invalid\n"
                 "  4  an output could not be written\n"
                 "  70 internal error (a bug in galley: please report it)\n");
}

const Command* find_command(const std::string& name) {
    for (const auto& c : commands)
        if (name == c.name) return &c;
    return nullptr;
}

} // namespace

} // namespace galley::cli

int main(int argc, char** argv) {
    using namespace galley::cli;
    Args args(argv + 1, argv + argc);
    // Past a file-size limit (ulimit -f), write() then fails with EFBIG, which the sinks
    // report naming the file and clean up after, instead of the kernel killing the process
    // and leaving a temporary file behind.
    std::signal(SIGXFSZ, SIG_IGN);
    try {
        if (args.empty()) {
            print_usage(stderr);
            return 2;
        }
        const std::string& first = args[0];
        if (first == "--help" || first == "-h") {
            print_usage(stdout);
            return 0;
        }
        if (first == "--version" || first == "-V") {
            std::printf("galley %s\n", GALLEY_VERSION);
            return 0;
        }
        if (first == "help") {
            if (args.size() == 1) {
                print_usage(stdout);
                return 0;
            }
            const Command* c = find_command(args[1]);
            if (!c) return fail(2, "unknown command '" + args[1] + "' (see 'galley --help')");
            return c->run({"--help"});
        }
        const Command* c = find_command(first);
        if (!c) return fail(2, "unknown command '" + first + "' (see 'galley --help')");
        return c->run(Args(args.begin() + 1, args.end()));
    } catch (const galley::Error& e) {
        return fail(galley::exit_status(e.code()), e.what());
    } catch (const std::bad_alloc&) {
        return fail(70, "out of memory");
    } catch (const std::exception& e) {
        return fail(70, std::string("internal error: ") + e.what());
    }
}
