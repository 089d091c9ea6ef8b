// The file-format module: names.hpp's paths and schema.hpp's description of the files
// (tests/cli/test_format_doc.sh checks the JSON against the docs and real files).
#include "sorn/format/schema.hpp" // the unit under test first

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>

#include "sorn/format/names.hpp"

namespace {

using namespace sorn;

const format::Object* find(const std::vector<format::Object>& objects, const std::string& path,
                           const std::string& name = "") {
    const auto it = std::find_if(objects.begin(), objects.end(), [&](const format::Object& o) {
        return o.path == path && o.name == name;
    });
    return it == objects.end() ? nullptr : &*it;
}

TEST(FormatNames, PathJoinsNames) {
    using namespace format;
    EXPECT_EQ(path(group::state, state::W_ee, csr::indptr), "/state/W_ee/indptr");
    EXPECT_EQ(path(group::recordings), "/recordings");
    EXPECT_EQ(path(), "/");
}

TEST(FormatSchema, EveryParameterIsAnAttributeOfParameters) {
    const auto objects = format::objects();
    const auto params = format::parameters();
    ASSERT_GT(params.size(), 30u);
    for (const io::Parameter& p : params) {
        const format::Object* o = find(objects, format::path(format::group::parameters), p.name);
        ASSERT_NE(o, nullptr) << p.name;
        EXPECT_EQ(o->kind, format::ObjectKind::Attribute) << p.name;
        EXPECT_EQ(o->files, format::Result | format::Checkpoint) << p.name;
    }
}

TEST(FormatSchema, EveryRecordingIsInResultFilesOnly) {
    const auto objects = format::objects();
    for (io::Recording r : io::all_recordings()) {
        const format::Object* o =
            find(objects, format::path(format::group::recordings, io::recording_name(r)));
        ASSERT_NE(o, nullptr) << io::recording_name(r);
        EXPECT_EQ(o->files, unsigned{format::Result}) << io::recording_name(r);
        EXPECT_NE(o->presence, "always") << io::recording_name(r);
    }
}

TEST(FormatSchema, RootAttributesCarryTheOneVersion) {
    const auto objects = format::objects();
    int roots = 0;
    for (const format::Object& o : objects)
        if (o.path == "/" && o.name == format::root::format_version) {
            EXPECT_EQ(o.value, std::to_string(format::version));
            EXPECT_EQ(o.type, "int64");
            ++roots;
        }
    EXPECT_EQ(roots, 2); // saved networks and analysis files
}

TEST(FormatSchema, NoObjectIsListedTwiceForOneKindOfFile) {
    const auto objects = format::objects();
    for (unsigned kind : {format::Result, format::Checkpoint, format::Analysis}) {
        std::set<std::tuple<int, std::string, std::string>> seen;
        for (const format::Object& o : objects) {
            if (!(o.files & kind)) continue;
            EXPECT_TRUE(seen.insert({static_cast<int>(o.kind), o.path, o.name}).second)
                << o.path << " @" << o.name;
        }
    }
}

TEST(FormatSchema, JsonNamesTheVersionAndTheIdentifiers) {
    const std::string j = format::schema_json();
    EXPECT_NE(j.find("\"format_version\": " + std::to_string(format::version) + ",\n"),
              std::string::npos);
    EXPECT_NE(j.find("\"W_ee\": \"" + std::string(format::state::W_ee) + "\""), std::string::npos);
    EXPECT_NE(
        j.find("\"template_file\": \"" + std::string(format::provenance::template_file) + "\""),
        std::string::npos);
    EXPECT_EQ(j.back(), '\n');
}

TEST(FormatSchema, PrintSchemaIsFoundAnywhereOnTheCommandLine) {
    std::string word;
    const char* a[] = {"sorn-simulate", "--ne", "10", "--print-schema", "json"};
    EXPECT_TRUE(format::schema_requested(5, a, &word));
    EXPECT_EQ(word, "json");
    const char* b[] = {"sorn-simulate", "--print-schema=json"};
    EXPECT_TRUE(format::schema_requested(2, b, &word));
    EXPECT_EQ(word, "json");
    const char* c[] = {"sorn-simulate", "--print-schema"};
    EXPECT_TRUE(format::schema_requested(2, c, &word));
    EXPECT_EQ(word, "");
    const char* d[] = {"sorn-simulate", "--steps", "10"};
    EXPECT_FALSE(format::schema_requested(3, d, &word));
}

} // namespace
