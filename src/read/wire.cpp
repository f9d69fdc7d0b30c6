// Wire copy: the plain-text shape agencies and newsrooms pass around.
//
//   Headline on the first line
//
//   By Jane Doe                      (optional byline block; a second line is her title)
//
//   PLACE (AGENCY), Dec. 10 — Lead paragraph…
//
//   Photo credit: NAME               (a photo credit, kept where it stands as a figure)
//
//   Body paragraphs, separated by blank lines (a paragraph may wrap over several lines).
//
//
//   A last paragraph set off by two or more blank lines is the tagline.
#include "read/reader.hpp"

namespace galley::detail {

namespace {

struct Group {
    std::string text;      // the group's lines joined by one space
    int line = 0;          // first line number (1-based)
    int blank_before = 0;  // blank lines before the group
    std::vector<std::string_view> lines;
};

std::vector<Group> split_groups(std::string_view text) {
    std::vector<Group> groups;
    int line_no = 0;
    int blanks = 0;
    bool in_group = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++line_no;
        line = trim_unicode_space(line);
        if (line.empty()) {
            if (in_group) blanks = 0;
            ++blanks;
            in_group = false;
        } else if (in_group) {
            groups.back().text += ' ';
            groups.back().text += line;
            groups.back().lines.push_back(line);
        } else {
            groups.push_back(Group{std::string(line), line_no, groups.empty() ? 0 : blanks, {line}});
            in_group = true;
            blanks = 0;
        }
        if (end == text.size()) break;
        pos = end + 1;
    }
    return groups;
}

} // namespace

ReadResult read_wire(std::string_view bytes, const std::string& file) {
    std::string_view text = checked_utf8_text(bytes, file);
    std::vector<Group> groups = split_groups(text);
    ReadResult result;
    Article& article = result.article;
    if (groups.empty()) throw Error(ErrorCode::empty_input, file, "the file is empty (no text to read)");

    std::size_t g = 0;
    article.meta.headline = groups[g++].text;

    // A byline block right after the headline; a second line in it is the writer's title.
    if (g < groups.size() && groups[g].lines.size() <= 2) {
        if (auto bylines = body_byline(groups[g].lines[0])) {
            if (groups[g].lines.size() == 2)
                for (Byline& b : *bylines)
                    if (b.title.empty()) b.title = std::string(groups[g].lines[1]);
            article.meta.bylines = std::move(*bylines);
            ++g;
        }
    }

    // The lead's dateline and end marks ("###", "-30-") are the copy desk's (copy_desk.cpp);
    // the tagline is the last group before any such furniture.
    std::size_t last_text = groups.size();
    while (last_text > g && is_agency_furniture(groups[last_text - 1].text)) --last_text;
    const std::size_t end = groups.size();
    for (std::size_t i = g; i < end; ++i) {
        Group& group = groups[i];
        if (auto credit = parse_credit_line(group.text); credit && group.lines.size() == 1) {
            Figure figure;
            figure.credit = std::move(*credit);
            article.blocks.push_back(std::move(figure));
            continue;
        }
        bool last = i + 1 == last_text;
        if (last && group.blank_before >= 2 && !article.blocks.empty()) {
            article.blocks.push_back(Tagline{{}, text_inlines(group.text)});
        } else {
            article.blocks.push_back(Paragraph{{}, text_inlines(group.text)});
        }
    }
    if (article.blocks.empty())
        result.warnings.push_back(Warning{file, {2, 1, -1}, "the article has a headline but no body text"});
    return result;
}

} // namespace galley::detail
