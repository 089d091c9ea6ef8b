#include "sorn/plasticity/ip.hpp"

#include <algorithm>

namespace sorn::plasticity {

void apply_ip(std::vector<Real>& T_e, model::Range rows, const model::Activity& x_new,
              const std::vector<Real>& h_ip, const model::IpParams& p, double te_min,
              double te_max) {
    for (Index r = 0; r < rows.size(); ++r) {
        T_e[r] += p.eta * (double(x_new[rows.begin + r]) - h_ip[r]);
        if (p.clip) T_e[r] = std::clamp(T_e[r], te_min, te_max);
    }
}

} // namespace sorn::plasticity
