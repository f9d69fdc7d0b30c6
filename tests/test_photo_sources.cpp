// Where photos may come from, and what happens when they are not there (issue 13): a missing
// file, an agency asset ID and a remote URL leave the photo out with a warning (exit 0, the
// caption and credit still printed in every backend); --strict makes any warning an error
// (exit 3, nothing written); a symbolic link inside the article's folder is followed;
// --resource-path adds folders; ".." and absolute paths leading out stay refused.
#include "galley/convert.hpp"
#include "galley/image.hpp"
#include "galley/presskit.hpp"

#include "support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <variant>

namespace fs = std::filesystem;
using galley::test::TempDir;
using galley::test::cli;
using galley::test::read_file;
using galley::test::run_command;
using galley::test::source_dir;
using galley::test::write_file;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

galley::test::CommandResult galley_cli(std::vector<std::string> args) {
    args.insert(args.begin(), cli().string());
    return run_command(args);
}

const fs::path photo = source_dir() / "samples/photos/steppe-rail.jpg";

// A Markdown article showing the image `src`, with a caption and a credit of its own.
std::string article_showing(const std::string& src) {
    return "---\ntitle: The harbour\nlang: en\n---\n\nBefore the photo.\n\n"
           "![High tide at the northern breakwater.](" +
           src + " \"Jane Doe / Example Agency\")\n\nAfter the photo.\n";
}

// An NITF article whose photo is an agency asset ID.
std::string nitf_with_asset_id(const std::string& id) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<nitf><head><title>Tides</title></head><body><body.head><hedline><hl1>Tides "
           "rise</hl1></hedline></body.head><body.content>"
           "<p>Before the photo.</p>"
           "<media media-type=\"image\"><media-reference mime-type=\"image/jpeg\" source=\"" +
           id +
           "\"/><media-caption>High tide at the northern breakwater.</media-caption>"
           "<media-producer>Jane Doe / Example Agency</media-producer></media>"
           "<p>After the photo.</p></body.content></body></nitf>\n";
}

std::string pdftotext(const fs::path& pdf) {
    const auto r = run_command({"/usr/bin/pdftotext", "-layout", pdf.string(), "-"});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}

// The images a PDF holds (pdfimages -list, soft masks not counted).
int pdf_images(const fs::path& pdf) {
    const auto r = run_command({"/usr/bin/pdfimages", "-list", pdf.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    std::istringstream in(r.out);
    int count = 0, number = 0;
    for (std::string line; std::getline(in, line);) {
        if (++number <= 2) continue;
        std::istringstream words(line);
        std::string page, num, kind;
        if (words >> page >> num >> kind && kind == "image") ++count;
    }
    return count;
}

std::string unzip(const fs::path& zip, const std::string& entry) {
    const auto r = run_command({"/usr/bin/unzip", "-p", zip.string(), entry});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}

std::vector<std::string> zip_names(const fs::path& zip) {
    const auto r = run_command({"/usr/bin/unzip", "-Z1", zip.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    std::vector<std::string> names;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) names.push_back(line);
    return names;
}

// Every file below `dir` (hidden and temporary ones too), relative.
std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> names;
    if (!fs::exists(dir)) return names;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (!entry.is_directory()) names.push_back(entry.path().lexically_relative(dir).string());
    std::sort(names.begin(), names.end());
    return names;
}

// A PDF that says the caption and the credit and holds no photo.
void expect_pdf_without_photo(const fs::path& pdf) {
    SCOPED_TRACE(pdf.string());
    ASSERT_TRUE(fs::exists(pdf));
    const std::string text = pdftotext(pdf);
    EXPECT_TRUE(contains(text, "High tide at the northern breakwater.")) << text;
    EXPECT_TRUE(contains(text, "Jane Doe / Example Agency")) << text;
    EXPECT_TRUE(contains(text, "After the photo.")) << text;
    EXPECT_EQ(pdf_images(pdf), 0);
}

// An EPUB whose text says the caption and the credit and that holds no image.
void expect_epub_without_photo(const fs::path& epub, const std::string& document) {
    SCOPED_TRACE(epub.string());
    ASSERT_TRUE(fs::exists(epub));
    const std::string xhtml = unzip(epub, "OEBPS/" + document);
    EXPECT_TRUE(contains(xhtml, "High tide at the northern breakwater.")) << xhtml;
    EXPECT_TRUE(contains(xhtml, "Jane Doe / Example Agency")) << xhtml;
    EXPECT_FALSE(contains(xhtml, "<img")) << xhtml;
    for (const std::string& name : zip_names(epub))
        EXPECT_FALSE(name.starts_with("OEBPS/images/")) << name;
}

// The stem's PDF, print PDF and EPUB say the caption and the credit and hold no photo.
void expect_photo_left_out(const fs::path& out, const std::string& stem) {
    expect_pdf_without_photo(out / (stem + ".pdf"));
    expect_pdf_without_photo(out / (stem + "-print.pdf"));
    expect_epub_without_photo(out / (stem + ".epub"), "article.xhtml");
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Photos that are not there

TEST(PhotoSources, AMissingFileAnAssetIdAndARemoteUrlLeaveThePhotoOutWithAWarning) {
    TempDir dir;
    const fs::path in = dir / "in", out = dir / "out";
    write_file(in / "missing.md", article_showing("photos/high-tide.jpg"));
    write_file(in / "remote.md", article_showing("https://photos.example.com/high-tide.jpg"));
    write_file(in / "asset.xml", nitf_with_asset_id("iJIJyyF0tiE"));
    for (const char* stem : {"missing", "remote", "asset"}) {
        SCOPED_TRACE(stem);
        const std::string input =
            (in / (std::string(stem) + (std::string(stem) == "asset" ? ".xml" : ".md"))).string();
        const auto r = galley_cli({"convert", input, "--to", "pdf,epub,print", "-o", out.string()});
        EXPECT_EQ(r.status, 0) << r.err;
        std::string reference = std::string(stem) == "missing"  ? "'photos/high-tide.jpg'"
                                : std::string(stem) == "remote" ? "'https://photos.example.com/high-tide.jpg'"
                                                                : "'iJIJyyF0tiE'";
        // One warning (the three backends say the same thing once), naming the article, the
        // figure and the reference.
        const std::string expected = input + ": warning: figure 1: image " + reference;
        std::size_t at = r.err.find(expected), seen = 0;
        for (; at != std::string::npos; at = r.err.find(expected, at + 1)) ++seen;
        EXPECT_EQ(seen, 1u) << r.err;
        EXPECT_TRUE(contains(r.err, "the photo is left out, its caption and credit are kept"))
            << r.err;
        if (std::string(stem) == "asset") {
            EXPECT_TRUE(contains(r.err, "looks like an agency's asset ID")) << r.err;
        }
        if (std::string(stem) == "missing") {
            EXPECT_TRUE(contains(r.err, "was not found (looked for " +
                                            (fs::canonical(in) / "photos/high-tide.jpg").string()))
                << r.err;
        }
        expect_photo_left_out(out, stem);
    }
}

TEST(PhotoSources, TheJsonReportCarriesTheWarning) {
    TempDir dir;
    write_file(dir / "in/story.md", article_showing("photos/high-tide.jpg"));
    const auto r = galley_cli({"convert", (dir / "in").string(), "--to", "pdf", "-o",
                               (dir / "out").string(), "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "figure 1: image 'photos/high-tide.jpg' was not found")) << r.out;
    EXPECT_TRUE(contains(r.out, "\"error\":null")) << r.out;
}

TEST(PhotoSources, TheLibraryLeavesOutWhatIsNotThereAndKeepsTheRest) {
    TempDir dir;
    fs::create_directories(dir / "story");
    fs::copy_file(photo, dir / "story/here.jpg");
    galley::Article article;
    article.source_path = (dir / "story/article.md").string();
    const auto figure = [](const std::string& src) {
        galley::Figure f;
        f.image = galley::ImageRef{src, {}, {}, 0, 0};
        f.caption = galley::text_inlines("Caption of " + src);
        f.credit.line = "Credit of " + src;
        return f;
    };
    article.blocks.push_back(figure("here.jpg"));
    article.blocks.push_back(figure("gone.jpg"));
    galley::BlockQuote quote;
    quote.content.push_back(figure("20250312ABC"));
    article.blocks.push_back(quote);
    article.blocks.push_back(figure("HTTP://example.com/a.jpg"));
    article.blocks.push_back(figure("file://elsewhere.example/a.jpg"));
    article.blocks.push_back(figure("data:image/png;base64,AAAA"));
    article.blocks.push_back(figure("../outside.jpg")); // refused: left for the backend
    galley::Figure embedded = figure("");
    embedded.image->data = read_file(photo);
    article.blocks.push_back(embedded);

    galley::Warnings warnings;
    galley::drop_unusable_images(article, warnings);
    ASSERT_EQ(warnings.size(), 5u);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"figure 2: image 'gone.jpg' was not found", "gone.jpg"},
        {"figure 3: image '20250312ABC' names no file: it looks like an agency's asset ID",
         "20250312ABC"},
        {"figure 4: image 'HTTP://example.com/a.jpg' is not a local file", ""},
        {"figure 5: image 'file://elsewhere.example/a.jpg' names a file on another host", ""},
        {"figure 6: image 'data:image/png;base64,AAAA' is not a local file", ""},
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(warnings[i].file, article.source_path);
        EXPECT_TRUE(warnings[i].message.starts_with(expected[i].first)) << warnings[i].message;
    }
    const auto figure_at = [&](std::size_t i) -> const galley::Figure& {
        return std::get<galley::Figure>(article.blocks[i].node);
    };
    EXPECT_TRUE(figure_at(0).image.has_value());
    EXPECT_TRUE(figure_at(0).image_left_out.empty());
    EXPECT_FALSE(figure_at(1).image.has_value());
    EXPECT_EQ(figure_at(1).image_left_out, "gone.jpg");
    EXPECT_EQ(galley::plain_text(figure_at(1).caption), "Caption of gone.jpg");
    EXPECT_EQ(figure_at(1).credit.line, "Credit of gone.jpg");
    const auto& quoted = std::get<galley::Figure>(
        std::get<galley::BlockQuote>(article.blocks[2].node).content[0].node);
    EXPECT_FALSE(quoted.image.has_value());
    EXPECT_EQ(quoted.image_left_out, "20250312ABC");
    EXPECT_TRUE(figure_at(6).image.has_value()); // the escape stays, and stays an error
    EXPECT_TRUE(figure_at(7).image.has_value()); // embedded bytes are there
}

// ---------------------------------------------------------------------------------------------
// --strict

TEST(PhotoSources, StrictMakesAWarningAnErrorAndWritesNothing) {
    TempDir dir;
    const fs::path in = dir / "in", out = dir / "out";
    fs::create_directories(in / "photos");
    fs::copy_file(photo, in / "photos/steppe.jpg");
    write_file(in / "missing.md", article_showing("photos/high-tide.jpg"));
    write_file(in / "good.md", article_showing("photos/steppe.jpg"));

    // One article alone: exit 3, nothing at all in the output folder (PNG pages too).
    auto r = galley_cli({"convert", (in / "missing.md").string(), "--to", "pdf,epub,print,png",
                         "-o", out.string(), "--strict"});
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_TRUE(contains(r.err, "figure 1: image 'photos/high-tide.jpg' was not found")) << r.err;
    EXPECT_TRUE(contains(r.err, "galley: " + (in / "missing.md").string() +
                                    ": 1 warning and --strict, which makes every warning an "
                                    "error: nothing was written"))
        << r.err;
    EXPECT_EQ(files_in(out), std::vector<std::string>{});

    // An older good output stays as it was.
    write_file(out / "missing.pdf", "an older PDF");
    r = galley_cli({"convert", (in / "missing.md").string(), "--to", "pdf", "-o", out.string(),
                    "--strict"});
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_EQ(read_file(out / "missing.pdf"), "an older PDF");
    fs::remove_all(out);

    // In a batch the clean article is written, the other is not, and the batch exits 3.
    r = galley_cli({"convert", in.string(), "--to", "pdf,epub,print", "-o", out.string(),
                    "--strict", "--json"});
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_EQ(files_in(out), (std::vector<std::string>{"good-print.pdf", "good.epub", "good.pdf"}));
    EXPECT_EQ(pdf_images(out / "good.pdf"), 1);
    EXPECT_TRUE(contains(r.out, "\"exit_status\":3")) << r.out;

    // Without --strict the same batch converts both, with the warning.
    fs::remove_all(out);
    r = galley_cli({"convert", in.string(), "--to", "pdf,epub,print", "-o", out.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(files_in(out).size(), 6u);

    // Standard input to standard output: nothing printed.
    r = run_command({"/bin/sh", "-c",
                     "cd '" + in.string() + "' && '" + cli().string() +
                         "' convert - --to pdf -o - --strict < missing.md"});
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_TRUE(r.out.empty());
    r = run_command({"/bin/sh", "-c",
                     "cd '" + in.string() + "' && '" + cli().string() +
                         "' convert - --to pdf -o - --strict < good.md"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("%PDF-"));
}

TEST(PhotoSources, StrictWritesABundleOnlyWhenEverythingIsClean) {
    TempDir dir;
    const fs::path in = dir / "in", out = dir / "out";
    fs::create_directories(in / "photos");
    fs::copy_file(photo, in / "photos/steppe.jpg");
    write_file(in / "a.md", article_showing("photos/steppe.jpg"));
    write_file(in / "b.md", article_showing("photos/high-tide.jpg"));
    auto r = galley_cli({"convert", in.string(), "--to", "epub", "--bundle", "issue.epub",
                         "--title", "Issue", "-o", out.string(), "--strict"});
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_EQ(files_in(out), std::vector<std::string>{});
    fs::remove(in / "b.md");
    r = galley_cli({"convert", in.string(), "--to", "epub", "--bundle", "issue.epub", "--title",
                    "Issue", "-o", out.string(), "--strict"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(files_in(out), std::vector<std::string>{"issue.epub"});
}

// ---------------------------------------------------------------------------------------------
// Where photos may come from

TEST(PhotoSources, ASymbolicallyLinkedImageFolderInsideTheArticlesFolderIsFollowed) {
    TempDir dir;
    // Shared storage outside the article's folder; the article's img/ is a link to it.
    fs::create_directories(dir / "shared/photos");
    fs::copy_file(photo, dir / "shared/photos/steppe.jpg");
    fs::create_directories(dir / "batch");
    fs::create_directory_symlink(dir / "shared/photos", dir / "batch/img");
    write_file(dir / "batch/story.md", article_showing("img/steppe.jpg"));
    // A link to one file is followed too.
    fs::create_symlink(dir / "shared/photos/steppe.jpg", dir / "batch/lead.jpg");
    write_file(dir / "batch/lead.md", article_showing("lead.jpg"));

    const fs::path out = dir / "out";
    const auto r = galley_cli({"convert", (dir / "batch").string(), "--to", "pdf,epub,print",
                               "-o", out.string(), "-j", "2"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_FALSE(contains(r.err, "warning: figure")) << r.err;
    for (const char* stem : {"story", "lead"}) {
        EXPECT_EQ(pdf_images(out / (std::string(stem) + ".pdf")), 1) << stem;
        EXPECT_EQ(pdf_images(out / (std::string(stem) + "-print.pdf")), 1) << stem;
        const std::string image = std::string(stem) == "story" ? "steppe" : "lead";
        EXPECT_EQ(unzip(out / (std::string(stem) + ".epub"), "OEBPS/images/" + image + ".jpg"),
                  read_file(photo))
            << stem;
    }

    // What the article's text cannot do is leave with ".." — not even through the link — or
    // with an absolute path.
    write_file(dir / "shared/secret.jpg", read_file(photo));
    write_file(dir / "batch2/climb.md", article_showing("../shared/secret.jpg"));
    write_file(dir / "batch2/through.md", article_showing("img/../../shared/secret.jpg"));
    write_file(dir / "batch2/absolute.md", article_showing((dir / "shared/secret.jpg").string()));
    fs::create_directory_symlink(dir / "shared/photos", dir / "batch2/img");
    const auto refused = galley_cli({"convert", (dir / "batch2").string(), "--to", "pdf,epub",
                                     "-o", (dir / "out2").string()});
    EXPECT_EQ(refused.status, 1) << refused.err;
    EXPECT_TRUE(contains(refused.err, "image '../shared/secret.jpg' climbs out of the article's "
                                      "folder with '..'; images must be inside the article's "
                                      "folder (--allow-outside allows others)"))
        << refused.err;
    EXPECT_TRUE(contains(refused.err, "image 'img/../../shared/secret.jpg' climbs out"))
        << refused.err;
    EXPECT_TRUE(contains(refused.err, (dir / "shared/secret.jpg").string() +
                                          "' is an absolute path; images must be inside"))
        << refused.err;
    EXPECT_TRUE(contains(refused.err, "galley: 0 converted, 3 failed")) << refused.err;
    EXPECT_EQ(files_in(dir / "out2"), std::vector<std::string>{});
}

TEST(PhotoSources, ResourcePathFindsImagesInLaterFoldersAndStillRefusesClimbingOut) {
    TempDir dir;
    fs::create_directories(dir / "assets/photos");
    fs::create_directories(dir / "more");
    fs::copy_file(photo, dir / "more/steppe.jpg");
    fs::copy_file(photo, dir / "assets/secret.jpg");
    write_file(dir / "in/story.md", article_showing("steppe.jpg"));
    write_file(dir / "in/climb.md", article_showing("../assets/secret.jpg"));
    write_file(dir / "in/up.md", article_showing("../secret.jpg")); // assets/photos/../secret.jpg

    const std::string path = (dir / "assets/photos").string() + ":" + (dir / "more").string();
    const fs::path out = dir / "out";
    auto r = galley_cli({"convert", (dir / "in").string(), "--to", "pdf,epub", "-o",
                         out.string(), "--resource-path", path});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(pdf_images(out / "story.pdf"), 1);
    EXPECT_EQ(unzip(out / "story.epub", "OEBPS/images/steppe.jpg"), read_file(photo));
    for (const char* name : {"climb.md", "up.md"}) {
        EXPECT_TRUE(contains(r.err, "galley: " + (dir / "in" / name).string() + ": image '"))
            << r.err;
    }
    EXPECT_TRUE(contains(r.err, "climbs out of the article's folder with '..'; images must be "
                                "inside the article's folder or a resource folder"))
        << r.err;
    EXPECT_EQ(files_in(out), (std::vector<std::string>{"story.epub", "story.pdf"}));

    // An absolute path into a resource folder is inside; one elsewhere is not.
    write_file(dir / "in2/absolute.md", article_showing((dir / "more/steppe.jpg").string()));
    r = galley_cli({"convert", (dir / "in2").string(), "--to", "pdf", "-o", (dir / "out2").string(),
                    "--resource-path", (dir / "more").string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(pdf_images(dir / "out2/absolute.pdf"), 1);
    r = galley_cli({"convert", (dir / "in2").string(), "--to", "pdf", "-o", (dir / "out3").string()});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "is an absolute path")) << r.err;

    // Without the resource path, the image is missing: a warning, and exit 0.
    r = galley_cli({"convert", (dir / "in/story.md").string(), "--to", "pdf", "-o",
                    (dir / "out4").string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "figure 1: image 'steppe.jpg' was not found")) << r.err;

    // A resource folder that is not there is a usage error.
    r = galley_cli({"convert", (dir / "in/story.md").string(), "--to", "pdf", "-o",
                    (dir / "out5").string(), "--resource-path", (dir / "nowhere").string()});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "--resource-path: '" + (dir / "nowhere").string() +
                                    "' is not a folder"))
        << r.err;
}

TEST(PhotoSources, ResolveImagePathFollowsLinksAndSearchesTheResourcePath) {
    TempDir dir;
    fs::create_directories(dir / "story");
    fs::create_directories(dir / "shared");
    fs::create_directories(dir / "res");
    write_file(dir / "shared/a.jpg", "x");
    write_file(dir / "res/b.jpg", "x");
    write_file(dir / "story/b.jpg", "x");
    fs::create_directory_symlink(dir / "shared", dir / "story/img");
    const fs::path base = dir / "story";
    const std::string article = (base / "story.md").string();
    galley::ImagePolicy policy;
    policy.resource_paths = {dir / "res"};
    EXPECT_EQ(galley::resolve_image_path("img/a.jpg", base, article, policy),
              fs::canonical(dir / "shared/a.jpg"));
    // The article's folder first.
    EXPECT_EQ(galley::resolve_image_path("b.jpg", base, article, policy),
              fs::canonical(dir / "story/b.jpg"));
    fs::remove(dir / "story/b.jpg");
    EXPECT_EQ(galley::resolve_image_path("b.jpg", base, article, policy),
              fs::canonical(dir / "res/b.jpg"));
    // Nowhere: the article's folder's path, for the message.
    EXPECT_EQ(galley::resolve_image_path("c.jpg", base, article, policy),
              fs::canonical(base) / "c.jpg");
    // "img/.." is the article's folder, not the parent of where the link leads.
    EXPECT_EQ(galley::resolve_image_path("img/../b.jpg", base, article, policy),
              fs::canonical(dir / "res/b.jpg"));
}

// ---------------------------------------------------------------------------------------------
// The press kit

TEST(PhotoSources, APressKitLeavesOutAMissingPhotoInAReleaseAndStrictStopsIt) {
    TempDir dir;
    write_file(dir / "kit/press-kit.yaml",
               "organisation: {name: Harbour Office}\nreleases:\n  - releases/tide.md\n");
    write_file(dir / "kit/releases/tide.md", article_showing("photos/high-tide.jpg"));
    auto r = galley_cli({"presskit", (dir / "kit/press-kit.yaml").string(), "-o",
                         (dir / "kit.zip").string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "figure 1: image 'photos/high-tide.jpg' was not found")) << r.err;
    ASSERT_TRUE(fs::exists(dir / "kit.zip"));
    write_file(dir / "press-kit.epub", unzip(dir / "kit.zip", "press-kit.epub"));
    std::string document; // the release's, after the cover
    for (const std::string& name : zip_names(dir / "press-kit.epub"))
        if (name.ends_with(".xhtml") && name != "OEBPS/nav.xhtml" &&
            contains(unzip(dir / "press-kit.epub", name), "After the photo."))
            document = name.substr(6);
    expect_epub_without_photo(dir / "press-kit.epub", document);
    write_file(dir / "release.pdf", unzip(dir / "kit.zip", "releases/the-harbour.pdf"));
    expect_pdf_without_photo(dir / "release.pdf");
    write_file(dir / "release-print.pdf", unzip(dir / "kit.zip", "releases/the-harbour-print.pdf"));
    expect_pdf_without_photo(dir / "release-print.pdf");

    r = galley_cli({"presskit", (dir / "kit/press-kit.yaml").string(), "-o",
                    (dir / "strict.zip").string(), "--strict"});
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_TRUE(contains(r.err, "--strict, which makes every warning an error: the kit was not "
                                "written"))
        << r.err;
    EXPECT_FALSE(fs::exists(dir / "strict.zip"));

    // With the photo in a resource folder, it is found.
    fs::create_directories(dir / "library/photos");
    fs::copy_file(photo, dir / "library/photos/high-tide.jpg");
    r = galley_cli({"presskit", (dir / "kit/press-kit.yaml").string(), "-o",
                    (dir / "found.zip").string(), "--resource-path", (dir / "library").string(),
                    "--strict"});
    EXPECT_EQ(r.status, 0) << r.err;
    write_file(dir / "found.pdf", unzip(dir / "found.zip", "releases/the-harbour.pdf"));
    EXPECT_EQ(pdf_images(dir / "found.pdf"), 1);
}
