#include "sorn/analysis/results.hpp"

#include "sorn/error.hpp"

namespace sorn::analysis {

Group& Group::scalar(std::string n, ScalarValue value, std::string meaning) {
    scalars.push_back({std::move(n), std::move(value), std::move(meaning)});
    return *this;
}

Array& Group::array(std::string n, ArrayData data, std::string meaning) {
    arrays.push_back({std::move(n), std::move(data), std::move(meaning), {}, {}});
    return arrays.back();
}

const Scalar* Group::find(const std::string& n) const {
    for (const Scalar& s : scalars)
        if (s.name == n) return &s;
    return nullptr;
}

const Array* Group::find_array(const std::string& n) const {
    for (const Array& a : arrays)
        if (a.name == n) return &a;
    return nullptr;
}

const Group* Group::find_group(const std::string& n) const {
    for (const Group& g : groups)
        if (g.name == n) return &g;
    return nullptr;
}

double Group::number(const std::string& n) const {
    const Scalar* s = find(n);
    if (!s) throw InternalError("result " + name + "/" + n + " does not exist");
    if (const auto* i = std::get_if<std::int64_t>(&s->value)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&s->value)) return *d;
    throw InternalError("result " + name + "/" + n + " is not a number");
}

const Group* Results::find(const std::string& n) const {
    for (const Group& g : groups)
        if (g.name == n) return &g;
    return nullptr;
}

} // namespace sorn::analysis
