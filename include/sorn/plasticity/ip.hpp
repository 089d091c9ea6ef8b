#pragma once
// Intrinsic plasticity of the excitatory thresholds.
//
//   T_e[i] += eta_ip * ( x_i(t+1) - h_ip[i] )
//   optionally clipped to [te_min, te_max] (--ip-clip).
// h_ip[i] ~ Normal(mu_ip, sigma_ip) truncated to (0, 1), drawn once per unit (sigma_ip = 0:
// all equal mu_ip). With --ip-target package the caller passes 2 N_u / N_e for every unit
// instead, as the package's Plasticity.ip does (its iSTDP keeps mu_ip).
//
//   symbol    option        default  unit
//   eta_ip    --eta-ip      0.01     threshold / step
//   mu_ip     --mu-ip       0.1      spikes / step
//   sigma_ip  --sigma-ip    0.0      spikes / step
//   target    --ip-target   mu       mu: h_ip; package: 2 N_u / N_e
//
// Lazar et al. 2009, eq. 4.
#include <vector>

#include "sorn/model/activity.hpp"
#include "sorn/model/layout.hpp"
#include "sorn/model/params.hpp"

namespace sorn::plasticity {

/// Applies IP to this rank's thresholds T_e (unit rows.begin + r at T_e[r]) towards the
/// target rates h_ip[r]. Local.
void apply_ip(std::vector<Real>& T_e, model::Range rows, const model::Activity& x_new,
              const std::vector<Real>& h_ip, const model::IpParams& p, double te_min,
              double te_max);

} // namespace sorn::plasticity
