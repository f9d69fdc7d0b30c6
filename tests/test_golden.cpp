// Golden tests: every sample (and the shared corpus articles) read into the model JSON,
// compared byte for byte with tests/golden/. Refresh on purpose with
//   GALLEY_UPDATE_GOLDEN=1 ctest --test-dir build -R Golden
// and review the diff before committing it.
#include "galley/json.hpp"
#include "galley/read.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace galley;
namespace fs = std::filesystem;

namespace {

struct GoldenCase {
    fs::path input;
    std::string golden_name;
};

bool is_article(const fs::path& p) {
    if (p.filename() == "README.md" || p.filename() == "SOURCES.md") return false;
    auto ext = p.extension().string();
    return ext == ".txt" || ext == ".md" || ext == ".xml" || ext == ".json";
}

std::vector<GoldenCase> golden_cases() {
    std::vector<GoldenCase> cases;
    for (const auto& entry : fs::directory_iterator(test::source_dir() / "samples"))
        if (entry.is_regular_file() && is_article(entry.path()))
            cases.push_back({entry.path(), entry.path().stem().string() + entry.path().extension().string()});
    const char* corpus_files[] = {
        "astana-roundtable.txt",
        "nitf/superdesk-core_nitf-fishing.xml",
        "newsml-g2/iptc-newsml-g2_LISTING_2_NewsML-G2_Text_Document.xml",
        "newsml-g2/iptc-newsml-g2_LISTING_22_Sports_story_in_NewsML-G2NITF.xml",
        "articles/en_wikinews_mecca_crane_short.txt",
        "articles/en_wikinews_uk_asylum_questionnaire.txt",
        "articles/ru_wikipedia_mars_excerpt.txt",
        "articles/ru_wikipedia_mars_excerpt.md",
    };
    for (const char* f : corpus_files) {
        fs::path p = test::corpus(f);
        cases.push_back({p, "corpus-" + p.filename().string()});
    }
    std::sort(cases.begin(), cases.end(),
              [](const auto& a, const auto& b) { return a.golden_name < b.golden_name; });
    return cases;
}

} // namespace

TEST(Golden, SamplesExist) {
    // The project promises at least four sample articles in four formats.
    std::set<std::string> formats;
    for (const auto& c : golden_cases())
        if (c.golden_name.rfind("corpus-", 0) != 0) formats.insert(c.input.extension().string());
    EXPECT_GE(formats.size(), 4u);
}

TEST(Golden, EveryInputMatchesItsModelJson) {
    auto cases = golden_cases();
    ASSERT_FALSE(cases.empty());
    fs::path golden_dir = test::source_dir() / "tests" / "golden";
    for (const auto& c : cases) {
        SCOPED_TRACE(c.input.string());
        ReadResult r = read_article_file(c.input.string());
        std::string actual = to_json(r.article);
        fs::path golden = golden_dir / (c.golden_name + ".json");
        if (test::update_golden()) {
            test::write_file(golden, actual);
            continue;
        }
        ASSERT_TRUE(fs::exists(golden))
            << "no golden file " << golden << "; create it with GALLEY_UPDATE_GOLDEN=1";
        EXPECT_EQ(actual, test::read_file(golden)) << "model changed for " << c.input
                                                   << "; if intended, refresh with "
                                                      "GALLEY_UPDATE_GOLDEN=1";
        // The golden JSON itself reads back to the same model.
        EXPECT_EQ(to_json(article_from_json(actual, golden.string())), actual);
    }
}
