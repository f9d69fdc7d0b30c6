// scratch
#include "galley/edition.hpp"
#include "support.hpp"
#include <gtest/gtest.h>
#include <fstream>
#include <iostream>
using namespace galley;
namespace {
class FileSink : public Sink {
  public:
    explicit FileSink(std::string path) : path_(std::move(path)) {}
    void write(std::string_view bytes) override { data_ += bytes; }
    void finish() override { std::ofstream(path_, std::ios::binary) << data_; }
    std::string name() const override { return path_; }
  private:
    std::string path_, data_;
};
TEST(EditionScratch, Build) {
    EditionManifest m;
    m.file = "edition.yaml";
    m.base_dir = test::source_dir() / "samples/edition";
    m.title = "The Steppe Courier";
    m.date = "2026-12-07";
    m.style = "broadsheet";
    EditionAd ad; ad.file = "ads/sary-arqa-hardware.png"; ad.columns = 2; ad.height = 70 * 72 / 25.4; ad.at = AdPlacement::bottom_right;
    EditionPage p1{"Front Page", true, {{"stories/heat-plant.md"}, {"stories/grain-wagons.md", 4}, {"briefs/front/", std::nullopt, true}}, {ad}};
    EditionPage p2{"City", false, {{"stories/river-rink.md"}, {"stories/flap-valves.md"}, {"stories/blizzard-highway.txt"}, {"briefs/city/", std::nullopt, true}}, {}};
    ad.at = AdPlacement::bottom_left; ad.height = 60 * 72 / 25.4;
    EditionPage p3{"City", false, {{"stories/bus-fares.md"}, {"stories/library-evenings.md"}, {"stories/dog-shelter.md"}}, {ad}};
    EditionPage p4{"Business", false, {{"stories/felt-makers.md"}, {"stories/istanbul-flights.xml"}}, {}};
    m.pages = {p1, p2, p3, p4};
    EditionOptions o;
    const char* out = std::getenv("ED_OUT");
    o.output = print_output_from_name(std::getenv("ED_TO") ? std::getenv("ED_TO") : "png").value();
    o.dpi = 40;
    EditionResult r = build_edition(m, o, [&](int page) { return std::make_unique<FileSink>(std::string(out ? out : "/tmp/ed") + "-" + std::to_string(page) + (o.output == PrintOutput::png ? ".png" : o.output == PrintOutput::pdf ? ".pdf" : ".txt")); });
    for (auto& w : r.warnings) std::cerr << w.file << ": " << w.message << "\n";
    for (auto& s : r.stories) { std::cerr << s.story << ":"; for (auto& mm : s.modules) std::cerr << " p" << mm.page << " " << mm.x << "," << mm.y << " " << mm.width << "x" << mm.height; std::cerr << " jumps " << s.jumps.size() << " overset " << s.overset_words << "\n"; }
    for (auto& p : r.pages) std::cerr << "page " << p.page << " fill " << p.fill << "\n";
}
}
