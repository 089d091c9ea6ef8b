#include "sorn/analysis/report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace sorn::analysis {

namespace {

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", c);
            out += esc;
        } else {
            out += ch; // UTF-8 passes through
        }
    }
    return out + "\"";
}

std::string json_number(double v) {
    if (!std::isfinite(v)) return "null";
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

std::string json_value(const ScalarValue& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) return json_number(*d);
    return json_string(std::get<std::string>(v));
}

// Shortest readable form for the table: integers as is, doubles with 6 significant digits.
std::string table_value(const ScalarValue& v) {
    if (const auto* d = std::get_if<double>(&v)) {
        if (std::isnan(*d)) return "n/a";
        char text[32];
        std::snprintf(text, sizeof text, "%.6g", *d);
        return text;
    }
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return std::get<std::string>(v);
}

void json_group(std::ostringstream& out, const Group& g, const std::string& indent) {
    out << "{";
    const char* sep = "\n";
    for (const Scalar& s : g.scalars) {
        out << sep << indent << "  " << json_string(s.name) << ": " << json_value(s.value);
        sep = ",\n";
    }
    for (const Group& sub : g.groups) {
        out << sep << indent << "  " << json_string(sub.name) << ": ";
        json_group(out, sub, indent + "  ");
        sep = ",\n";
    }
    out << "\n" << indent << "}";
}

void table_group(std::ostringstream& out, const Group& g, const std::string& heading) {
    out << "\n" << heading << "\n";
    for (const Scalar& s : g.scalars) {
        char line[256];
        std::snprintf(line, sizeof line, "  %-26s %-16s %s\n", s.name.c_str(),
                      table_value(s.value).c_str(), s.meaning.c_str());
        out << line;
    }
    for (const Group& sub : g.groups) table_group(out, sub, heading + " / " + sub.title);
}

} // namespace

std::string results_json(const Results& results) {
    std::ostringstream out;
    out << "{";
    const char* sep = "\n";
    for (const Scalar& s : results.header) {
        out << sep << "  " << json_string(s.name) << ": " << json_value(s.value);
        sep = ",\n";
    }
    for (const Group& g : results.groups) {
        out << sep << "  " << json_string(g.name) << ": ";
        json_group(out, g, "  ");
        sep = ",\n";
    }
    out << sep << "  \"skipped\": {";
    const char* inner = "\n";
    for (const auto& [name, why] : results.skipped) {
        out << inner << "    " << json_string(name) << ": " << json_string(why);
        inner = ",\n";
    }
    out << (results.skipped.empty() ? "}" : "\n  }") << "\n}\n";
    return out.str();
}

std::string summary_table(const Results& results) {
    std::ostringstream out;
    out << "sorn-analyze\n";
    for (const Scalar& s : results.header) {
        char line[512];
        std::snprintf(line, sizeof line, "  %-26s %s\n", s.name.c_str(),
                      table_value(s.value).c_str());
        out << line;
    }
    for (const Group& g : results.groups) table_group(out, g, g.title);
    if (!results.skipped.empty()) {
        out << "\nskipped\n";
        for (const auto& [name, why] : results.skipped) out << "  " << name << ": " << why << "\n";
    }
    return out.str();
}

} // namespace sorn::analysis
