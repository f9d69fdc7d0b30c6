// Reads an article and converts it in memory to JSON and EPUB with the installed galley.
// Usage: example ARTICLE   (prints the headline, the data folder and each output's size)
#include <galley/galley.hpp>

#include <cstdio>
#include <memory>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: example ARTICLE\n");
        return 2;
    }
    try {
        galley::ReadResult read = galley::read_article_file(argv[1]);
        std::printf("headline: %s\n", read.article.meta.headline.c_str());
        std::printf("data: %s\n", galley::data_dir().c_str());

        const galley::OutputFormat formats[] = {galley::OutputFormat::json,
                                                galley::OutputFormat::epub};
        std::string outputs[2];
        galley::ConvertOptions options;
        auto sinks = [&](galley::OutputFormat format, int) -> std::unique_ptr<galley::Sink> {
            // Collects into outputs[], which outlives the sinks convert() owns.
            struct Collect final : galley::Sink {
                std::string& out;
                explicit Collect(std::string& o) : out(o) {}
                void write(std::string_view bytes) override { out.append(bytes); }
                void finish() override {}
                std::string name() const override { return "<memory>"; }
            };
            return std::make_unique<Collect>(outputs[format == galley::OutputFormat::json ? 0 : 1]);
        };
        galley::ConvertResult result = galley::convert(read.article, formats, options, sinks);
        for (const auto& file : result.files)
            std::printf("%s: %llu bytes\n", galley::to_string(file.format),
                        static_cast<unsigned long long>(file.bytes));
        bool epub = outputs[1].compare(30, 28, "mimetypeapplication/epub+zip") == 0;
        std::printf("epub mimetype: %s\n", epub ? "ok" : "missing");
        return epub ? 0 : 1;
    } catch (const galley::Error& e) {
        std::fprintf(stderr, "example: %s\n", e.what());
        return galley::exit_status(e.code());
    }
}
