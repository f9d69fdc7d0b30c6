// Bad input of every kind: a clear error naming the file (and place), never a crash.
#include "galley/read.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

using namespace galley;

namespace {

Error read_error(const std::string& content, const std::string& name) {
    try {
        read_article(content, name);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << name << ": no error";
    return Error(ErrorCode::internal, "", "");
}

} // namespace

TEST(InputErrors, EmptyFileInEveryFormat) {
    for (const char* name : {"a.txt", "a.md", "a.xml", "a.json"}) {
        for (const char* content : {"", "   \n\n", "\xEF\xBB\xBF"}) {
            Error e = read_error(content, name);
            EXPECT_EQ(e.code(), ErrorCode::empty_input) << name;
            EXPECT_TRUE(std::string(e.what()).starts_with(name)) << e.what();
        }
    }
}

TEST(InputErrors, BinaryData) {
    std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    for (const char* name : {"a.txt", "a.md", "a.json", "a.xml"}) {
        Error e = read_error(png, name);
        EXPECT_EQ(e.code(), ErrorCode::binary_input) << name << ": " << e.what();
    }
}

TEST(InputErrors, InvalidUtf8GivesTheByteOffset) {
    std::string text = "Headline\n\nSecond line with a bad byte: \xC3\x28 here.\n";
    Error e = read_error(text, "bad.txt");
    EXPECT_EQ(e.code(), ErrorCode::encoding);
    EXPECT_EQ(e.position().offset, 39);
    EXPECT_EQ(e.position().line, 3);
    EXPECT_EQ(e.position().column, 30);
    EXPECT_NE(std::string(e.what()).find("byte offset 39"), std::string::npos) << e.what();
    EXPECT_TRUE(std::string(e.what()).starts_with("bad.txt:3:30:")) << e.what();

    // Overlong encodings and surrogates are invalid too.
    EXPECT_EQ(read_error("Title\n\n\xC0\xAF\n", "a.txt").code(), ErrorCode::encoding);
    EXPECT_EQ(read_error("Title\n\n\xED\xA0\x80\n", "a.md").code(), ErrorCode::encoding);
    EXPECT_EQ(read_error("Title\n\nTruncated \xE2\x80", "a.txt").code(), ErrorCode::encoding);
}

TEST(InputErrors, FilesThatCannotBeRead) {
    test::TempDir dir;
    try {
        read_article_file((dir / "missing.txt").string());
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::io);
        EXPECT_NE(std::string(e.what()).find("missing.txt"), std::string::npos);
    }
    try {
        read_article_file(dir.path().string());
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::io);
        EXPECT_NE(std::string(e.what()).find("folder"), std::string::npos);
    }
    EXPECT_THROW(read_article_file("/dev/null"), Error);
}

TEST(InputFormats, ChosenByNameThenExtensionThenContent) {
    EXPECT_EQ(input_format_from_name("md"), InputFormat::markdown);
    EXPECT_EQ(input_format_from_name("NewsML"), InputFormat::nitf);
    EXPECT_THROW(input_format_from_name("docx"), Error);
    EXPECT_EQ(input_format_from_extension("a/b/story.NITF"), InputFormat::nitf);
    EXPECT_EQ(input_format_from_extension("story.markdown"), InputFormat::markdown);
    EXPECT_FALSE(input_format_from_extension("story.doc").has_value());
    EXPECT_EQ(sniff_input_format("  <?xml version='1.0'?><nitf/>"), InputFormat::nitf);
    EXPECT_EQ(sniff_input_format("{\"galley\": \"1.0\"}"), InputFormat::json);
    EXPECT_EQ(sniff_input_format("---\ntitle: x\n---\n"), InputFormat::markdown);
    EXPECT_EQ(sniff_input_format("Headline\n\nText"), InputFormat::wire);

    // An explicit format wins over the extension.
    ReadOptions as_wire;
    as_wire.format = InputFormat::wire;
    Article a = read_article("# Not a heading\n\nText.\n", "x.md", as_wire).article;
    EXPECT_EQ(a.meta.headline, "# Not a heading");
    // No extension: the content decides.
    Article j = read_article(R"({"galley": "1.0", "meta": {"headline": "J"}})", "stdin").article;
    EXPECT_EQ(j.meta.headline, "J");
}
